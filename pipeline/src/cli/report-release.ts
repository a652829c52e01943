// `tunix-rt report release --tag <tag> [--prefix p] [--target commit] <file-or-folder…> [--json]` —
// attach files (model weights) to a GitHub release, creating the release when the tag has none.
import { githubContext } from "../github/actions-env.ts";
import { uploadReleaseAssets } from "../github/release.ts";
import { type Command, JSON_OPTION } from "./command.ts";
import { requireOption } from "./report-options.ts";

export const reportReleaseCommand: Command = {
  name: "report release",
  summary: "attach files (weights) to a GitHub release, replacing assets of the same name",
  usage: "<file-or-folder…>",
  positionals: [1, Number.POSITIVE_INFINITY],
  options: {
    tag: { type: "string", valueName: "<tag>", description: "release tag (required; created when missing)" },
    prefix: {
      type: "string",
      default: "",
      valueName: "<text>",
      description: "prefix of each asset name, e.g. the run id",
    },
    target: {
      type: "string",
      valueName: "<commit>",
      description: "commit for a new tag (default: the default branch)",
    },
    ...JSON_OPTION,
  },
  async run({ args, opts, out }) {
    const result = await uploadReleaseAssets(githubContext(process.env), {
      tag: requireOption(opts, "tag"),
      files: args,
      prefix: String(opts.prefix),
      target: opts.target as string | undefined,
    });
    if (opts.json) out(JSON.stringify(result));
    else for (const a of result.assets) out(`${result.tag}: ${a.name} (${a.bytes} bytes) ${a.url}`);
    return 0;
  },
};
