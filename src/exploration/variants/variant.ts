/**
 * The record that is a variant: everything the suite knows of one exploration bonus, in one file
 * under `src/exploration/variants/`. The registry (`mod.ts`) lists the records; the result
 * schema's variant ids, the hill's columns and objective panels, the gradient study's weights,
 * the Minigrid learner's weights and bonus model and the report's titles are all read from them.
 *
 * A record is light: it imports no tfjs, so the result schema, stats and report can read it. A
 * bonus model that needs tfjs is reached through {@link MinigridPart.model}, a dynamic import
 * that only the learner resolves.
 *
 * @module
 */

import type { CodeColumn } from "../../envs/hill/rollouts.ts";
import type {
  Exploration,
  ExplorationOptions,
  LambdaTarget,
  VariantWeights,
} from "../exploration.ts";

/** Builds a variant's Minigrid bonus model. */
export type ExplorationFactory = (options: ExplorationOptions) => Exploration;

/** How a variant enters the hill studies (hill.md §4–§5b): L = J + λ·Σ of its bonus columns. */
export interface HillPart {
  /** The raw columns λ weighs, e.g. `["J_state", "J_action"]` for `joint`; none for `none`. */
  bonus: readonly string[];
  /** A column of the variant's own, computed from the rollouts' bin codes, with its name. */
  column?: { name: string; fromCodes: CodeColumn };
  /** λ values of its landscape and improvement panels. */
  panelLambdas: readonly number[];
}

/**
 * The bonus model's shape in the lockstep learner (src/learners/lockstep/), which batches runs of
 * one shape: none (no density), MV (the marginal visitation of `state`), CV (the future-feature
 * visitation of `future-kl`).
 */
export type DensityShape = "none" | "mv" | "cv";

/** How a variant enters the Minigrid learner (objective.md §6). */
export interface MinigridPart {
  /** α_sac, α_∞ and N as the variant runs by default. */
  weights: VariantWeights;
  /** Which weight a benchmark's λ replaces, or none. */
  lambdaSets: LambdaTarget;
  /** Loads the bonus model (a dynamic import, so that reading the record loads no tfjs). */
  model: () => Promise<ExplorationFactory>;
  /**
   * Its density shape in the lockstep learner; absent where that learner does not implement the
   * bonus, and then the variant's runs train one at a time with the single-run learner.
   */
  lockstep?: DensityShape;
}

/** One exploration variant. */
export interface VariantRecord<Id extends string = string> {
  /** Suite id, as result files, benchmarks and `--variant` spell it. */
  id: Id;
  /** Report title, e.g. "state entropy". */
  title: string;
  /** R^int in words and symbols (objective.md §3), shown by the report and `bench --list`. */
  definition: string;
  /** What λ weighs, in words. */
  lambda: string;
  /** Its hill part; absent for a Minigrid-only variant. */
  hill?: HillPart;
  /** Its Minigrid part. */
  minigrid: MinigridPart;
}

/**
 * Checks a record's shape at compile time and keeps its literal type, so that the registry knows
 * each id and which variants have a hill part.
 */
export function defineVariant<const R extends VariantRecord>(record: R): R {
  return record;
}
