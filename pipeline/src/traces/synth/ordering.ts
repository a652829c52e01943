// Family `ordering`: picking the k-th smallest or largest by repeated selection, and sorting.
//   kth     "What is the second smallest of 42, 7, 19, 3?"   Smallest of 42, 7, 19, 3 is 3; Smallest of 42, 7, 19 is 7
//   people  "Ana is 12 years old, Ben is 9 and Cara is 15. Who is the oldest?"   Oldest of Ana 12, Ben 9, Cara 15 is Cara
//   sort    "Sort from smallest to largest: 42, 7, 19." (answer "7, 19, 42", tagged list-answer)
// Difficulty = number of steps (1..6): k for kth/people, (count − 1) for sort. Values are distinct.

import type { Rng } from "../../random.ts";
import { defineGenerator, enumOption, intOption, STYLE_OPTION } from "./generator.ts";
import { capitalize, finishPrompt, joinAnd, pickPeople, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type OrderingOptions = { maxValue: number; template: string; style: string };

const TEMPLATES = ["kth", "people", "sort"] as const;
const ORDINALS = ["", "second ", "third ", "fourth ", "fifth ", "sixth "];
const TRAITS = [
  { most: "oldest", least: "youngest", say: (n: number) => `${n} years old`, min: 3, max: 90 },
  { most: "tallest", least: "shortest", say: (n: number) => `${n} cm tall`, min: 90, max: 199 },
];

export const ordering = defineGenerator<OrderingOptions>({
  name: "ordering",
  description: "k-th smallest or largest number, k-th oldest or tallest person, sorting a short list",
  categories: ["logic/ordering"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    maxValue: intOption("largest number in a kth or sort list", 99, 9, 100_000),
    template: enumOption("template to use (any = random)", ["any", ...TEMPLATES], "any"),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const template = opts.template === "any" ? rng.pick(TEMPLATES) : opts.template;
    const w = createWork();
    const done = (text: string, answer: string, params: Record<string, unknown>, tags?: string[]) => ({
      prompt: finishPrompt(rng, style, text),
      steps: w.steps,
      answer,
      category: "logic/ordering",
      tags,
      template,
      params,
    });

    if (template === "people") {
      const trait = rng.pick(TRAITS);
      const high = rng.chance(0.5);
      const people = pickPeople(rng, style, difficulty + rng.int(1, 2));
      const values = distinct(rng, people.length, trait.min, trait.max);
      let left = people.map((p, i) => ({ name: p.name, value: values[i] }));
      const word = high ? trait.most : trait.least;
      let pick = left[0];
      for (let i = 0; i < difficulty; i++) {
        pick = left.reduce((best, x) => ((high ? x.value > best.value : x.value < best.value) ? x : best));
        w.note(
          `${capitalize(word)} of ${left.map((x) => `${x.name} ${x.value}`).join(", ")} is ${pick.name}`,
        );
        left = left.filter((x) => x !== pick);
      }
      const facts = people.map((p, i) =>
        i === 0 ? `${p.name} is ${trait.say(values[i])}` : `${p.name} is ${values[i]}`,
      );
      const text = `${joinAnd(facts)}. Who is the ${ORDINALS[difficulty - 1]}${word}?`;
      return done(text, pick.name, {
        trait: word,
        k: difficulty,
        people: people.map((p, i) => [p.name, values[i]]),
      });
    }

    const sort = template === "sort";
    const count = sort ? difficulty + 1 : difficulty + rng.int(1, 2);
    const values = distinct(rng, count, 1, opts.maxValue);
    const high = rng.chance(0.3);
    const word = high ? "largest" : "smallest";
    let left = values;
    const picked: number[] = [];
    for (let i = 0; i < difficulty; i++) {
      const x = high ? Math.max(...left) : Math.min(...left);
      w.note(`${capitalize(word)} of ${left.join(", ")} is ${x}`);
      picked.push(x);
      left = left.filter((v) => v !== x);
    }
    if (sort) {
      const text = `Sort from ${word} to ${high ? "smallest" : "largest"}: ${values.join(", ")}.`;
      return done(text, [...picked, ...left].join(", "), { values, descending: high }, ["list-answer"]);
    }
    const text = `What is the ${ORDINALS[difficulty - 1]}${word} of ${values.join(", ")}?`;
    return done(text, String(picked[difficulty - 1]), { values, k: difficulty, largest: high });
  },
});

function distinct(rng: Rng, count: number, min: number, max: number): number[] {
  const seen = new Set<number>();
  while (seen.size < count) seen.add(rng.int(min, max));
  return rng.shuffle([...seen]);
}
