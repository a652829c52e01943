// Family `totals`: sums and differences of counted things. Three templates:
//   events   — "Ana has 7 apples. She buys 5 more, then gives away 3. How many …?" (one step per event)
//   group    — "Ana has 4 pens, Ben has 6 and Cara has 3. How many … in total?" (people − 1 steps)
//   compare  — two people's parts summed, then the difference ("How many more …?")
// Difficulty = number of steps (1..6). Every running total stays in 0..maxTotal.
import { defineGenerator, enumOption, intOption, retry, STYLE_OPTION } from "./generator.ts";
import { capitalize, finishPrompt, joinAnd, pickPeople, pickPerson, type Style, THINGS } from "./words.ts";
import { createWork } from "./work.ts";

type TotalsOptions = { maxOperand: number; maxTotal: number; template: string; style: string };

const TEMPLATES = ["events", "group", "compare"] as const;

const GAINS = [
  ["buys", "more", "After buying"],
  ["finds", "more", "After finding"],
  ["gets", "more", "After getting"],
] as const;
const LOSSES = [
  ["gives away", "", "After giving away"],
  ["loses", "", "After losing"],
  ["sells", "", "After selling"],
] as const;
const TIMES = ["in the morning", "at noon", "in the afternoon", "in the evening", "at night"];

export const totals = defineGenerator<TotalsOptions>({
  name: "totals",
  description: "sums and differences of counted things: events on a stock, group totals, how many more",
  categories: ["arithmetic/totals"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    maxOperand: intOption("largest number in the prompt", 99, 2, 999),
    maxTotal: intOption("largest running total (no step result above it)", 9999, 2, 9999),
    template: enumOption("template to use (any = random)", ["any", ...TEMPLATES], "any"),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const max = opts.maxOperand;
    const cap = opts.maxTotal;
    const template = opts.template === "any" ? rng.pick(TEMPLATES) : opts.template;
    const [things, thing] = rng.pick(THINGS);
    const count = (n: number) => `${n} ${n === 1 ? thing : things}`;
    const w = createWork();
    const category = "arithmetic/totals";

    if (template === "events") {
      const who = pickPerson(rng, style);
      const start = rng.int(1, Math.min(max, cap));
      let total = start;
      const changes: number[] = [];
      const phrases: string[] = [];
      for (let i = 0; i < difficulty; i++) {
        let k = rng.int(1, max);
        while (k > total && total + k > cap) k = rng.int(1, max); // only when the cap binds
        const lose = total + k > cap || (k <= total && rng.chance(0.5));
        const [verb, more, label] = lose ? rng.pick(LOSSES) : rng.pick(GAINS);
        total = w.calc(label, total, lose ? "-" : "+", k);
        changes.push(lose ? -k : k);
        phrases.push(`${verb} ${k}${more ? ` ${more}` : ""}`);
      }
      const text =
        `${who.name} has ${count(start)}. ${capitalize(who.he)} ${phrases.join(", then ")}. ` +
        `How many ${things} does ${who.he} have now?`;
      return {
        prompt: finishPrompt(rng, style, text),
        steps: w.steps,
        answer: String(total),
        category,
        template,
        params: { start, changes },
      };
    }

    if (template === "group") {
      const people = pickPeople(rng, style, difficulty + 1);
      const counts = retry("totals/group", () => {
        const drawn = people.map(() => rng.int(1, max));
        return sum(drawn) <= cap ? drawn : null;
      });
      let total = w.calc(`${people[0].name} and ${people[1].name}`, counts[0], "+", counts[1]);
      for (let i = 2; i < people.length; i++) total = w.calc(`Add ${people[i].name}`, total, "+", counts[i]);
      const owns = people.map((p, i) =>
        i === 0 ? `${p.name} has ${count(counts[i])}` : `${p.name} has ${counts[i]}`,
      );
      const text = `${joinAnd(owns)}. How many ${things} do they have in total?`;
      return {
        prompt: finishPrompt(rng, style, text),
        steps: w.steps,
        answer: String(total),
        category,
        template,
        params: { counts },
      };
    }

    // compare: k parts for the first person, m <= k for the second, k + m = difficulty + 1.
    return retry("totals/compare", () => {
      const [a, b] = pickPeople(rng, style, 2);
      const k = rng.int(Math.ceil((difficulty + 1) / 2), Math.min(TIMES.length, difficulty));
      const m = difficulty + 1 - k;
      const partsA = Array.from({ length: k }, () => rng.int(1, max));
      const partsB = Array.from({ length: m }, () => rng.int(1, max));
      if (sum(partsA) <= sum(partsB) || sum(partsA) > cap) return null;
      const work = createWork();
      const totalOf = (name: string, parts: number[]) => {
        let t = parts[0];
        for (let i = 1; i < parts.length; i++) t = work.calc(name, t, "+", parts[i]);
        return t;
      };
      const ta = totalOf(a.name, partsA);
      const tb = totalOf(b.name, partsB);
      const diff = work.calc("Difference", ta, "-", tb);
      const says = (p: string, parts: number[], first: boolean) => {
        const times = rng
          .shuffle(TIMES)
          .slice(0, parts.length)
          .sort((x, y) => TIMES.indexOf(x) - TIMES.indexOf(y));
        const bits = parts.map((n, i) => `${first && i === 0 ? count(n) : n} ${times[i]}`);
        return `${p} collected ${parts.length === 1 ? (first ? count(parts[0]) : parts[0]) : joinAnd(bits)}`;
      };
      const text = `${says(a.name, partsA, true)}. ${says(b.name, partsB, false)}. How many more ${things} did ${a.name} collect than ${b.name}?`;
      return {
        prompt: finishPrompt(rng, style, text),
        steps: work.steps,
        answer: String(diff),
        category,
        template: "compare",
        params: { a: partsA, b: partsB },
      };
    });
  },
});

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
