/**
 * `none`: no bonus, L = J (objective.md §3). On Minigrid α_sac = α_∞ = 0; in explore mode
 * (α_r = 0) it gets no learning signal, so its policy stays near its initialisation
 * (minigrid-experiments.md §3).
 *
 * @module
 */

import { NoVisitationBonus } from "../none.ts";
import { defineVariant } from "./variant.ts";

/** `none`: the baseline every bonus is compared with. */
export const NONE = defineVariant({
  id: "none",
  title: "no bonus",
  definition: "R^int = 0",
  lambda: "nothing (λ has no effect)",
  hill: { bonus: [], panelLambdas: [0] },
  minigrid: {
    weights: { alphaSac: 0, alphaInf: 0, horizon: 1 },
    lambdaSets: null,
    lockstep: "none",
    model: () => Promise.resolve(() => new NoVisitationBonus()),
  },
});
