/**
 * `joint`: P2's "OPAC+MV", the state term of `state` plus the action-entropy term:
 * λ = α_∞ = 0.01, α_sac = 0.002 (objective.md §6, future-kl.md §11). The bonus model is the MV
 * model of `state`; the learner applies α_sac.
 *
 * @module
 */

import type { VariantModule } from "./exploration.ts";
import { MarginalVisitation } from "./state.ts";

/** `joint`: MV bonus with α_∞ = λ (default 0.01) and α_sac = 0.002, N = 1. */
export const JOINT: VariantModule = {
  weights: { alphaSac: 0.002, alphaInf: 0.01, horizon: 1 },
  lambdaSets: "alphaInf",
  create: (opts) => new MarginalVisitation(opts),
};
