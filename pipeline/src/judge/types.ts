// What a judge is: a versioned name, a description, and a function from one item (gold + prediction)
// to one VerdictRow. Sync judges implement `judge`; judges that call out (the LLM rubric) implement
// `judgeAsync` only, so `judgeAll` stays synchronous for the deterministic ones.
//
//   const row = JUDGES["answer-correctness@1"].judge!({ id: "q1", prediction: "#### 18", gold: "18" });
import type { VerdictRow } from "../schemas/rows.ts";

export interface JudgeItem {
  /** Trace id of the item. */
  id: string;
  /** Raw generated text. */
  prediction: string;
  /** The gold answer (a raw GSM8K `answer` or MATH `solution` field works too). */
  gold: string;
  /** The question, for judges that show it (the LLM rubric). */
  prompt?: string;
  /** Number of steps of the gold trace. */
  goldSteps?: number;
  /** Trace format the run trained on; default `numbered`. */
  traceFormat?: "numbered" | "tagged";
  /** `length`: generation stopped at max tokens. */
  finishReason?: "stop" | "length";
  category?: string;
}

/** What async judges may need: the run folder (for caches) and the environment (for endpoints). */
export interface JudgeContext {
  /** Run folder, e.g. `runs/<id>`; caches are written there. */
  runDir?: string;
  /** Repository root (rubric prompt files are read from it). */
  root?: string;
  /** Environment variables; default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface Judge {
  name: string;
  version: number;
  description: string;
  /** Deterministic, synchronous judging. */
  judge?: (item: JudgeItem) => VerdictRow;
  /** Judging that needs I/O. */
  judgeAsync?: (item: JudgeItem, ctx: JudgeContext) => Promise<VerdictRow>;
  /** Some items may have nothing to judge (`applicable: false`): summaries report its coverage. */
  reportsCoverage?: boolean;
}

/** The parts of a verdict a judge decides; `verdict` fills in the rest. */
export interface VerdictFields {
  correct: boolean;
  extracted: string | null;
  gold: string | null;
  rule: string;
  comparison: string;
  /** false: nothing to judge in this item; the verdict is then recorded with correct = false. */
  applicable?: boolean;
  details?: Record<string, unknown>;
}

const MAX_RECORDED_CHARS = 300;

export function verdict(judge: string, item: JudgeItem, f: VerdictFields): VerdictRow {
  return {
    schemaVersion: 1,
    id: item.id,
    judge,
    correct: f.applicable === false ? false : f.correct,
    extracted: clip(f.extracted),
    gold: clip(f.gold),
    rule: f.rule,
    comparison: f.comparison,
    ...(f.applicable === false ? { applicable: false as const } : {}),
    details: f.details ?? {},
  };
}

/** Long strings are recorded with their head, an ellipsis and their length, so verdict files stay small. */
export function clip(s: string | null): string | null {
  if (s === null || s.length <= MAX_RECORDED_CHARS) return s;
  return `${s.slice(0, MAX_RECORDED_CHARS)}… (${s.length} chars)`;
}
