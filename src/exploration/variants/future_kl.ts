/**
 * `future-kl`: −KL of the discounted future-feature visitation to a uniform target
 * (objective.md §4). On the hill λ weighs J_fkl, the pooled-bin estimate of hill.md §9, a column
 * of this variant's own; on Minigrid it is P2's conditional-visitation model "OPAC+CV":
 * α_∞ = λ = 0.01, α_sac = 0.002, sequences of N = 10 (objective.md §6, future-kl.md §3–§11).
 *
 * @module
 */

import { futureKlColumn } from "../../envs/hill/future_kl.ts";
import { defineVariant } from "./variant.ts";

/** `future-kl`: CV bonus with α_∞ = λ (default 0.01), α_sac = 0.002, N = 10. */
export const FUTURE_KL = defineVariant({
  id: "future-kl",
  title: "future-feature KL",
  definition: "R^int = −KL(q^π(·|s,a) ‖ q*)",
  lambda: "the future-KL bonus: J_fkl on the hill, α_∞ on Minigrid",
  hill: {
    bonus: ["J_fkl"],
    column: { name: "J_fkl", fromCodes: futureKlColumn },
    panelLambdas: [0.05, 0.1, 1],
  },
  minigrid: {
    weights: { alphaSac: 0.002, alphaInf: 0.01, horizon: 10 },
    lambdaSets: "alphaInf",
    lockstep: "cv",
    model: async () => {
      const { FutureKl } = await import("../future_kl.ts");
      return (opts) => new FutureKl(opts);
    },
  },
});
