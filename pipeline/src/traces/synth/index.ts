// Public entry of the synthetic trace generators.
//   registry:   GENERATORS, getGenerator            (name → generator; one file per family)
//   generate:   synthesize, adhocSet                (sets of traces with ids synth:<set>:<n>)
//   the plan:   SYNTH_PLAN, SYNTH_DIR, renderPlan, writePlan, checkPlan, renderTraces
//   building:   createRng, deriveSeed, defineGenerator, createWork, checkClaims, evaluate

export { createRng, deriveSeed, type Rng } from "../../random.ts";
export { type Claim, checkClaims, evaluate } from "./claims.ts";
export { checkPlan, type FileStatus, renderPlan, renderTraces, type SynthFile, writePlan } from "./files.ts";
export {
  defineGenerator,
  type Generator,
  type OptionSpec,
  type Options,
  type SynthItem,
} from "./generator.ts";
export { SYNTH_DIR, SYNTH_PLAN } from "./plan.ts";
export { GENERATORS, getGenerator } from "./registry.ts";
export { adhocSet, type SynthPart, type SynthSet, synthesize } from "./synthesize.ts";
export { createWork, type Work } from "./work.ts";
