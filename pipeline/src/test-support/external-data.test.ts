// The external-data guard: a missing file gives a named skip, or a failure under
// TUNIX_REQUIRE_EXTERNAL_DATA=1; and every test that reads ../shared/data goes through it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { externalData, externalDataMode, externalTestName, missingDataMessage } from "./external-data.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("external data", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-external-"));
  const root = path.join(tmp, "checkout");
  mkdirSync(path.join(tmp, "shared/data/gsm8k"), { recursive: true });
  writeFileSync(path.join(tmp, "shared/data/gsm8k/test.jsonl"), "{}\n");
  const present = externalData("gsm8k/test.jsonl", root);
  const absent = externalData("gsm8k/train.jsonl", root);

  it("finds files in ../shared/data beside the checkout", () => {
    expect(present).toMatchObject({ display: "../shared/data/gsm8k/test.jsonl", present: true });
    expect(readFileSync(present.path, "utf8")).toBe("{}\n");
    expect(absent.present).toBe(false);
  });

  it("runs with the file, skips without it, and fails without it when TUNIX_REQUIRE_EXTERNAL_DATA=1", () => {
    expect(externalDataMode(present, {})).toBe("run");
    expect(externalDataMode(present, { TUNIX_REQUIRE_EXTERNAL_DATA: "1" })).toBe("run");
    expect(externalDataMode(absent, {})).toBe("skip");
    expect(externalDataMode(absent, { TUNIX_REQUIRE_EXTERNAL_DATA: "1" })).toBe("fail");
    expect(externalDataMode(absent, { TUNIX_REQUIRE_EXTERNAL_DATA: "0" })).toBe("skip");
  });

  it("names the missing file in the test name and the failure", () => {
    expect(externalTestName("imports", present, "run")).toBe("imports");
    expect(externalTestName("imports", absent, "skip")).toBe(
      "imports [SKIPPED: needs ../shared/data/gsm8k/train.jsonl, which is absent]",
    );
    expect(externalTestName("imports", absent, "fail")).toContain(
      "[FAILED: needs ../shared/data/gsm8k/train.jsonl",
    );
    expect(missingDataMessage(absent)).toMatch(
      /^\.\.\/shared\/data\/gsm8k\/train\.jsonl is absent, and TUNIX_REQUIRE_EXTERNAL_DATA=1/,
    );
  });

  it("is used by every test that reads ../shared/data (no silent skipIf on external files)", () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "node_modules") visit(file);
        } else if (e.name.endsWith(".test.ts") && e.name !== "external-data.test.ts") {
          const text = readFileSync(file, "utf8");
          const rel = path.relative(REPO, file).split(path.sep).join("/");
          if (text.includes("shared/data") && !text.includes("itWithExternalData(")) offenders.push(rel);
        }
      }
    };
    for (const dir of ["pipeline", "tests", "bench"]) visit(path.join(REPO, dir));
    expect(offenders).toEqual([]);
  });
});
