/**
 * The bonus model of the variants without a visitation model (`none`, `action`): r_int = 0.
 *
 * @module
 */

import type { StateTree } from "../checkpoint/mod.ts";
import type { Exploration, SequenceBatch } from "./exploration.ts";

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
