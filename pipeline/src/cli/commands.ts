// The frozen table of CLI verbs. Adding a verb = one file in cli/ and one row here.
import type { Command } from "./command.ts";
import { datasetBuildCommand } from "./dataset-build.ts";
import { datasetDiffCommand } from "./dataset-diff.ts";
import { datasetExportCommand } from "./dataset-export.ts";
import { datasetStatsCommand } from "./dataset-stats.ts";
import { publishCommand } from "./publish.ts";
import { schemasCommand } from "./schemas.ts";
import { tracesImportCommand } from "./traces-import.ts";
import { validateCommand } from "./validate.ts";

export const COMMANDS: readonly Command[] = Object.freeze([
  schemasCommand,
  validateCommand,
  datasetBuildCommand,
  datasetExportCommand,
  datasetStatsCommand,
  datasetDiffCommand,
  publishCommand,
  tracesImportCommand,
]);
