// Helpers for the dataset tests (not used at run time): a temp repository with trace files and
// manifests, and a trace factory.
//
//   const root = makeRepo({ "traces/a.jsonl": traceLines([trace("a-1"), trace("a-2")]), "datasets/d.yaml": yaml });
//   afterAll(removeRepos);
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TraceInput {
  schemaVersion: 1;
  id: string;
  source: string;
  prompt: string;
  steps: { text: string; kind?: string }[];
  answer: string;
  category?: string;
  difficulty?: number;
  tags?: string[];
}

/** A valid trace; the prompt is derived from the id so every trace has its own content hash. */
export function trace(id: string, over: Partial<TraceInput> = {}): TraceInput {
  return {
    schemaVersion: 1,
    id,
    source: "test/a",
    prompt: `What is the answer for ${id}?`,
    steps: [{ text: "Think." }, { text: `Conclude ${id}.` }],
    answer: "1",
    category: "arithmetic/sums",
    difficulty: 2,
    ...over,
  };
}

export function traceLines(traces: unknown[]): string {
  return traces.map((t) => `${JSON.stringify(t)}\n`).join("");
}

const made: string[] = [];

/** A temp folder holding the given repo-relative files (removed by `removeRepos`). */
export function makeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "tunix-"));
  made.push(root);
  writeFiles(root, files);
  return root;
}

/** Remove every folder `makeRepo` made; call from `afterAll`. */
export function removeRepos(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** A manifest's YAML text; `body` lines are added after the name and schemaVersion. */
export function manifestYaml(name: string, body: string): string {
  return `schemaVersion: 1\nname: ${name}\n${body.trim()}\n`;
}
