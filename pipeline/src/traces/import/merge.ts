// Merging imported traces into the traces already in the out file, so that re-importing is
// idempotent. A trace whose id is already present with the same content, or whose canonical content
// hash (traces/hash.ts) is already present under any id, is a duplicate and is not added. The same
// id with different content is a conflict: the row is invalid (the existing trace is never replaced).
// Order is stable: existing traces first as they were, then new ones in input order.
//
//   const merger = createMerger(existingTraces, "traces/gsm8k/train.jsonl");
//   const verdict = merger.add(trace, "line 12");   // "added" | "duplicate" | RowProblem
//   writeJsonlAtomic(out, merger.traces());

import type { Trace } from "../../schemas/trace.ts";
import { traceContentHash } from "../hash.ts";
import type { RowProblem } from "./types.ts";

export interface Merger {
  /** Add one trace; `where` names its origin for conflict messages (e.g. `line 12`). */
  add(trace: Trace, where: string): "added" | "duplicate" | RowProblem;
  /** Existing traces in their order, then the added ones in the order they were added. */
  traces(): Trace[];
  /** How many traces were added. */
  addedCount(): number;
}

export function createMerger(existing: readonly { trace: Trace; line: number }[], outName: string): Merger {
  const byId = new Map<string, { hash: string; where: string }>();
  const hashes = new Set<string>();
  const all: Trace[] = [];
  let added = 0;
  const remember = (trace: Trace, hash: string, where: string) => {
    byId.set(trace.id, { hash, where });
    hashes.add(hash);
    all.push(trace);
  };
  for (const { trace, line } of existing) remember(trace, traceContentHash(trace), `${outName}:${line}`);
  return {
    add(trace, where) {
      const hash = traceContentHash(trace);
      const prev = byId.get(trace.id);
      if (prev) {
        if (prev.hash === hash) return "duplicate";
        return {
          field: "id",
          expected: "an id not yet used, or the same content as the trace that holds it",
          found: `${JSON.stringify(trace.id)}, already used with different content at ${prev.where}`,
          hint: `remove that trace from ${outName} to replace it, or import under another --source`,
        };
      }
      if (hashes.has(hash)) return "duplicate";
      remember(trace, hash, where);
      added++;
      return "added";
    },
    traces: () => all,
    addedCount: () => added,
  };
}
