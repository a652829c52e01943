// Trace ids must be unique across every trace file of the repository. Ids go into a compact hash
// index while the files stream by; a hash hit becomes a candidate, and `confirm` re-reads just the
// lines of the first occurrences to compare the real ids, so a hash collision never reports a
// false duplicate nor hides a real one.
//
//   const ids = createIdChecker(files);
//   ids.add(trace.id, fileIndex, line);           // while scanning
//   const dups = await ids.confirm(root);          // after: [{ id, first, second }]

import path from "node:path";
import { lineBatches } from "../io/trace-reader.ts";
import { createIdIndex, type IdLocation } from "./id-index.ts";

export interface Located {
  file: string;
  line: number;
}

export interface DuplicateId {
  id: string;
  /** Where the id was used first (in file order, then line order). */
  first: Located;
  /** A later use of the same id. */
  second: Located;
}

interface Candidate {
  id: string;
  first: IdLocation;
  second: IdLocation;
}

export interface IdChecker {
  add(id: string, fileIndex: number, line: number): void;
  confirm(root: string): Promise<DuplicateId[]>;
  readonly size: number;
  /** Bytes held by the index (for the benchmark). */
  readonly bytes: number;
}

export function createIdChecker(files: readonly string[], index = createIdIndex()): IdChecker {
  const candidates: Candidate[] = [];
  return {
    add(id, fileIndex, line) {
      const first = index.add(id, fileIndex, line);
      if (first) candidates.push({ id, first, second: { fileIndex, line } });
    },
    async confirm(root) {
      if (candidates.length === 0) return [];
      const firstIds = await readIdsAt(
        root,
        files,
        candidates.map((c) => c.first),
      );
      const out: DuplicateId[] = [];
      // Candidates whose id differs from the indexed one only shared its hash; they were never
      // indexed themselves, so duplicates among them are found here, in scan order.
      const collided = new Map<string, IdLocation>();
      for (const c of candidates) {
        let first: IdLocation | undefined = c.first;
        if (firstIds.get(key(c.first)) !== c.id) {
          first = collided.get(c.id);
          if (!first) {
            collided.set(c.id, c.second);
            continue;
          }
        }
        out.push({ id: c.id, first: locate(files, first), second: locate(files, c.second) });
      }
      return out;
    },
    get size() {
      return index.size;
    },
    get bytes() {
      return index.bytes;
    },
  };
}

const key = (l: IdLocation) => `${l.fileIndex}:${l.line}`;
const locate = (files: readonly string[], l: IdLocation): Located => ({
  file: files[l.fileIndex],
  line: l.line,
});

/** The `id` of the trace at each location, reading each file once. */
async function readIdsAt(
  root: string,
  files: readonly string[],
  at: IdLocation[],
): Promise<Map<string, string>> {
  const wanted = new Map<number, Set<number>>();
  for (const l of at) {
    const lines = wanted.get(l.fileIndex) ?? new Set<number>();
    lines.add(l.line);
    wanted.set(l.fileIndex, lines);
  }
  const ids = new Map<string, string>();
  for (const [fileIndex, lines] of wanted) {
    let last = 0;
    for (const l of lines) last = Math.max(last, l);
    for await (const batch of lineBatches(path.join(root, files[fileIndex]), undefined, files[fileIndex])) {
      for (let i = 0; i < batch.lines.length; i++) {
        const line = batch.firstLine + i;
        if (!lines.has(line)) continue;
        const id = (JSON.parse(batch.lines[i]) as { id: string }).id;
        ids.set(key({ fileIndex, line }), id);
      }
      if (batch.firstLine + batch.lines.length > last) break;
    }
  }
  return ids;
}
