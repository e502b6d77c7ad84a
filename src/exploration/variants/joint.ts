/**
 * `joint`: the state term of `state` plus the action term of `action` (objective.md §3). On the
 * hill one λ weighs both, λ(J_state + J_action), the deck's form; on Minigrid it is P2's
 * "OPAC+MV": λ = α_∞ = 0.01 with α_sac = 0.002 fixed (objective.md §6, future-kl.md §11). The
 * bonus model is the MV model of `state`; the learner applies α_sac.
 *
 * @module
 */

import { defineVariant } from "./variant.ts";

/** `joint`: MV bonus with α_∞ = λ (default 0.01) and α_sac = 0.002, N = 1. */
export const JOINT = defineVariant({
  id: "joint",
  title: "state and action entropy",
  definition: "R^int = −log(d^{π,γ}(s) π(a|s))",
  lambda: "both entropy terms on the hill; α_∞ on Minigrid (α_sac stays 0.002)",
  hill: { bonus: ["J_state", "J_action"], panelLambdas: [0.01, 0.05, 0.1, 0.5, 1] },
  minigrid: {
    weights: { alphaSac: 0.002, alphaInf: 0.01, horizon: 1 },
    lambdaSets: "alphaInf",
    lockstep: "mv",
    model: async () => {
      const { MarginalVisitation } = await import("../state.ts");
      return (opts) => new MarginalVisitation(opts);
    },
  },
});
