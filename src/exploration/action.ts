/**
 * `action`: P2's "SAC", the action-entropy term alone: λ = α_sac = 0.002, α_∞ = 0, no density
 * step (objective.md §6, future-kl.md §11). The learner applies α_sac in the critic target and the
 * advantage; the bonus model is that of `none`.
 *
 * @module
 */

import type { VariantModule } from "./exploration.ts";
import { NoVisitationBonus } from "./none.ts";

/** `action`: α_sac = λ (default 0.002), α_∞ = 0. */
export const ACTION: VariantModule = {
  weights: { alphaSac: 0.002, alphaInf: 0, horizon: 1 },
  lambdaSets: "alphaSac",
  create: () => new NoVisitationBonus(),
};
