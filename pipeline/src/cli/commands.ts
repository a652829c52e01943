// The frozen table of CLI verbs. Adding a verb = one file in cli/ and one row here.
import type { Command } from "./command.ts";
import { schemasCommand } from "./schemas.ts";

export const COMMANDS: readonly Command[] = Object.freeze([schemasCommand]);
