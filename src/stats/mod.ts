/**
 * Statistics for explore-bench: small pure functions over plain number arrays, in the style of
 * rliable. Randomness, where a function needs it, comes in as an `Rng` in the options, so the
 * same seed gives the same interval.
 *
 * ```ts
 * import { iqm, stratifiedBootstrapCI } from "./mod.ts";
 * import { Rng } from "../rng/mod.ts";
 *
 * const scores = [[0.1, 0.4, 0.3], [0.8, 0.7, 0.9]]; // tasks × seeds
 * const ci = stratifiedBootstrapCI(scores, (m) => iqm(m.flat()), { rng: Rng.fromSeed(0) });
 * ```
 *
 * @module
 */

export type { BootstrapOptions, Interval, LevelOptions } from "./types.ts";
export {
  iqm,
  mean,
  median,
  movingAverage,
  quantile,
  sd,
  standardError,
  trimmedMean,
  variance,
} from "./summary.ts";
export {
  bootstrapDiffCI,
  type DiffBootstrapOptions,
  newcombeInterval,
  percentileBootstrapCI,
  studentTCI,
  wilsonInterval,
} from "./intervals.ts";
export {
  mannWhitneyMinP,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyTest,
  probabilityOfImprovement,
  probabilityOfImprovementCI,
  SPEED_RULE,
  type SpeedRuleOptions,
  type SpeedVerdict,
  speedVerdict,
  type WelchResult,
  welchTTest,
} from "./compare.ts";
export {
  type CurvePoint,
  iqmCurveBootstrap,
  performanceProfile,
  type ProfilePoint,
  stratifiedBootstrapCI,
} from "./aggregate.ts";
export { type GridMaximum, localMaxima } from "./landscape.ts";
