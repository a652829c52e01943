// `tunix-rt review init <run> --sample N --seed S [--reviewer name] [--criteria a,b] [--json]` —
// write runs/<run>/reviews/<reviewer>.jsonl: a stratified sample of the run's items with every rating
// null, for a person to fill in and add through a pull request (library: run/review.ts). After the
// ratings are in, `tunix-rt judge <run>` rewrites the summary with the human-review section.
import { TunixError } from "../errors.ts";
import { initReview } from "../run/review.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const reviewInitCommand: Command = {
  name: "review init",
  summary: "write a stratified sample of a run's items for a person to rate (runs/<id>/reviews/<name>.jsonl)",
  usage: "<run>",
  positionals: [1, 1],
  options: {
    sample: { type: "string", valueName: "<n>", description: "items to sample" },
    seed: { type: "string", valueName: "<s>", description: "seed of the sample (default 0)" },
    reviewer: {
      type: "string",
      valueName: "<name>",
      description: "file name under reviews/ (default: reviewer)",
    },
    criteria: {
      type: "string",
      valueName: "<a,b,…>",
      description: "rubric criteria to score 1–5 (default: reasoning,clarity)",
    },
    ...JSON_OPTION,
  },
  run({ args, opts, root, out }) {
    const num = (v: unknown, field: string, fallback?: number) => {
      if (v === undefined && fallback !== undefined) return fallback;
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n))
        throw new TunixError("E_USAGE", { field, expected: "a whole number", found: String(v ?? "nothing") });
      return n;
    };
    const report = initReview(root, args[0], {
      sample: num(opts.sample, "--sample"),
      seed: num(opts.seed, "--seed", 0),
      reviewer: typeof opts.reviewer === "string" ? opts.reviewer : undefined,
      criteria: typeof opts.criteria === "string" ? opts.criteria.split(",").map((c) => c.trim()) : undefined,
    });
    if (opts.json) {
      out(JSON.stringify(report));
      return 0;
    }
    out(
      `wrote ${report.file}: ${report.items.length} items to rate (judges: ${report.judges.join(", ")}; criteria 1–5: ${report.criteria.join(", ")})`,
    );
    for (const [stratum, s] of Object.entries(report.strata)) out(`  ${stratum}: ${s.sampled} of ${s.items}`);
    out(
      `fill in each null (true/false per judge, 1–5 per criterion, an optional "note"), reading the item at runs/${args[0]}/predictions.jsonl:<line>:`,
    );
    for (const it of report.items) out(`  ${it.id}  line ${it.line}`);
    out(
      `then open a pull request with the file; \`tunix-rt judge ${args[0]}\` adds the ratings to the summary`,
    );
    return 0;
  },
};
