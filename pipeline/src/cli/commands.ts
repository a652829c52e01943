// The frozen table of CLI verbs. Adding a verb = one file in cli/ and one row here.
import type { Command } from "./command.ts";
import { compareCommand } from "./compare.ts";
import { datasetBuildCommand } from "./dataset-build.ts";
import { datasetContaminationCommand } from "./dataset-contamination.ts";
import { datasetDiffCommand } from "./dataset-diff.ts";
import { datasetExportCommand } from "./dataset-export.ts";
import { datasetPreviewCommand } from "./dataset-preview.ts";
import { datasetStatsCommand } from "./dataset-stats.ts";
import { demoCommand } from "./demo.ts";
import { doctorCommand } from "./doctor.ts";
import { inferCommand } from "./infer.ts";
import { judgeCommand } from "./judge.ts";
import { judgeCasesCommand } from "./judge-cases.ts";
import { leaderboardCommand } from "./leaderboard.ts";
import { modelInitCommand } from "./model-init.ts";
import { modelMergeCommand } from "./model-merge.ts";
import { modelPlanCommand } from "./model-plan.ts";
import { packageCommand } from "./package.ts";
import { packageVerifyCommand } from "./package-verify.ts";
import { promoteCommand } from "./promote.ts";
import { publishCommand } from "./publish.ts";
import { regressCommand } from "./regress.ts";
import { reportCommands } from "./report.ts";
import { reviewInitCommand } from "./review-init.ts";
import { runCommand } from "./run.ts";
import { schemasCommand } from "./schemas.ts";
import { sweepCommands } from "./sweep.ts";
import { tracesCheckCommand } from "./traces-check.ts";
import { tracesImportCommand } from "./traces-import.ts";
import { tracesSynthCommand } from "./traces-synth.ts";
import { trainCommand } from "./train.ts";
import { validateCommand } from "./validate.ts";

export const COMMANDS: readonly Command[] = Object.freeze([
  demoCommand,
  runCommand,
  inferCommand,
  judgeCommand,
  regressCommand,
  judgeCasesCommand,
  schemasCommand,
  validateCommand,
  datasetBuildCommand,
  datasetExportCommand,
  datasetStatsCommand,
  datasetDiffCommand,
  datasetContaminationCommand,
  datasetPreviewCommand,
  publishCommand,
  packageCommand,
  packageVerifyCommand,
  promoteCommand,
  ...reportCommands,
  reviewInitCommand,
  ...sweepCommands,
  tracesImportCommand,
  tracesCheckCommand,
  tracesSynthCommand,
  trainCommand,
  compareCommand,
  leaderboardCommand,
  doctorCommand,
  modelInitCommand,
  modelPlanCommand,
  modelMergeCommand,
]);
