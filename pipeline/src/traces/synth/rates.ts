// Family `rates`: rate × time problems (distances, pages printed, litres filled, words typed).
//   amount (1 step)  "A train travels 60 km per hour. How many km in 3 hours?"        Distance: 60 * 3 = 180
//   time   (1 step)  "… How many hours does it take to travel 180 km?"                Time: 180 / 60 = 3
//   legs   (2k − 1)  k parts at different rates, then their total
//   left   (2k)      a goal amount minus what k parts achieved ("How many km are left?")
// Difficulty = number of steps (1..6): 1 amount|time, 2 left(1), 3 legs(2), 4 left(2), 5 legs(3), 6 left(3).
import { chooseTemplate, defineGenerator, enumOption, intOption, STYLE_OPTION } from "./generator.ts";
import { capitalize, finishPrompt, pickPerson, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type RatesOptions = { maxRate: number; maxTime: number; template: string; style: string };

interface Scene {
  who: string;
  verb: string;
  base: string;
  unit: string;
  per: string;
  times: string;
  what: string;
}

const SCENES: readonly Scene[] = [
  {
    who: "A train",
    verb: "travels",
    base: "travel",
    unit: "km",
    per: "hour",
    times: "hours",
    what: "Distance",
  },
  { who: "", verb: "rides", base: "ride", unit: "km", per: "hour", times: "hours", what: "Distance" },
  {
    who: "A car",
    verb: "drives",
    base: "drive",
    unit: "miles",
    per: "hour",
    times: "hours",
    what: "Distance",
  },
  {
    who: "A printer",
    verb: "prints",
    base: "print",
    unit: "pages",
    per: "minute",
    times: "minutes",
    what: "Pages",
  },
  {
    who: "A tap",
    verb: "fills",
    base: "fill",
    unit: "liters",
    per: "minute",
    times: "minutes",
    what: "Liters",
  },
  {
    who: "A machine",
    verb: "makes",
    base: "make",
    unit: "boxes",
    per: "hour",
    times: "hours",
    what: "Boxes",
  },
  { who: "", verb: "types", base: "type", unit: "words", per: "minute", times: "minutes", what: "Words" },
  { who: "", verb: "reads", base: "read", unit: "pages", per: "hour", times: "hours", what: "Pages" },
];

const TEMPLATES = ["amount", "time", "legs", "left"] as const;

function templatesFor(difficulty: number): string[] {
  if (difficulty === 1) return ["amount", "time"];
  return difficulty % 2 === 0 ? ["left"] : ["legs"];
}

export const rates = defineGenerator<RatesOptions>({
  name: "rates",
  description: "rate × time: distances, pages, litres; totals over several parts and what is left of a goal",
  categories: ["arithmetic/rates"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    maxRate: intOption("largest rate per hour or minute", 60, 2, 999),
    maxTime: intOption("largest number of hours or minutes in one part", 9, 2, 99),
    template: enumOption(
      "template to use (any = one that fits the difficulty)",
      ["any", ...TEMPLATES],
      "any",
    ),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const template = chooseTemplate(rng, "rates", difficulty, opts.template, templatesFor(difficulty));
    const scene = rng.pick(SCENES);
    const person = scene.who ? null : pickPerson(rng, style);
    const who = person ? person.name : scene.who;
    const it = person ? person.he : "it";
    const rate = () => rng.int(2, opts.maxRate);
    const time = () => rng.int(1, opts.maxTime);
    const w = createWork();
    const finish = (text: string, answer: number, params: Record<string, unknown>) => ({
      prompt: finishPrompt(rng, style, text),
      steps: w.steps,
      answer: String(answer),
      category: "arithmetic/rates",
      template,
      params,
    });
    const rateText = (r: number) => `${r} ${scene.unit} per ${scene.per}`;

    if (template === "amount" || template === "time") {
      const r = rate();
      const t = rng.int(template === "time" ? 2 : 1, Math.max(2, opts.maxTime));
      const intro = `${who} ${scene.verb} ${rateText(r)}.`;
      if (template === "amount") {
        const x = w.calc(scene.what, r, "*", t);
        return finish(`${intro} How many ${scene.unit} in ${t} ${t === 1 ? scene.per : scene.times}?`, x, {
          rate: r,
          time: t,
        });
      }
      const x = r * t;
      const tt = w.calc("Time", x, "/", r);
      return finish(
        `${intro} How many ${scene.times} does it take to ${scene.base} ${x} ${scene.unit}?`,
        tt,
        { rate: r, amount: x },
      );
    }

    const k = template === "legs" ? (difficulty + 1) / 2 : difficulty / 2;
    const parts = Array.from({ length: k }, () => ({ r: rate(), t: time() }));
    const amounts = parts.map((p, i) => w.calc(k === 1 ? scene.what : `Part ${i + 1}`, p.r, "*", p.t));
    const total = sumWithSteps(w, amounts, template === "legs");
    const legText = parts
      .map((p) => `${rateText(p.r)} for ${p.t} ${p.t === 1 ? scene.per : scene.times}`)
      .join(", then ");
    if (template === "legs") {
      return finish(`${who} ${scene.verb} ${legText}. How many ${scene.unit} in total?`, total, { parts });
    }
    const goal = total + rng.int(1, Math.max(1, opts.maxRate));
    const left = w.calc("Left", goal, "-", total);
    const text = `${who} must ${scene.base} ${goal} ${scene.unit}. ${capitalize(it)} ${scene.verb} ${legText}. How many ${scene.unit} are left?`;
    return finish(text, left, { goal, parts });
  },
});

/** Running sum as steps ("Subtotal: a + b = s", …, "Total: s + c = t"); the last is named Total when asked. */
function sumWithSteps(w: ReturnType<typeof createWork>, xs: number[], lastIsTotal: boolean): number {
  let s = xs[0];
  for (let i = 1; i < xs.length; i++) {
    s = w.calc(i === xs.length - 1 && lastIsTotal ? "Total" : "Subtotal", s, "+", xs[i]);
  }
  return s;
}
