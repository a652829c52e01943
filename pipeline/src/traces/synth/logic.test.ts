import { describe, expect, it } from "vitest";
import { logic, RELATIONS } from "./logic.ts";
import { type StepVerifier, sampleAll, stepProblems } from "./test-kit.ts";

type Params = { order: string[]; relation: string };

/** The "more" pairs the prompt states, read from its text. */
function statedPairs(prompt: string, p: Params): Set<string> {
  const rel = RELATIONS.find((r) => r.more === p.relation)!;
  const pairs = new Set<string>();
  for (const a of p.order) {
    for (const b of p.order) {
      if (
        prompt.includes(`${a} is ${rel.more} than ${b}.`) ||
        prompt.includes(`${b} is ${rel.less} than ${a}.`)
      ) {
        pairs.add(`${a}>${b}`);
      }
    }
  }
  return pairs;
}

/** Order from the stated pairs alone: repeatedly take the one nobody beats. */
function orderFrom(pairs: Set<string>, names: string[]): string[] {
  const left = [...names];
  const out: string[] = [];
  while (left.length) {
    const top = left.filter((x) => !left.some((y) => pairs.has(`${y}>${x}`)));
    if (top.length !== 1) throw new Error(`order not determined: ${top.join(", ")}`);
    out.push(top[0]);
    left.splice(left.indexOf(top[0]), 1);
  }
  return out;
}

const chains: StepVerifier = (step, i, item) => {
  const p = item.params as Params;
  const rel = RELATIONS.find((r) => r.more === p.relation)!;
  const head = `${rel.most.charAt(0).toUpperCase()}${rel.most.slice(1)} to ${rel.least}: `;
  if (!step.startsWith(head)) return "not a chain step";
  const chain = step.slice(head.length).split(", ");
  if (chain.length !== i + 2) return `chain of ${chain.length} at step ${i + 1}`;
  const pairs = statedPairs(item.prompt, p);
  for (let k = 0; k + 1 < chain.length; k++)
    if (!pairs.has(`${chain[k]}>${chain[k + 1]}`)) return `${chain[k]} > ${chain[k + 1]} not stated`;
  return null;
};

describe("logic", () => {
  const items = sampleAll(logic, 25);

  it.each(logic.difficulties.map((d) => [d]))("difficulty %i: one stated fact joined per step", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item, chains)).toEqual([]);
    }
  });

  it("answers follow from the facts in the prompt", () => {
    for (const item of items) {
      const p = item.params as Params;
      const rel = RELATIONS.find((r) => r.more === p.relation)!;
      const pairs = statedPairs(item.prompt, p);
      expect(pairs.size).toBe(item.difficulty);
      const order = orderFrom(pairs, p.order);
      const ask = item.prompt.slice(
        Math.max(item.prompt.lastIndexOf("Is "), item.prompt.lastIndexOf("Who ")),
      );
      const yesNo = /^Is (.+) (\w+) than ([^?]+)\?/.exec(ask);
      if (yesNo) {
        const before = order.indexOf(yesNo[1]) < order.indexOf(yesNo[3]);
        expect(item.answer).toBe(before === (yesNo[2] === rel.more) ? "Yes" : "No");
      } else {
        const top = [rel.most, rel.more].some((w) => ask.includes(` ${w}?`));
        expect(item.answer).toBe(top ? order[0] : order[order.length - 1]);
      }
    }
  });

  it("asks yes/no questions with both answers", () => {
    const answers = new Set(items.filter((x) => x.tags?.includes("yes-no")).map((x) => x.answer));
    expect(answers).toEqual(new Set(["Yes", "No"]));
  });
});
