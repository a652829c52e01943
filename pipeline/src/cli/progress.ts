// Progress for long work: a line redrawn in place on a TTY, plain lines (at most one per
// `plainEveryMs`) otherwise, so CI logs stay readable.
export interface Progress {
  update(done: number, note?: string): void;
  done(note?: string): void;
}

export function createProgress(
  label: string,
  total: number | undefined,
  opts: { tty: boolean; write?: (s: string) => void; plainEveryMs?: number; now?: () => number },
): Progress {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  const clock = opts.now ?? Date.now;
  const start = clock();
  let last = 0;
  // The rate is measured from the first update on: a display made at the first report (a resumed
  // run starts at its checkpoint's step) has seen no time pass, and says no eta rather than "0s".
  let first: { n: number; at: number } | undefined;
  const every = opts.plainEveryMs ?? 5000;
  const render = (n: number, note?: string) => {
    const now = clock();
    first ??= { n, at: now };
    const pct = total ? ` ${((100 * n) / total).toFixed(1)}%` : "";
    const rate = n > first.n && now > first.at ? (n - first.n) / ((now - first.at) / 1000) : 0;
    const eta = total && rate > 0 && n < total ? ` eta ${Math.round((total - n) / rate)}s` : "";
    return `${label}: ${n}${total ? `/${total}` : ""}${pct}${eta}${note ? ` ${note}` : ""}`;
  };
  return {
    update(n, note) {
      const now = clock();
      if (opts.tty) {
        if (now - last < 100) return;
        last = now;
        write(`\r\x1b[2K${render(n, note)}`);
      } else if (now - last >= every) {
        last = now;
        write(`${render(n, note)}\n`);
      }
    },
    done(note) {
      const secs = ((clock() - start) / 1000).toFixed(1);
      write(`${opts.tty ? "\r\x1b[2K" : ""}${label}: done in ${secs}s${note ? ` ${note}` : ""}\n`);
    },
  };
}
