// Files of the judges: calibration cases (`configs/judge-cases/*.jsonl`), rubric prompts
// (`configs/rubrics/<name>@<version>.md`) and the LLM response cache (`runs/<id>/llm-cache.jsonl`).
import { z } from "zod";

export const JudgeCase = z
  .strictObject({
    id: z.string().min(1).describe("Case id, unique within the file. Required."),
    gold: z.string().describe("The gold answer (raw GSM8K/MATH fields work). Required."),
    prediction: z.string().describe("The model output to judge. Required."),
    expected: z.boolean().describe("What a careful person says the verdict must be. Required."),
    category: z.string().optional().describe("Group for the per-category agreement. Optional."),
    note: z.string().optional().describe("Why the expected verdict is right. Optional."),
  })
  .describe("One judge calibration case.");
export type JudgeCase = z.infer<typeof JudgeCase>;

export const RUBRIC_PLACEHOLDERS = ["{{question}}", "{{gold}}", "{{prediction}}"] as const;

/** A rubric prompt is plain text (markdown) that must contain every placeholder. */
export const RubricText = z
  .string()
  .min(1)
  .refine((s) => RUBRIC_PLACEHOLDERS.every((p) => s.includes(p)), {
    message: `a rubric must contain ${RUBRIC_PLACEHOLDERS.join(", ")}`,
  })
  .describe("An LLM rubric prompt with {{question}}, {{gold}} and {{prediction}} placeholders.");

export const LlmCacheRow = z
  .strictObject({
    schemaVersion: z.literal(1),
    key: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("sha256 of the request's stable JSON."),
    id: z.string().describe("Item the request was made for (informational)."),
    model: z.string().describe("Model named in the request."),
    rubric: z.string().describe("Rubric prompt, e.g. `reasoning@1`."),
    content: z.string().describe("The assistant message content, verbatim."),
  })
  .describe("One cached LLM judge response.");
export type LlmCacheRow = z.infer<typeof LlmCacheRow>;
