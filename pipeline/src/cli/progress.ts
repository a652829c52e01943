// Progress for long work: a line redrawn in place on a TTY, plain lines (at most one per
// `plainEveryMs`) otherwise, so CI logs stay readable.
export interface Progress {
  update(done: number, note?: string): void;
  done(note?: string): void;
}

export function createProgress(
  label: string,
  total: number | undefined,
  opts: { tty: boolean; write?: (s: string) => void; plainEveryMs?: number },
): Progress {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  const start = Date.now();
  let last = 0;
  const every = opts.plainEveryMs ?? 5000;
  const render = (n: number, note?: string) => {
    const secs = (Date.now() - start) / 1000;
    const pct = total ? ` ${((100 * n) / total).toFixed(1)}%` : "";
    const eta = total && n > 0 && n < total ? ` eta ${Math.round((secs * (total - n)) / n)}s` : "";
    return `${label}: ${n}${total ? `/${total}` : ""}${pct}${eta}${note ? ` ${note}` : ""}`;
  };
  return {
    update(n, note) {
      const now = Date.now();
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
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      write(`${opts.tty ? "\r\x1b[2K" : ""}${label}: done in ${secs}s${note ? ` ${note}` : ""}\n`);
    },
  };
}
