/**
 * `state`: P2's marginal-visitation model "MV" (future-kl.md §11) on its own, α_∞ = λ = 0.01,
 * α_sac = 0 (objective.md §6). d_ψ(s) is a factorised categorical with no input, logits starting
 * at 0, fitted on replay states weighted by (1−γ)γ^t so that it estimates the discounted occupancy
 * d^{π,γ}; the bonus is −log d_ψ^x(x_t) − log d_ψ^y(y_t) − log|Z|, clipped, on the current state.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import {
  clippedBonus,
  type Exploration,
  type ExplorationOptions,
  type ExplorationSettings,
  type SequenceBatch,
} from "./exploration.ts";
import { type StateTree, subtree } from "../checkpoint/mod.ts";
import { Adam, assignTensors, readVariables } from "../nn/mlp.ts";
import { Logits, type SymbolicLayout } from "../nn/symbolic.ts";

/** The MV model: one categorical per component, fitted by Adam on γ^t-weighted replay states. */
export class MarginalVisitation implements Exploration {
  /** The model is trained on its own replay batch. */
  readonly learnsDensity = true;
  readonly #layout: SymbolicLayout;
  readonly #settings: ExplorationSettings;
  /** Logits, C × n_max; padding columns are never read and get gradient 0. */
  readonly #logits: tf.Variable;
  readonly #adam: Adam;
  /** dL/dlogits, C × n_max. */
  readonly #grad: Float32Array;
  /** The logits as last read back, or null after an update. */
  #read: Logits | null = null;

  /** A model with all logits 0 (uniform components). */
  constructor(opts: ExplorationOptions) {
    const { layout, settings } = opts;
    this.#layout = layout;
    this.#settings = settings;
    this.#logits = tf.tidy(() => tf.variable(tf.zeros([layout.components, layout.slot]), true));
    this.#adam = new Adam([this.#logits], { ...settings, lr: settings.lrDensity });
    this.#grad = new Float32Array(layout.components * layout.slot);
  }

  /**
   * One Adam step on L(ψ) = −(1/B) Σ_b w_b log d_ψ(s_b) / Σ_b w_b, w_b = (1−γ)γ^{t_b}, over every
   * component of the first state of each sequence (future-kl.md §11; the extra 1/Σw is F8, kept).
   * Its gradient is (1/B)(softmax_i(ψ_i) − h_i) per component i, h_i the w-weighted histogram.
   */
  async update(batch: SequenceBatch): Promise<void> {
    const { components: C, slot, sizes } = this.#layout;
    const gamma = this.#settings.gammaVisitation;
    const logits = await this.#current(), grad = this.#grad, B = batch.size;
    const stride = batch.length * C;
    let total = 0;
    for (let b = 0; b < B; b++) total += (1 - gamma) * gamma ** batch.steps[b * batch.length];
    for (let i = 0; i < C; i++) {
      logits.softmaxInto(i * slot, sizes[i], { out: grad, at: i * slot, scale: 1 / B });
    }
    for (let b = 0; b < B; b++) {
      const w = (1 - gamma) * gamma ** batch.steps[b * batch.length] / total;
      for (let i = 0; i < C; i++) grad[i * slot + batch.obs[b * stride + i]] -= w / B;
    }
    const gradient = tf.tensor2d(grad, [C, slot]);
    try {
      await this.#adam.step([gradient]);
    } finally {
      gradient.dispose();
    }
    this.#read = null;
  }

  /** r_int = α_∞·min(−log d^x(x_t) − log d^y(y_t) − log|Z|, log(10³|Z|)) on each first state. */
  async reward(batch: SequenceBatch, _policy: unknown, out: Float32Array): Promise<void> {
    const { components: C, slot, sizes, feature, logZ } = this.#layout;
    const logits = await this.#current();
    const [fx, fy] = feature;
    const lseX = logits.logSumExp(fx * slot, sizes[fx]);
    const lseY = logits.logSumExp(fy * slot, sizes[fy]);
    const stride = batch.length * C, l = logits.values;
    for (let b = 0; b < batch.size; b++) {
      const x = batch.obs[b * stride + fx], y = batch.obs[b * stride + fy];
      const negLogQ = lseX - l[fx * slot + x] + lseY - l[fy * slot + y];
      out[b] = clippedBonus(negLogQ, logZ, this.#settings);
    }
  }

  /** The model's current law of each component, per component (for tests and reports). */
  async probabilities(): Promise<number[][]> {
    const { slot, sizes } = this.#layout;
    const logits = await this.#current();
    return sizes.map((n, i) => logits.probabilities(i * slot, n));
  }

  /** Logits and optimiser state. */
  async saveState(): Promise<StateTree> {
    return { logits: await readVariables([this.#logits]), adam: await this.#adam.saveState() };
  }

  /** Restores a state saved by {@link MarginalVisitation.saveState}. */
  loadState(state: StateTree): void {
    assignTensors([this.#logits], state, "logits", (_, v) => {
      this.#logits.assign(v);
      v.dispose();
    });
    this.#adam.loadState(subtree(state, "adam"));
    this.#read = null;
  }

  /** Frees the logits and optimiser state. */
  dispose(): void {
    this.#logits.dispose();
    this.#adam.dispose();
  }

  /** The logits, read back once per change. */
  async #current(): Promise<Logits> {
    this.#read ??= new Logits((await this.#logits.data()) as Float32Array, "MV density");
    return this.#read;
  }
}
