// Family `unit-price`: prices of several items, unit prices, baskets and change.
//   cost    (1)  "Pens cost $3 each. How much do 7 pens cost?"                   Cost: 7 * 3 = 21
//   each    (1)  "7 pens cost $21. How much does one pen cost?"                  One pen: 21 / 7 = 3
//   scale   (2)  "5 pens cost $15. How much do 8 pens cost?"                     via the price of one
//   basket  (2k − 1) k kinds of goods bought, summed (k = 1 is one step)
//   change  (2k) k kinds of goods bought, summed, paid with a bill: the change
// Difficulty = number of steps (1..6). With `decimals`, prices carry cents and money is written `2.50`.
import {
  boolOption,
  chooseTemplate,
  defineGenerator,
  enumOption,
  intOption,
  STYLE_OPTION,
} from "./generator.ts";
import { capitalize, finishPrompt, GOODS, joinAnd, pickCurrency, pickPerson, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type UnitPriceOptions = {
  maxCount: number;
  maxPrice: number;
  template: string;
  decimals: boolean;
  style: string;
};

const TEMPLATES = ["cost", "each", "scale", "basket", "change"];

const BILLS = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

export const unitPrice = defineGenerator<UnitPriceOptions>({
  name: "unit-price",
  description: "cost of n items, price of one, scaling a price, baskets of goods, change from a bill",
  categories: ["arithmetic/unit-price"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    maxCount: intOption("largest number of items of one kind", 12, 2, 999),
    maxPrice: intOption("largest whole part of a price", 20, 1, 9999),
    template: enumOption(
      "template to use (any = one that fits the difficulty)",
      ["any", ...TEMPLATES],
      "any",
    ),
    decimals: boolOption("prices with cents (money written with two decimals)", false),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const cur = pickCurrency(rng, style);
    const w = createWork({ money: opts.decimals });
    const money = (x: number) => `${cur}${w.fmt(x)}`;
    const price = () => {
      const whole = rng.int(opts.decimals ? 0 : 1, opts.maxPrice);
      return opts.decimals ? whole + rng.int(1, 19) / 20 : whole;
    };
    const count = () => rng.int(2, opts.maxCount);
    const done = (template: string, text: string, answer: number, params: Record<string, unknown>) => ({
      prompt: finishPrompt(rng, style, text),
      steps: w.steps,
      answer: w.fmt(answer),
      category: "arithmetic/unit-price",
      tags: opts.decimals ? ["decimal"] : undefined,
      template,
      params,
    });

    const fits =
      difficulty === 1
        ? ["cost", "each", "basket"]
        : difficulty === 2
          ? ["scale", "change"]
          : [difficulty % 2 ? "basket" : "change"];
    const template = chooseTemplate(rng, "unit-price", difficulty, opts.template, fits);
    if (template === "cost" || template === "each" || template === "scale") {
      const [goods, good] = rng.pick(GOODS);
      const p = price();
      const n = count();
      if (template === "cost") {
        const x = w.calc("Cost", n, "*", p);
        return done(
          "cost",
          `${capitalize(goods)} cost ${money(p)} each. How much do ${n} ${goods} cost?`,
          x,
          { count: n, price: p },
        );
      }
      const total = w.value(n, "*", p);
      if (template === "each") {
        const x = w.calc(`One ${good}`, total, "/", n);
        return done("each", `${n} ${goods} cost ${money(total)}. How much does one ${good} cost?`, x, {
          count: n,
          total,
        });
      }
      const drawn = rng.int(2, opts.maxCount + 1);
      const m = drawn === n ? n + 1 : drawn;
      const one = w.calc(`One ${good}`, total, "/", n);
      const x = w.calc(`${m} ${goods}`, m, "*", one);
      return done("scale", `${n} ${goods} cost ${money(total)}. How much do ${m} ${goods} cost?`, x, {
        count: n,
        total,
        wanted: m,
      });
    }

    // basket (odd difficulty) or change (even): k kinds of goods.
    const withChange = template === "change";
    const k = withChange ? difficulty / 2 : (difficulty + 1) / 2;
    const kinds = rng.shuffle(GOODS).slice(0, k);
    const lines = kinds.map(([goods]) => ({ goods, count: count(), price: price() }));
    const costs = lines.map((l) => w.calc(capitalize(l.goods), l.count, "*", l.price));
    let total = costs[0];
    for (let i = 1; i < costs.length; i++)
      total = w.calc(i === costs.length - 1 ? "Total" : "Subtotal", total, "+", costs[i]);
    const who = pickPerson(rng, style);
    const bought = joinAnd(lines.map((l) => `${l.count} ${l.goods} at ${money(l.price)} each`));
    const params = { lines: lines.map((l) => ({ count: l.count, price: l.price })) };
    if (!withChange) {
      return done("basket", `${who.name} buys ${bought}. How much does ${who.he} spend?`, total, params);
    }
    const bills = BILLS.filter((b) => b > total).slice(0, 2);
    const bill = bills.length ? rng.pick(bills) : Math.ceil((total + 1) / 1000) * 1000;
    const change = w.calc("Change", bill, "-", total);
    const text = `${who.name} buys ${bought} and pays with a ${money(bill)} bill. How much change does ${who.he} get?`;
    return done("change", text, change, { ...params, bill });
  },
});
