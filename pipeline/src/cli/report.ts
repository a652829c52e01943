// The `report …` verbs as one group, registered with one row in commands.ts.
import type { Command } from "./command.ts";
import { reportCheckCommand } from "./report-check.ts";
import { reportOutputsCommand } from "./report-outputs.ts";
import { reportPermissionCommand } from "./report-permission.ts";
import { reportPrCommand } from "./report-pr.ts";
import { reportReleaseCommand } from "./report-release.ts";
import { reportSummaryCommand } from "./report-summary.ts";

export const reportCommands: readonly Command[] = Object.freeze([
  reportPrCommand,
  reportSummaryCommand,
  reportCheckCommand,
  reportPermissionCommand,
  reportOutputsCommand,
  reportReleaseCommand,
]);
