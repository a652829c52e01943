// Family `logic`: chains of comparisons ("Ana is taller than Ben. Cara is shorter than Ben.") joined
// one fact per step into an order, then a question about the ends or about two people.
//   facts in shuffled order, each written either way round (taller / shorter)
//   step i: "Tallest to shortest: Ana, Ben, Cara" — the order so far, one more person each step
//   asks: "Who is the shortest?", "Who is taller?" (two people), "Is Ana taller than Cara?" (Yes/No)
// Difficulty = number of facts = number of steps (1..6); the facts always pin down one order.
import { defineGenerator, STYLE_OPTION } from "./generator.ts";
import { capitalize, finishPrompt, pickPeople, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type LogicOptions = { style: string };

export const RELATIONS = [
  { more: "taller", less: "shorter", most: "tallest", least: "shortest" },
  { more: "older", less: "younger", most: "oldest", least: "youngest" },
  { more: "faster", less: "slower", most: "fastest", least: "slowest" },
  { more: "heavier", less: "lighter", most: "heaviest", least: "lightest" },
];

export const logic = defineGenerator<LogicOptions>({
  name: "logic",
  description: "orders from chains of comparisons: who is tallest, shortest, or taller than whom",
  categories: ["logic/comparison"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: { style: STYLE_OPTION },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const rel = rng.pick(RELATIONS);
    const order = pickPeople(rng, style, difficulty + 1).map((p) => p.name); // most first
    const facts = rng.shuffle(order.slice(1).map((_, i) => [order[i], order[i + 1]] as const));
    const factText = facts.map(([hi, lo]) =>
      rng.chance(0.5) ? `${hi} is ${rel.more} than ${lo}.` : `${lo} is ${rel.less} than ${hi}.`,
    );

    // Join facts into one chain: the first fact, then each time the first unused fact that touches it.
    const w = createWork();
    let chain = [...facts[0]];
    const used = new Set([0]);
    while (used.size < facts.length) {
      const i = facts.findIndex(
        ([hi, lo], j) => !used.has(j) && (hi === chain[chain.length - 1] || lo === chain[0]),
      );
      const [hi, lo] = facts[i];
      chain = hi === chain[chain.length - 1] ? [...chain, lo] : [hi, ...chain];
      used.add(i);
      w.note(`${capitalize(rel.most)} to ${rel.least}: ${chain.join(", ")}`);
    }
    w.steps.unshift(`${capitalize(rel.most)} to ${rel.least}: ${facts[0].join(", ")}`);

    const kind = rng.pick(order.length === 2 ? ["most", "least"] : ["most", "least", "yes-no"]);
    let ask: string;
    let answer: string;
    if (kind === "yes-no") {
      const [a, b] = rng.shuffle(order).slice(0, 2);
      const word = rng.chance(0.5) ? rel.more : rel.less;
      const yes = order.indexOf(a) < order.indexOf(b) === (word === rel.more);
      ask = `Is ${a} ${word} than ${b}?`;
      answer = yes ? "Yes" : "No";
    } else if (order.length === 2) {
      ask = `Who is ${kind === "most" ? rel.more : rel.less}?`;
      answer = kind === "most" ? order[0] : order[1];
    } else {
      ask = `Who is the ${kind === "most" ? rel.most : rel.least}?`;
      answer = kind === "most" ? order[0] : order[order.length - 1];
    }
    return {
      prompt: finishPrompt(rng, style, `${factText.join(" ")} ${ask}`),
      steps: w.steps,
      answer,
      category: "logic/comparison",
      tags: kind === "yes-no" ? ["yes-no"] : undefined,
      template: kind,
      params: { order, relation: rel.more },
    };
  },
});
