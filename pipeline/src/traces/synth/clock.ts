// Family `clock`: the time on a 24-hour clock (written H:MM) after some hours and minutes.
//   1 minutes      "It is 9:15. What time will it be in 20 minutes?"     Minutes: 15 + 20 = 35        → 9:35
//   2 hours        "… in 2 hours and 20 minutes?"                         Hour: 9 + 2 = 11; Minutes: …  → 11:35
//   3 carry        minutes pass 60: Minutes: 45 + 50 = 95; Minutes over 60: 95 - 60 = 35; Next hour: 9 + 1 = 10
//   4 hours-carry  hours, then minutes with a carry
//   5 midnight     hours and a carry past midnight: … Past midnight: 24 - 24 = 0 → 0:35
// Difficulty = number of steps (1..5).
import { defineGenerator, retry, STYLE_OPTION } from "./generator.ts";
import { finishPrompt, pickPerson, type Style } from "./words.ts";
import { createWork } from "./work.ts";

type ClockOptions = { style: string };

const TEMPLATES = ["minutes", "hours", "carry", "hours-carry", "midnight"];

export const clock = defineGenerator<ClockOptions>({
  name: "clock",
  description: "24-hour clock time after some hours and minutes, with carries past the hour and midnight",
  categories: ["time/clock"],
  difficulties: [1, 2, 3, 4, 5],
  options: { style: STYLE_OPTION },
  make(rng, difficulty, opts) {
    const style = opts.style as Style;
    const template = TEMPLATES[difficulty - 1];
    const withHours = difficulty === 2 || difficulty >= 4;
    const carry = difficulty >= 3;
    const midnight = difficulty === 5;
    return retry(`clock/${template}`, () => {
      const h0 = midnight ? rng.int(18, 23) : rng.int(0, 22);
      const m0 = rng.int(0, 59);
      const dh = withHours ? rng.int(1, midnight ? 9 : 12) : 0;
      const dm = rng.int(1, 59);
      if (carry !== m0 + dm >= 60) return null;
      const endHour = h0 + dh + (carry ? 1 : 0);
      if (midnight !== endHour >= 24) return null;
      const w = createWork();
      const hour = withHours ? w.calc("Hour", h0, "+", dh) : h0;
      let minutes = w.calc("Minutes", m0, "+", dm);
      let h = hour;
      if (carry) {
        minutes = w.calc("Minutes over 60", minutes, "-", 60);
        h = w.calc("Next hour", h, "+", 1);
      }
      if (midnight) h = w.calc("Past midnight", h, "-", 24);
      const wait = withHours ? `${dh} ${dh === 1 ? "hour" : "hours"} and ${dm} minutes` : `${dm} minutes`;
      const now = formatTime(h0, m0);
      const who = pickPerson(rng, style);
      const text = rng.pick([
        `It is ${now}. What time will it be in ${wait}?`,
        `A film starts at ${now} and lasts ${wait}. At what time does it end?`,
        `${who.name} starts work at ${now} and works for ${wait}. At what time does ${who.he} stop?`,
      ]);
      return {
        prompt: finishPrompt(rng, style, text),
        steps: w.steps,
        answer: formatTime(h, minutes),
        category: "time/clock",
        template,
        params: { hour: h0, minute: m0, addHours: dh, addMinutes: dm },
      };
    });
  },
});

/** `9:05`, `23:40`, `0:35`. */
export function formatTime(hour: number, minute: number): string {
  return `${hour}:${String(minute).padStart(2, "0")}`;
}
