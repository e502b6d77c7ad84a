/**
 * `action`: the action-entropy term alone (objective.md §3). On the hill λ weighs J_action, the
 * single-sample −log π of the pre-noise action (hill.md §3); on Minigrid it is P2's "SAC":
 * λ = α_sac = 0.002, α_∞ = 0, no density step (objective.md §6, future-kl.md §11). The learner
 * applies α_sac in the critic target and the advantage; the bonus model is that of `none`.
 *
 * @module
 */

import { NoVisitationBonus } from "../none.ts";
import { defineVariant } from "./variant.ts";

/** `action`: α_sac = λ (default 0.002), α_∞ = 0. */
export const ACTION = defineVariant({
  id: "action",
  title: "action entropy",
  definition: "R^int = −log π(a|s)",
  lambda: "the action entropy: J_action on the hill, α_sac on Minigrid",
  hill: { bonus: ["J_action"], panelLambdas: [0.01, 0.1, 0.5] },
  minigrid: {
    weights: { alphaSac: 0.002, alphaInf: 0, horizon: 1 },
    lambdaSets: "alphaSac",
    lockstep: "none",
    model: () => Promise.resolve(() => new NoVisitationBonus()),
  },
});
