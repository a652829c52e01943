// What changed between two versions of a lock's splits: per split, the traces added, removed and
// changed (same id, new content hash). Used by `checkDatasetLock` to say why a lock is stale and by
// `dataset diff` for the PR comment. Ids are listed in id order.
//
//   for (const c of compareSplits(oldLock.splits, newLock.splits)) c.split, c.added.length …
import type { DatasetLock } from "../schemas/lock.ts";

export interface SplitChange {
  split: string;
  /** Entries in the base version (0 when the split is new). */
  base: number;
  /** Entries in the head version (0 when the split is gone). */
  head: number;
  added: string[];
  removed: string[];
  /** Same id, different content hash. */
  changed: string[];
}

/** One row per split name of either side, in sorted order. `base` undefined: everything is added. */
export function compareSplits(
  base: DatasetLock["splits"] | undefined,
  head: DatasetLock["splits"],
): SplitChange[] {
  const names = [...new Set([...Object.keys(base ?? {}), ...Object.keys(head)])].sort();
  return names.map((split) => {
    const before = base?.[split] ?? [];
    const after = head[split] ?? [];
    const old = new Map(before.map((e) => [e.id, e.hash]));
    const now = new Map(after.map((e) => [e.id, e.hash]));
    const added: string[] = [];
    const changed: string[] = [];
    for (const e of after) {
      const h = old.get(e.id);
      if (h === undefined) added.push(e.id);
      else if (h !== e.hash) changed.push(e.id);
    }
    const removed = before.filter((e) => !now.has(e.id)).map((e) => e.id);
    const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      split,
      base: before.length,
      head: after.length,
      added: added.sort(byId),
      removed: removed.sort(byId),
      changed: changed.sort(byId),
    };
  });
}

/** `train: 2 added, 1 changed (first: gsm8k-12)`; undefined when the split did not change. */
export function describeSplitChange(c: SplitChange): string | undefined {
  const parts: string[] = [];
  if (c.added.length) parts.push(`${c.added.length} added`);
  if (c.removed.length) parts.push(`${c.removed.length} removed`);
  if (c.changed.length) parts.push(`${c.changed.length} changed`);
  if (!parts.length) return undefined;
  const first = c.changed[0] ?? c.added[0] ?? c.removed[0];
  return `${c.split}: ${parts.join(", ")} (first: ${first})`;
}
