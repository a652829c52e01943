// Markdown of a DatasetDiff for a PR comment: a table of split sizes with traces added, removed and
// changed, the manifest fields that changed, the composition rows that changed, and (folded) the
// ids added and removed. Every piece of data text is escaped (backslash before markup characters,
// newlines flattened), so labels cannot inject markup, links, math or @mentions.
//
//   const md = formatDiffMarkdown(await diffDataset(root, "demo", "origin/main"));
import type { DatasetDiff } from "./diff.ts";

export interface MarkdownOptions {
  /** Ids listed per split and direction before "… and N more". Default 10. */
  maxIds?: number;
}

export function formatDiffMarkdown(d: DatasetDiff, opts: MarkdownOptions = {}): string {
  const maxIds = opts.maxIds ?? 10;
  const out: string[] = [`### Dataset \`${d.name}\` vs \`${escapeCode(d.base)}\``, ""];
  if (d.isNew) out.push(`New dataset: no lock at \`${escapeCode(d.base)}\`, so every trace is added.`, "");
  if (d.manifestChanged) {
    const fields = d.manifestFields.map(
      (f) => `\`${escapeCode(f.field)}\`: ${showValue(f.base)} → ${showValue(f.head)}`,
    );
    out.push(`Manifest changed${fields.length ? `: ${fields.join("; ")}` : ""}.`, "");
  }
  if (d.manifestNote) out.push(`Note: ${escapeMarkdown(d.manifestNote)}.`, "");
  out.push("| split | base | head | Δ | added | removed | changed |", "|:--|--:|--:|--:|--:|--:|--:|");
  for (const s of d.splits) {
    out.push(
      `| ${escapeMarkdown(s.split)} | ${s.base} | ${s.head} | ${signed(s.head - s.base)} | ${s.added.length} | ${s.removed.length} | ${s.changed.length} |`,
    );
  }
  out.push("");
  if (d.composition.length === 0) out.push("No change in composition.");
  else {
    out.push(
      "**Composition changes**",
      "",
      "| split | by | value | base | head | Δ |",
      "|:--|:--|:--|--:|--:|--:|",
    );
    for (const c of d.composition) {
      out.push(
        `| ${escapeMarkdown(c.split)} | ${c.dimension} | ${escapeMarkdown(c.label)} | ${c.base} | ${c.head} | ${signed(c.head - c.base)} |`,
      );
    }
  }
  const lists: string[] = [];
  for (const s of d.splits) {
    for (const [what, ids] of [
      ["added", s.added],
      ["removed", s.removed],
      ["changed", s.changed],
    ] as const) {
      if (ids.length === 0) continue;
      const shown = ids.slice(0, maxIds).map((id) => `\`${escapeCode(id)}\``);
      const more = ids.length > maxIds ? `, … and ${ids.length - maxIds} more` : "";
      lists.push(`- ${escapeMarkdown(s.split)} ${what} (${ids.length}): ${shown.join(", ")}${more}`);
    }
  }
  if (lists.length)
    out.push(
      "",
      "<details><summary>Traces added, removed and changed</summary>",
      "",
      ...lists,
      "",
      "</details>",
    );
  return `${out.join("\n")}\n`;
}

/**
 * Backslash before every character that can start markup, a link, math, an HTML tag, an entity or an
 * @mention in GitHub Markdown (`/`, `-`, `,` and the like stay readable); line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/[\\`*_{}[\]()#+!|<>~@&:.$]/g, "\\$&");
}

/** Text for inside a code span: no backticks or line breaks can end it early. */
function escapeCode(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/`/g, "'");
}

function showValue(v: unknown): string {
  if (v === undefined) return "(none)";
  const s = JSON.stringify(v);
  return escapeMarkdown(s.length > 80 ? `${s.slice(0, 79)}…` : s);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
