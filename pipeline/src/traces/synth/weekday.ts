// Family `weekday`: the day of the week after (or before) some days or weeks.
//   1  "Today is Monday. What day will it be in 3 days?"        Monday + 3 days = Thursday
//   2  "… in 17 days?" / "… 17 days ago?"                       Extra days: 17 mod 7 = 3; Monday + 3 days = Thursday
//   3+ several waits summed ("waits 4 days, then 12 days"), or "3 weeks and 5 days" (Weeks in days: 3 * 7 = 21)
// Difficulty = number of steps (1..6). The last step is always `Day ± n days = Day`.
import { defineGenerator, intOption, STYLE_OPTION } from "./generator.ts";
import { finishPrompt, pickPerson, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type WeekdayOptions = { maxDays: number; style: string };

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export const weekday = defineGenerator<WeekdayOptions>({
  name: "weekday",
  description: "the weekday after or before a number of days or weeks, through whole weeks (mod 7)",
  categories: ["time/weekday"],
  difficulties: [1, 2, 3, 4, 5, 6],
  options: {
    maxDays: intOption("largest number of days in one wait", 100, 8, 10_000),
    style: STYLE_OPTION,
  },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const start = rng.int(0, 6);
    const today = WEEKDAYS[start];
    const w = createWork();
    const shift = (days: number, sign: 1 | -1) => {
      const name = WEEKDAYS[(((start + sign * days) % 7) + 7) % 7];
      w.note(`${today} ${sign > 0 ? "+" : "-"} ${days} ${days === 1 ? "day" : "days"} = ${name}`);
      return name;
    };
    const done = (template: string, text: string, answer: string, params: Record<string, unknown>) => ({
      prompt: finishPrompt(rng, style, text),
      steps: w.steps,
      answer,
      category: "time/weekday",
      template,
      params: { start: today, ...params },
    });

    if (difficulty <= 2) {
      const n = difficulty === 1 ? rng.int(1, 6) : rng.int(7, opts.maxDays);
      const sign = rng.chance(0.7) ? 1 : -1;
      const extra = difficulty === 1 ? n : w.calc("Extra days", n, "mod", 7);
      const answer = shift(extra, sign);
      const who = pickPerson(rng, style);
      const text =
        sign > 0
          ? rng.pick([
              `Today is ${today}. What day will it be in ${dayText(n)}?`,
              `Today is ${today}. ${who.name} has a party in ${dayText(n)}. On what day is the party?`,
            ])
          : rng.pick([
              `Today is ${today}. What day was it ${dayText(n)} ago?`,
              `Today is ${today}. ${who.name} planted a tree ${dayText(n)} ago. On what day was that?`,
            ]);
      return done(sign > 0 ? "after" : "before", text, answer, { days: sign * n });
    }

    const hasWeeks = difficulty >= 4 && rng.chance(0.5);
    const k = hasWeeks ? difficulty - 3 : difficulty - 1; // number of day terms
    const small = Math.min(opts.maxDays, 30);
    const days = Array.from({ length: k }, () => rng.int(1, small));
    const weeks = hasWeeks ? rng.int(1, 9) : 0;
    let total = hasWeeks ? w.calc("Weeks in days", weeks, "*", 7) : days[0];
    for (const d of hasWeeks ? days : days.slice(1)) total = w.calc("Total days", total, "+", d);
    const extra = w.calc("Extra days", total, "mod", 7);
    const answer = shift(extra, 1);
    const who = pickPerson(rng, style);
    const waits = hasWeeks
      ? [
          `${weeks} ${weeks === 1 ? "week" : "weeks"} and ${days[0]} ${days[0] === 1 ? "day" : "days"}`,
          ...days.slice(1).map(dayText),
        ]
      : days.map(dayText);
    const text =
      waits.length === 1
        ? `Today is ${today}. What day will it be in ${waits[0]}?`
        : `Today is ${today}. ${who.name} waits ${waits.join(", then ")}. What day is it then?`;
    return done(hasWeeks ? "weeks" : "waits", text, answer, { weeks, days });
  },
});

function dayText(n: number): string {
  return `${n} ${n === 1 ? "day" : "days"}`;
}
