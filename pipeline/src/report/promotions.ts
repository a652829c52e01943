// What the model registry (`configs/models.yaml`, written by `tunix-rt promote`) says about runs, for
// the leaderboards: each promoted run's model versions, and leaderboard rows marked with them (tags
// `promoted:<stage>` and `model:<name>`, so the site shows and filters them like any tag).
//
//   const registry = readModelRegistry(root);               // empty when the file does not exist
//   const rows = markPromoted(leaderboardRows(…), promotionsOf(registry));
import path from "node:path";
import { fileExists } from "../io/files.ts";
import { readYamlFile } from "../io/read.ts";
import { ModelRegistry } from "../schemas/models.ts";
import type { LeaderboardRow } from "./leaderboard.ts";

export const MODELS_FILE = "configs/models.yaml";

export interface Promotion {
  name: string;
  version: number;
  stage: "candidate" | "production" | "archived";
}

export function readModelRegistry(root: string): ModelRegistry {
  const file = path.join(root, MODELS_FILE);
  return fileExists(file) ? readYamlFile(file, ModelRegistry, MODELS_FILE) : { schemaVersion: 1, models: [] };
}

/** Run id → its model versions, in registry order. */
export function promotionsOf(registry: ModelRegistry): Map<string, Promotion[]> {
  const out = new Map<string, Promotion[]>();
  for (const m of registry.models) {
    for (const v of m.versions) {
      const list = out.get(v.run) ?? [];
      list.push({ name: m.name, version: v.version, stage: v.stage });
      out.set(v.run, list);
    }
  }
  return out;
}

/** Rows of promoted runs (archived versions aside) get `promoted` labels and the two tags. */
export function markPromoted(
  rows: readonly LeaderboardRow[],
  promotions: ReadonlyMap<string, readonly Promotion[]>,
): LeaderboardRow[] {
  return rows.map((r) => {
    const live = (promotions.get(r.run) ?? []).filter((p) => p.stage !== "archived");
    if (live.length === 0) return r;
    const tags = [...r.tags, ...live.flatMap((p) => [`promoted:${p.stage}`, `model:${p.name}`])];
    return {
      ...r,
      tags: [...new Set(tags)],
      promoted: live.map((p) => `${p.name} v${p.version} (${p.stage})`),
    };
  });
}
