/**
 * The exploration variants as the Minigrid learner drives them (objective.md §6): each variant's
 * weights and bonus model, read from its record in `variants/`. Loading this module loads every
 * bonus model (tfjs among them); the records alone (`variants/mod.ts`) load none.
 *
 * @module
 */

import {
  type ExplorationFactory,
  type Variant,
  VARIANT_RECORDS,
  variantRecord,
} from "./variants/mod.ts";
import type { Exploration, ExplorationOptions, VariantWeights } from "./exploration.ts";

export * from "./exploration.ts";
export { FutureKl, futureSource, geometric } from "./future_kl.ts";
export { MarginalVisitation } from "./state.ts";
export { NoVisitationBonus } from "./none.ts";
export { type Variant, VARIANT_RECORDS, variantRecord, VARIANTS } from "./variants/mod.ts";

/** Each variant's bonus-model factory, resolved once when the learner loads this module. */
const FACTORIES: ReadonlyMap<Variant, ExplorationFactory> = new Map(
  await Promise.all(VARIANT_RECORDS.map(async (r) => [r.id, await r.minigrid.model()] as const)),
);

/**
 * α_sac, α_∞ and N of `variant`; a benchmark's `lambda`, when given, replaces the weight the
 * variant's λ stands for (its record's `lambdaSets`).
 */
export function variantWeights(variant: Variant, lambda?: number): VariantWeights {
  const { weights, lambdaSets } = variantRecord(variant).minigrid;
  const out = { ...weights };
  if (lambda !== undefined && lambdaSets) out[lambdaSets] = lambda;
  return out;
}

/** Builds `variant`'s bonus model. */
export function createExploration(variant: Variant, options: ExplorationOptions): Exploration {
  return FACTORIES.get(variant)!(options);
}
