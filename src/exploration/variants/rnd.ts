/**
 * `rnd`: random network distillation (Burda et al. 2018, "Exploration by Random Network
 * Distillation"). A fixed, randomly initialised target network f and a predictor f̂ trained to
 * match it, both tanh MLPs on the one-hot symbolic observation; the bonus of a transition is the
 * predictor's error on the state it reaches, e(s') = mean_k (f̂_k(s') − f_k(s'))², which shrinks
 * where the agent has often been. As in the paper the bonus is divided by a running standard
 * deviation, here of every error computed so far, so λ keeps one scale while the errors shrink:
 * r_int = α_∞ · e(s') / std(e).
 *
 * Minigrid only: the hill's 1-D state has no observation to distil (its bonuses are columns of
 * the rollouts, see `hill.ts`), so the record has no hill part. Settings: α_∞ = λ = 0.01,
 * α_sac = 0; the predictor is trained with the density model's learning rate and hidden widths
 * (lrDensity, densityHidden), one Adam step per iteration on the density batch; f outputs
 * {@link RND_FEATURES} features.
 *
 * @module
 */

import { numberField, type StateTree, subtree } from "../../checkpoint/mod.ts";
import type { Rng } from "../../rng/mod.ts";
import type { Exploration, ExplorationOptions, SequenceBatch } from "../exploration.ts";
import type { Mlp } from "../../nn/mlp.ts";
import type { OneHotRows } from "../../nn/symbolic.ts";
import { defineVariant } from "./variant.ts";

/** Output width of the target and the predictor (the paper uses 512 for Atari frames). */
export const RND_FEATURES = 64;

/** The network classes, passed in so that reading this record loads no tfjs. */
export interface RndNetworks {
  /** The MLP class. */
  Mlp: typeof Mlp;
  /** The input-row buffer class. */
  OneHotRows: typeof OneHotRows;
}

/** The RND bonus model: fixed target, trained predictor and the running error statistics. */
export class RandomNetworkDistillation implements Exploration {
  /** The predictor is trained on its own replay batch. */
  readonly learnsDensity = true;
  readonly #target: Mlp;
  readonly #predictor: Mlp;
  readonly #rows: OneHotRows;
  readonly #alphaInf: number;
  /** Welford's running count, mean and sum of squared deviations of the errors. */
  #n = 0;
  #mean = 0;
  #m2 = 0;

  /** A target and a predictor drawn from `opts.rng` (children "target" and "predictor"). */
  constructor(opts: ExplorationOptions, nets: RndNetworks) {
    const { layout, settings, batchSize } = opts;
    const sizes = [layout.width, ...settings.densityHidden, RND_FEATURES];
    const init = (rng: Rng): { sizes: number[]; gain: number; rng: Rng } => ({
      sizes,
      gain: settings.initGain,
      rng,
    });
    this.#target = nets.Mlp.create(init(opts.rng.child("target")));
    this.#predictor = nets.Mlp.create({
      ...init(opts.rng.child("predictor")),
      adam: { ...settings, lr: settings.lrDensity },
    });
    this.#rows = new nets.OneHotRows(layout, { numActions: 0, maxRows: batchSize });
    this.#alphaInf = settings.alphaInf;
  }

  /**
   * e(s) = mean_k (f̂_k(s) − f_k(s))² of `rows` states of `obs` (rows of C components), state r
   * being row r·`stride`; no training. At most the batch size of states.
   */
  async predictionErrors(obs: Int32Array, rows: number, stride = 1): Promise<Float32Array> {
    this.#fill(obs, rows, stride);
    const [target, predicted] = await Promise.all([
      this.#target.predict(this.#rows),
      this.#predictor.predict(this.#rows),
    ]);
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let e = 0;
      for (let k = r * RND_FEATURES; k < (r + 1) * RND_FEATURES; k++) {
        e += (predicted[k] - target[k]) ** 2;
      }
      out[r] = e / RND_FEATURES;
    }
    return out;
  }

  /** One Adam step of the predictor on the mean squared error at each sequence's first s'. */
  async update(batch: SequenceBatch): Promise<void> {
    const B = batch.size;
    this.#fill(batch.nextObs, B, batch.length);
    const target = await this.#target.predict(this.#rows);
    const scale = 2 / (B * RND_FEATURES);
    await this.#predictor.train(this.#rows, (out, grad) => {
      for (let k = 0; k < B * RND_FEATURES; k++) grad[k] = scale * (out[k] - target[k]);
    });
  }

  /** α_∞·e(s')/std(e) for each sequence's first s', the errors first joining the running std. */
  async reward(batch: SequenceBatch, _policy: unknown, out: Float32Array): Promise<void> {
    const errors = await this.predictionErrors(batch.nextObs, batch.size, batch.length);
    for (const e of errors) {
      const delta = e - this.#mean;
      this.#mean += delta / ++this.#n;
      this.#m2 += delta * (e - this.#mean);
    }
    const std = this.#n > 1 ? Math.sqrt(this.#m2 / (this.#n - 1)) : 0;
    // Before the errors spread (one batch of equal errors), they are left unscaled.
    const scale = this.#alphaInf / (std > 0 ? std : 1);
    for (let b = 0; b < batch.size; b++) out[b] = scale * errors[b];
  }

  /** Both networks (the predictor with its optimiser) and the running statistics. */
  async saveState(): Promise<StateTree> {
    return {
      target: await this.#target.saveState(),
      predictor: await this.#predictor.saveState(),
      n: this.#n,
      mean: this.#mean,
      m2: this.#m2,
    };
  }

  /** Restores a state saved by {@link RandomNetworkDistillation.saveState}. */
  loadState(state: StateTree): void {
    this.#target.loadState(subtree(state, "target"));
    this.#predictor.loadState(subtree(state, "predictor"));
    this.#n = numberField(state, "n");
    this.#mean = numberField(state, "mean");
    this.#m2 = numberField(state, "m2");
  }

  /** Frees both networks. */
  dispose(): void {
    this.#target.dispose();
    this.#predictor.dispose();
  }

  /** The input rows: state 0 of each of `rows` sequences of `stride` entries. */
  #fill(obs: Int32Array, rows: number, stride: number): void {
    this.#rows.clear();
    for (let r = 0; r < rows; r++) this.#rows.push(obs, r * stride);
  }
}

/** `rnd`: r_int = α_∞·e(s')/std(e), α_∞ = λ (default 0.01), α_sac = 0; Minigrid only. */
export const RND = defineVariant({
  id: "rnd",
  title: "random network distillation",
  definition: "R^int = ‖f̂(s') − f(s')‖²/std, f a fixed random network, f̂ trained to match it",
  lambda: "the RND bonus α_∞ (Minigrid only)",
  minigrid: {
    weights: { alphaSac: 0, alphaInf: 0.01, horizon: 1 },
    lambdaSets: "alphaInf",
    model: async () => {
      const [{ Mlp }, { OneHotRows }] = await Promise.all([
        import("../../nn/mlp.ts"),
        import("../../nn/symbolic.ts"),
      ]);
      return (opts) => new RandomNetworkDistillation(opts, { Mlp, OneHotRows });
    },
  },
});
