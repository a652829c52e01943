// Family `carries`: column arithmetic written out digit by digit, one step per column.
//   add  — "What is 478 + 356?"  →  "Ones: 8 + 6 = 14, write 4, carry 1", "Tens: 7 + 5 + 1 = 13, …",
//          "Hundreds: 4 + 3 + 1 = 8, write 8"  →  834
//   mul  — "What is 347 * 6?"    →  "Ones: 7 * 6 = 42, write 2, carry 4", "Tens: 4 * 6 + 4 = 28, …"
// Difficulty = number of digits = number of steps (1..6). From two digits on, at least one column
// carries. The last column writes its whole value; the answer is the written digits read left to right.
import { defineGenerator, enumOption, retry, STYLE_OPTION } from "./generator.ts";
import { finishPrompt, pickPerson, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type CarriesOptions = { template: string; style: string };

const TEMPLATES = ["add", "mul"] as const;
export const COLUMN_NAMES = ["Ones", "Tens", "Hundreds", "Thousands", "Ten-thousands", "Hundred-thousands"];

export const carries = defineGenerator<CarriesOptions>({
  name: "carries",
  description: "column addition and multiplication by one digit, one step per column with its carry",
  categories: ["arithmetic/carries"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    template: enumOption("template to use (any = random)", ["any", ...TEMPLATES], "any"),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const template = opts.template === "any" ? rng.pick(TEMPLATES) : opts.template;
    const digits = () =>
      Array.from({ length: difficulty }, (_, i) => rng.int(i === difficulty - 1 ? 1 : 0, 9));
    const number = (ds: number[]) => Number([...ds].reverse().join(""));
    return retry(`carries/${template}`, () => {
      const top = digits(); // ones first
      const bottom = template === "add" ? digits() : [rng.int(2, 9)];
      const w = createWork();
      const written: string[] = [];
      let carry = 0;
      let carried = false;
      for (let i = 0; i < difficulty; i++) {
        const label = COLUMN_NAMES[i];
        const last = i === difficulty - 1;
        const value =
          template === "add"
            ? carry
              ? w.calc2(label, top[i], "+", bottom[i], "+", carry, "")
              : w.calc(label, top[i], "+", bottom[i], "")
            : carry
              ? w.calc2(label, top[i], "*", bottom[0], "+", carry, "")
              : w.calc(label, top[i], "*", bottom[0], "");
        const write = last ? value : value % 10;
        carry = last ? 0 : Math.floor(value / 10);
        carried ||= carry > 0;
        w.steps[i] += `, write ${write}${carry ? `, carry ${carry}` : ""}`;
        written.unshift(String(write));
      }
      if (difficulty >= 2 && !carried) return null;
      const a = number(top);
      const b = template === "add" ? number(bottom) : bottom[0];
      const sign = template === "add" ? "+" : "*";
      let text = rng.pick([
        `What is ${a} ${sign} ${b}?`,
        `Work out ${a} ${sign} ${b}.`,
        `Compute ${a} ${sign} ${b} column by column.`,
      ]);
      if (style === "unicode") {
        const who = pickPerson(rng, style);
        text = `${who.name} works out ${a} ${sign} ${b} on paper. What result does ${who.he} get?`;
      }
      return {
        prompt: finishPrompt(rng, style, text),
        steps: w.steps,
        answer: written.join(""),
        category: "arithmetic/carries",
        template,
        params: { a, b, op: sign },
      };
    });
  },
});
