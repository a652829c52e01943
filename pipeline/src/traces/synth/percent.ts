// Family `percent`: percentages with whole-number results.
//   of      (1)  "What is 20% of 150?"                      20% of 150: 150 * 20 / 100 = 30
//   change  (2)  a discount, a rise, or the rest of a group  Discount: 80 * 25 / 100 = 20; Sale price: 80 - 20 = 60
//   bulk    (3)  n items at a price, then a discount on the total
//   twice   (4)  a rise then a fall (or the reverse), each on the new amount
//   taxed   (5)  n items, a discount, then a tax on the discounted price
// Difficulty = number of steps (1..5). A percentage step multiplies then divides by 100, left to right.
import { defineGenerator, intOption, retry, STYLE_OPTION } from "./generator.ts";
import { capitalize, finishPrompt, GOODS, pickCurrency, pickPerson, type Style, THINGS } from "./words.ts";
import { createWork } from "./work.ts";

type PercentOptions = { maxBase: number; style: string };

const PERCENTS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 75];

export const percent = defineGenerator<PercentOptions>({
  name: "percent",
  description: "percent of, discounts and rises, discounts on a bulk buy, successive changes, tax",
  categories: ["arithmetic/percent"],
  difficulties: [1, 2, 3, 4, 5],
  options: {
    maxBase: intOption("largest amount a percentage is taken of", 500, 20, 100_000),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const cur = pickCurrency(rng, style);
    const [goods, good] = rng.pick(GOODS);
    const pct = () => rng.pick(PERCENTS);
    const base = (p: number) => {
      const unit = 100 / gcd(p, 100);
      return unit * rng.int(1, Math.max(1, Math.floor(opts.maxBase / unit)));
    };
    const ofIsWhole = (n: number, p: number) => (n * p) % 100 === 0;
    const pctStep = (w: ReturnType<typeof createWork>, label: string, n: number, p: number) =>
      w.calc2(label, n, "*", p, "/", 100);
    const done = (
      template: string,
      text: string,
      answer: number,
      steps: string[],
      params: Record<string, unknown>,
    ) => ({
      prompt: finishPrompt(rng, style, text),
      steps,
      answer: String(answer),
      category: "arithmetic/percent",
      template,
      params,
    });

    if (difficulty === 1) {
      const p = pct();
      const n = base(p);
      const w = createWork();
      const x = pctStep(w, `${p}% of ${n}`, n, p);
      const who = pickPerson(rng, style);
      const [things] = rng.pick(THINGS);
      const text = rng.chance(0.5)
        ? `What is ${p}% of ${n}?`
        : `${who.name} has ${n} ${things} and gives away ${p}% of them. How many ${things} does ${who.he} give away?`;
      return done("of", text, x, w.steps, { kind: "of", base: n, percent: p });
    }

    if (difficulty === 2) {
      const p = pct();
      const n = base(p);
      const w = createWork();
      const kind = rng.pick(["discount", "rise", "rest"] as const);
      if (kind === "discount") {
        const off = pctStep(w, "Discount", n, p);
        const x = w.calc("Sale price", n, "-", off);
        const text = `A ${good} costs ${cur}${n}. It is ${p}% off. What is the sale price?`;
        return done("change", text, x, w.steps, { kind, base: n, percent: p });
      }
      if (kind === "rise") {
        const up = pctStep(w, "Increase", n, p);
        const x = w.calc("New total", n, "+", up);
        const text = `A town has ${n} people. The number grows by ${p}%. How many people live there now?`;
        return done("change", text, x, w.steps, { kind, base: n, percent: p });
      }
      const some = pctStep(w, "Boys", n, p);
      const x = w.calc("Girls", n, "-", some);
      const text = `A school has ${n} pupils. ${p}% of them are boys. How many are girls?`;
      return done("change", text, x, w.steps, { kind, base: n, percent: p });
    }

    return retry(`percent/${difficulty}`, () => {
      const w = createWork();
      const who = pickPerson(rng, style);
      if (difficulty === 4) {
        const [p1, p2] = [pct(), pct()];
        const n = base(p1);
        const upFirst = rng.chance(0.5);
        const mid = upFirst ? n + (n * p1) / 100 : n - (n * p1) / 100;
        if (!ofIsWhole(mid, p2)) return null;
        const c1 = pctStep(w, upFirst ? "Increase" : "Decrease", n, p1);
        const after = w.calc(upFirst ? "After increase" : "After decrease", n, upFirst ? "+" : "-", c1);
        const c2 = pctStep(w, upFirst ? "Decrease" : "Increase", after, p2);
        const x = w.calc("Final price", after, upFirst ? "-" : "+", c2);
        const moves = upFirst
          ? [`goes up by ${p1}%`, `goes down by ${p2}%`]
          : [`goes down by ${p1}%`, `goes up by ${p2}%`];
        const text = `A ${good} costs ${cur}${n}. Its price ${moves[0]}, then ${moves[1]}. What is the final price?`;
        return done("twice", text, x, w.steps, {
          kind: upFirst ? "up-down" : "down-up",
          base: n,
          percents: [p1, p2],
        });
      }
      const count = rng.int(2, 9);
      const price = rng.int(2, Math.max(2, Math.floor(opts.maxBase / count)));
      const p = pct();
      const total = count * price;
      if (!ofIsWhole(total, p)) return null;
      const tax = rng.pick([5, 10, 20]);
      if (difficulty === 5 && !ofIsWhole(total - (total * p) / 100, tax)) return null;
      const t = w.calc("Total", count, "*", price);
      const off = pctStep(w, "Discount", t, p);
      const paid = w.calc(difficulty === 3 ? "Price paid" : "After discount", t, "-", off);
      const intro = `A ${good} costs ${cur}${price}. ${who.name} buys ${count} ${goods} and gets ${p}% off the total.`;
      if (difficulty === 3) {
        return done("bulk", `${intro} How much does ${who.he} pay?`, paid, w.steps, {
          count,
          price,
          percent: p,
        });
      }
      const added = pctStep(w, "Tax", paid, tax);
      const x = w.calc("Price paid", paid, "+", added);
      const text = `${intro} ${capitalize(who.he)} then pays ${tax}% tax on the discounted price. How much does ${who.he} pay?`;
      return done("taxed", text, x, w.steps, { count, price, percent: p, tax });
    });
  },
});

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
