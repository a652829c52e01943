// The `sweep …` verbs as one group, registered with one row in commands.ts.
import type { Command } from "./command.ts";
import { sweepCollectCommand } from "./sweep-collect.ts";
import { sweepExpandCommand } from "./sweep-expand.ts";
import { sweepImportCommand } from "./sweep-import.ts";
import { sweepPublishCommand } from "./sweep-publish.ts";
import { sweepRunCommand } from "./sweep-run.ts";

export const sweepCommands: readonly Command[] = Object.freeze([
  sweepExpandCommand,
  sweepRunCommand,
  sweepCollectCommand,
  sweepImportCommand,
  sweepPublishCommand,
]);
