// Summarise a V8 CPU profile (from `node --cpu-prof`, or `npm run bench -- data --profile`): the
// functions with the most self time, and the share of each source file.
//
//   node bench/profile-summary.ts bench/results/profiles/validate.cpuprofile [top]
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseProfile(profile: Profile, top = 15): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const where = shortUrl(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${where}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    file.set(where, (file.get(where) ?? 0) + dt);
    total += dt;
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) =>
          `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
      );
  return [
    `total ${(total / 1000).toFixed(0)} ms`,
    "",
    "self time by function:",
    ...list(fn),
    "",
    "self time by file:",
    ...list(file),
  ].join("\n");
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) return url.slice(nm + "node_modules/".length);
  const src = url.indexOf("/pipeline/");
  return src !== -1 ? url.slice(src + 1) : url.replace(/^file:\/\//, "");
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: node bench/profile-summary.ts <file.cpuprofile> [top]\n");
    process.exitCode = 2;
  } else {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
    process.stdout.write(`${summariseProfile(profile, top ? Number(top) : 15)}\n`);
  }
}
