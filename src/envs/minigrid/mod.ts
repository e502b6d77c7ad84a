/**
 * Farama Minigrid 3.1.0's core rules over typed arrays: B environments stepped together with
 * their 7×7×3 egocentric images, layouts restored from reference-trace reset records, and the
 * trace replay that checks the port cell by cell; layout generators for every env id, a batch
 * that draws its own layouts with auto-reset, the symbolic observation, and SVG pictures.
 *
 * @module
 */

export * from "./objects.ts";
export * from "./layout.ts";
export { BatchGrid, type BatchGridOptions, VIEW_PAD } from "./grid.ts";
export {
  OBS_SIZE,
  type ObservationSources,
  ObservationWriter,
  VIEW_SIZE,
  viewOffsets,
} from "./observation.ts";
export { MinigridBatch, type MinigridBatchOptions } from "./batch_env.ts";
export { MinigridEnv, type StepOutcome } from "./single_env.ts";
export { MINIGRID_ENVS, type MinigridEnvSpec, type SuccessRule } from "./env_specs.ts";
export { resetRecordFor, type RestoredLayout, restoreLayout } from "./layout_restore.ts";
export * from "./trace_format.ts";
export * from "./replay.ts";
export * from "./generators/mod.ts";
export { MinigridVecEnv, type MinigridVecEnvOptions } from "./vec_env.ts";
export * from "./symbolic.ts";
export * from "./render_svg.ts";
