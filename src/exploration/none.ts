/**
 * `none`: no bonus, α_sac = α_∞ = 0 (objective.md §6). In explore mode (α_r = 0) it gets no
 * learning signal, so its policy stays near its initialisation (minigrid-experiments.md §3).
 *
 * @module
 */

import type { StateTree } from "../results/checkpoint.ts";
import type { Exploration, SequenceBatch, VariantModule } from "./exploration.ts";

/** The bonus of a variant without a visitation model: r_int = 0 and no density step. */
export class NoVisitationBonus implements Exploration {
  /** No model, so the learner samples no density batch. */
  readonly learnsDensity = false;

  /** Nothing to train. */
  update(): Promise<void> {
    return Promise.resolve();
  }

  /** r_int = 0 for every sequence. */
  reward(_batch: SequenceBatch, _policy: unknown, out: Float32Array): Promise<void> {
    out.fill(0);
    return Promise.resolve();
  }

  /** No state. */
  saveState(): StateTree {
    return {};
  }

  /** No state. */
  loadState(): void {}

  /** Nothing to free. */
  dispose(): void {}
}

/** `none`: α_sac = 0, α_∞ = 0; λ has no effect. */
export const NONE: VariantModule = {
  weights: { alphaSac: 0, alphaInf: 0, horizon: 1 },
  lambdaSets: null,
  create: () => new NoVisitationBonus(),
};
