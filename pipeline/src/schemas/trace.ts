// Trace: one JSON object per line of `traces/**/*.jsonl`. A question, the ordered steps that reason
// towards an answer, and the answer. The content hash is derived (io/trace-hash), never stored.
import { z } from "zod";

export const TRACE_SCHEMA_VERSION = 1 as const;

/**
 * Size limits of a trace, enforced by `validate` (and every reader of trace files): far above any
 * real reasoning trace (GSM8K's longest question is about 1,000 characters), low enough that one
 * hostile line cannot make multi-megabyte pages or prompts. Documented in content/docs/limits-and-safety.md.
 */
export const TRACE_LIMITS = Object.freeze({
  /** Characters of one trace line (the whole JSON object, meta included). */
  traceChars: 65_536,
  promptChars: 8_000,
  stepChars: 4_000,
  steps: 64,
  answerChars: 1_000,
  /** category, each tag, source, calc expr/result. */
  labelChars: 200,
  tags: 32,
  calcPerStep: 32,
});
const L = TRACE_LIMITS;

/** A calculator annotation found in a step, e.g. GSM8K's `<<48/2=24>>`. */
export const CalcAnnotation = z
  .strictObject({
    expr: z.string().max(L.labelChars).describe("Left side as written, e.g. `48/2`."),
    result: z.string().max(L.labelChars).describe("Right side as written, e.g. `24`."),
  })
  .describe("A calculator annotation kept as structured data (stripped from the step text).");

export const TraceStep = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(L.stepChars)
      .describe("The step as a person reads it. Required, non-empty, at most 4,000 characters."),
    kind: z
      .enum(["reason", "calc", "check", "note"])
      .optional()
      .describe("What the step does. Optional; default: none (a plain reasoning step)."),
    calc: z
      .array(CalcAnnotation)
      .max(L.calcPerStep)
      .optional()
      .describe("Calculator annotations of this step (at most 32). Optional."),
  })
  .describe("One reasoning step.");
export type TraceStep = z.infer<typeof TraceStep>;

export const TRACE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export const Trace = z
  .strictObject({
    schemaVersion: z.literal(TRACE_SCHEMA_VERSION).describe("Always 1 for this version of the format."),
    id: z
      .string()
      .regex(TRACE_ID, "letters, digits and . _ : / - (max 200), starting with a letter or digit")
      .describe("Stable id, unique across every trace file of the repository. Required."),
    source: z
      .string()
      .min(1)
      .max(L.labelChars)
      .regex(/^[a-z0-9][a-z0-9._/-]*$/, "lower-case letters, digits and . _ / -")
      .describe("Provenance: where the trace comes from, e.g. `gsm8k/train` or `synthetic/rates`. Required."),
    prompt: z
      .string()
      .min(1)
      .max(L.promptChars)
      .describe("The question as asked. Required, non-empty, at most 8,000 characters."),
    steps: z
      .array(TraceStep)
      .max(L.steps)
      .describe("Ordered reasoning steps (at most 64). Required; may be empty for a direct answer."),
    answer: z
      .string()
      .min(1)
      .max(L.answerChars)
      .describe(
        "The final answer, as short as possible (`72`, `Tuesday`); at most 1,000 characters. Required.",
      ),
    category: z
      .string()
      .min(1)
      .max(L.labelChars)
      .optional()
      .describe("Topic, e.g. `arithmetic/rates`. Optional; default: none."),
    difficulty: z
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe("1 (easiest) to 10. Synthetic generators set it to the number of operations. Optional."),
    tags: z
      .array(z.string().min(1).max(L.labelChars))
      .max(L.tags)
      .optional()
      .describe("Free labels for filtering (at most 32). Optional; default: none."),
    meta: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Free provenance details (row number, generator seed…). Optional; not part of the content hash. The whole trace line is at most 65,536 characters.",
      ),
  })
  .describe("A reasoning trace.");
export type Trace = z.infer<typeof Trace>;
