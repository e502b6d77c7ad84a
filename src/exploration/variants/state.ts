/**
 * `state`: the discounted state-visitation entropy (objective.md §3). On the hill λ weighs
 * J_state, the bonus −log(10⁻⁴ + p̂(x)) of the discounted histogram (hill.md §3); on Minigrid it
 * is P2's marginal-visitation model "MV" on its own, α_∞ = λ = 0.01, α_sac = 0 (objective.md §6,
 * future-kl.md §11).
 *
 * @module
 */

import { defineVariant } from "./variant.ts";

/** `state`: MV bonus with α_∞ = λ (default 0.01), α_sac = 0, N = 1. */
export const STATE = defineVariant({
  id: "state",
  title: "state-visitation entropy",
  definition: "R^int = −log d^{π,γ}(s)",
  lambda: "the state-visitation bonus: J_state on the hill, α_∞ on Minigrid",
  hill: { bonus: ["J_state"], panelLambdas: [0.05, 0.1, 1] },
  minigrid: {
    weights: { alphaSac: 0, alphaInf: 0.01, horizon: 1 },
    lambdaSets: "alphaInf",
    lockstep: "mv",
    model: async () => {
      const { MarginalVisitation } = await import("../state.ts");
      return (opts) => new MarginalVisitation(opts);
    },
  },
});
