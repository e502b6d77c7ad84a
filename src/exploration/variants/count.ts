/**
 * `count`: the count-based bonus r_int = 1/√N(z), the baseline of every exploration survey
 * (Strehl & Littman 2008's MBIE-EB form; Bellemare et al. 2016). z is the agent's position:
 * - hill: z is the fit bin of x (the 20 bins of hill.md §3), N counts the visits of x_0..x_{T−1}
 *   over the batch's rollouts (a grid point's rollouts on the landscape, a group of 8 in the
 *   gradient study), and J_count = Σ_t γ^t / √N(z_t) is this variant's own column;
 * - Minigrid: z = (x, y), N counts the states s of every transition the training envs have stored
 *   over the run so far (the learner shows them to {@link VisitCount.observe}), and the bonus of a
 *   critic sequence is α_∞ / √N(z(s_t)) on its current state, as `state`'s is; α_∞ = λ = 0.01,
 *   α_sac = 0, no density step.
 *
 * @module
 */

import { HILL_BINS, ON_EDGE, OUTSIDE } from "../../envs/hill/density.ts";
import type { CodeTable } from "../../envs/hill/future_kl.ts";
import { restoreArrays, saveArrays, type StateTree } from "../../checkpoint/mod.ts";
import type { Exploration, ExplorationOptions, SequenceBatch } from "../exploration.ts";
import { defineVariant } from "./variant.ts";

/**
 * J_count per rollout: per group, N(b) = visits of fit bin b by x_0..x_{T−1} of the group's
 * rollouts, then Σ_{t<T} γ^t / √N(bin(x_t)). States on a bin edge count in their fit bin; x
 * outside [−4, 5] (unreachable behind the walls) gets no bonus.
 */
export function countColumn(codes: Uint8Array, shape: CodeTable): Float64Array {
  const { groups, size, T, gamma } = shape, n = groups * size;
  const counts = new Float64Array(groups * HILL_BINS);
  // Loops run group by group: a car's group is then known without dividing its index.
  for (let t = 0; t < T; t++) {
    for (let g = 0, k = t * n; g < groups; g++) {
      const own = g * HILL_BINS;
      for (const end = k + size; k < end; k++) {
        const code = codes[k];
        if (code !== OUTSIDE) counts[own + (code & (ON_EDGE - 1))]++;
      }
    }
  }
  // √N per bin once; the division stays per visit, as the bonus is defined.
  const root = counts.map(Math.sqrt);
  const out = new Float64Array(n);
  let discount = 1;
  for (let t = 0; t < T; t++, discount *= gamma) {
    for (let g = 0, i = 0, k = t * n; g < groups; g++) {
      const own = g * HILL_BINS;
      for (const end = i + size; i < end; i++, k++) {
        const code = codes[k];
        if (code !== OUTSIDE) out[i] += discount / root[own + (code & (ON_EDGE - 1))];
      }
    }
  }
  return out;
}

/** Visit counts of z = (x, y) over the run, and the bonus α_∞/√N(z) they give. */
export class VisitCount implements Exploration {
  /** Counting needs no density batch. */
  readonly learnsDensity = false;
  readonly #x: number;
  readonly #y: number;
  readonly #ny: number;
  readonly #components: number;
  readonly #alphaInf: number;
  /** N(z), x-major: `counts[x·n_y + y]`. */
  readonly #counts: Float64Array;

  /** Zero counts over the layout's |Z| = n_x·n_y positions. */
  constructor(opts: ExplorationOptions) {
    const { layout, settings } = opts;
    [this.#x, this.#y] = layout.feature;
    this.#ny = layout.sizes[this.#y];
    this.#components = layout.components;
    this.#alphaInf = settings.alphaInf;
    this.#counts = new Float64Array(layout.sizes[this.#x] * this.#ny);
  }

  /** Counts the position of each of the `rows` states. */
  observe(obs: Int32Array, rows: number): void {
    for (let r = 0; r < rows; r++) this.#counts[this.#cell(obs, r * this.#components)]++;
  }

  /** Nothing to train. */
  update(): Promise<void> {
    return Promise.resolve();
  }

  /** α_∞/√N(z(s_t)) for each sequence's first state; a state never counted gets α_∞ (N = 1). */
  reward(batch: SequenceBatch, _policy: unknown, out: Float32Array): Promise<void> {
    const stride = batch.length * batch.components;
    for (let b = 0; b < batch.size; b++) {
      const n = this.#counts[this.#cell(batch.obs, b * stride)];
      out[b] = this.#alphaInf / Math.sqrt(Math.max(1, n));
    }
    return Promise.resolve();
  }

  /** The counts. */
  saveState(): StateTree {
    return saveArrays({ counts: this.#counts });
  }

  /** Restores the counts. */
  loadState(state: StateTree): void {
    restoreArrays({ counts: this.#counts }, state);
  }

  /** Nothing to free. */
  dispose(): void {}

  /** Index of the position of the state starting at `at`. */
  #cell(obs: Int32Array, at: number): number {
    return obs[at + this.#x] * this.#ny + obs[at + this.#y];
  }
}

/** `count`: r_int = 1/√N(z); on Minigrid α_∞ = λ (default 0.01), α_sac = 0. */
export const COUNT = defineVariant({
  id: "count",
  title: "visit count",
  definition: "R^int = 1/√N(z), N the visits of the position z so far",
  lambda: "the count bonus: J_count on the hill, α_∞ on Minigrid",
  hill: {
    bonus: ["J_count"],
    column: { name: "J_count", fromCodes: countColumn },
    panelLambdas: [1, 10, 100],
  },
  minigrid: {
    weights: { alphaSac: 0, alphaInf: 0.01, horizon: 1 },
    lambdaSets: "alphaInf",
    model: () => Promise.resolve((opts) => new VisitCount(opts)),
  },
});
