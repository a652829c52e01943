// `tunix-rt sweep import <dir>` — copy the trial run folders under <dir> (workflow artifacts, one
// folder each holding run.json) into runs/<id>/, each checked against its schemas first.
import { importRunFolders } from "../sweep/import.ts";
import { type Command, JSON_OPTION } from "./command.ts";

export const sweepImportCommand: Command = {
  name: "sweep import",
  summary: "copy downloaded trial run folders into runs/<id>/ (validated; ids from their run.json)",
  usage: "<dir>",
  positionals: [1, 1],
  options: { ...JSON_OPTION },
  async run({ args, opts, root, out }) {
    const ids = await importRunFolders(root, args[0]);
    if (opts.json) out(JSON.stringify({ imported: ids.length, runs: ids }));
    else out(`imported ${ids.length} run folder(s)${ids.length ? `: ${ids.join(", ")}` : ""}`);
    return 0;
  },
};
