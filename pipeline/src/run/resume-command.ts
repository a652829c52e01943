// The exact command that continues an interrupted run: the verb, the config, every `--set` pair as it
// was given (shell-quoted), the run id and the flags that shaped the run, so pasting it resumes the
// same run folder rather than starting another one.
//
//   resumeCommand("run", { configPath: "configs/runs/tiny.yaml", sets: ["training.lr=1e-3"], runId: "tiny-1a2b3c4d" })
//   // tunix-rt run configs/runs/tiny.yaml --set training.lr=1e-3 --run-id tiny-1a2b3c4d

export interface ResumeParts {
  configPath: string;
  sets?: readonly string[];
  runId: string;
  /** More flags, already split into words (`["--stop-at-step", "40"]`). */
  flags?: readonly string[];
}

export function resumeCommand(verb: "run" | "train", p: ResumeParts): string {
  const words = ["tunix-rt", verb, p.configPath];
  for (const s of p.sets ?? []) words.push("--set", s);
  if (verb === "train") words.push("--resume");
  words.push("--run-id", p.runId, ...(p.flags ?? []));
  return words.map(shellQuote).join(" ");
}

/** A word as a POSIX shell reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./=:@,+%-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
