import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.ts";

// A clock the test moves: the display's eta comes from the steps done since its first report.
function harness(total: number | undefined) {
  let t = 1_000_000;
  const lines: string[] = [];
  const p = createProgress("train", total, {
    tty: false,
    plainEveryMs: 0,
    write: (s) => lines.push(s.trimEnd()),
    now: () => t,
  });
  return { p, lines, advance: (ms: number) => (t += ms) };
}

describe("createProgress", () => {
  it("says no eta on its first line instead of 0s", () => {
    const { p, lines } = harness(300);
    p.update(20, "loss 5.7");
    expect(lines[0]).toBe("train: 20/300 6.7% loss 5.7");
  });

  it("estimates from the rate since the first report, so a resumed run's eta is not skewed", () => {
    const { p, lines, advance } = harness(300);
    p.update(150); // resumed at its checkpoint's step
    advance(10_000);
    p.update(170); // 20 steps in 10 s: 130 left take 65 s
    expect(lines[1]).toBe("train: 170/300 56.7% eta 65s");
    advance(10_000);
    p.update(190);
    expect(lines[2]).toBe("train: 190/300 63.3% eta 55s");
  });

  it("drops the eta at the end and with no total", () => {
    const a = harness(10);
    a.p.update(5);
    a.advance(1000);
    a.p.update(10);
    expect(a.lines[1]).toBe("train: 10/10 100.0%");
    const b = harness(undefined);
    b.p.update(1000);
    b.advance(1000);
    b.p.update(2000);
    expect(b.lines[1]).toBe("train: 2000");
  });
});
