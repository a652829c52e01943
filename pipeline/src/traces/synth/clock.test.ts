import { describe, expect, it } from "vitest";
import { clock, formatTime } from "./clock.ts";
import { sampleAll, stepProblems } from "./test-kit.ts";

// Independent route: minutes since midnight, modulo a day.
function recompute(p: { hour: number; minute: number; addHours: number; addMinutes: number }): string {
  const t = (p.hour * 60 + p.minute + p.addHours * 60 + p.addMinutes) % (24 * 60);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
}

describe("clock", () => {
  const items = sampleAll(clock, 25);

  it.each(clock.difficulties.map((d) => [d]))("difficulty %i gives that many true steps", (d) => {
    for (const item of items.filter((x) => x.difficulty === d)) {
      expect(item.steps).toHaveLength(d);
      expect(stepProblems(item)).toEqual([]);
    }
  });

  it("answers equal minutes-since-midnight arithmetic; the prompt states the start and the wait", () => {
    for (const item of items) {
      const p = item.params as { hour: number; minute: number; addHours: number; addMinutes: number };
      expect(item.answer).toBe(recompute(p));
      expect(item.answer).toMatch(/^([01]?\d|2[0-3]):[0-5]\d$/);
      expect(item.prompt).toContain(formatTime(p.hour, p.minute));
      expect(item.prompt).toContain(`${p.addMinutes} minutes`);
    }
  });

  it("carries past the hour exactly from difficulty 3 and past midnight at 5", () => {
    for (const item of items) {
      const p = item.params as { hour: number; minute: number; addHours: number; addMinutes: number };
      expect(p.minute + p.addMinutes >= 60).toBe(item.difficulty >= 3);
      expect(p.hour + p.addHours + (item.difficulty >= 3 ? 1 : 0) >= 24).toBe(item.difficulty === 5);
    }
  });
});
