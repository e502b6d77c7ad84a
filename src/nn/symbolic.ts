/**
 * The symbolic observation as the networks see it (future-kl.md §1–§2): C integer components with
 * cardinalities n_i, one-hot encoded and concatenated (S = Σ n_i), optionally followed by a one-hot
 * action; and categoricals given by logits read back into plain typed arrays, sampled through the
 * suite's {@link Rng}.
 *
 * Density models output one categorical per component, their logits laid out C × n_max: component i
 * at columns [i·n_max, i·n_max + n_i). The padding columns are never read, their loss gradient is
 * 0, so their weights stay at their initial 0 under Adam and the model is the same as P2's
 * S-output layer.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { RunFailure } from "../errors.ts";
import type { Rng } from "../rng/mod.ts";

/** The components of a symbolic observation and their one-hot and padded layouts. */
export class SymbolicLayout {
  /** Cardinality n_i of each component. */
  readonly sizes: readonly number[];
  /** Number of components C. */
  readonly components: number;
  /** One-hot width S = Σ n_i. */
  readonly width: number;
  /** One-hot column where each component starts. */
  readonly offsets: Int32Array;
  /** Width of a component's row in the padded logit grid, n_max. */
  readonly slot: number;
  /** Components that are z = (x, y). */
  readonly feature: readonly [number, number];
  /** log|Z| = log(n_x·n_y). */
  readonly logZ: number;
  /** Whether {@link SymbolicLayout.key} can be a number. */
  readonly #exactKeys: boolean;

  /** A layout of components with `sizes`, of which `feature` are the x and y components. */
  constructor(sizes: readonly number[], feature: readonly [number, number]) {
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new RangeError(`component sizes must be integers >= 1, got [${sizes}]`);
    }
    for (const f of feature) {
      if (!Number.isInteger(f) || f < 0 || f >= sizes.length) {
        throw new RangeError(`feature component ${f} is not one of 0..${sizes.length - 1}`);
      }
    }
    this.sizes = [...sizes];
    this.components = sizes.length;
    this.offsets = new Int32Array(sizes.length);
    let s = 0;
    sizes.forEach((n, i) => {
      this.offsets[i] = s;
      s += n;
    });
    this.width = s;
    this.slot = Math.max(...sizes);
    this.feature = [feature[0], feature[1]];
    this.logZ = Math.log(sizes[feature[0]] * sizes[feature[1]]);
    this.#exactKeys = sizes.reduce((p, n) => p * n, 1) <= Number.MAX_SAFE_INTEGER;
  }

  /**
   * A key that tells observation `row` of `obs` (rows of C components) from every other: its
   * components as a mixed-radix number, or as a string where Π n_i passes 2^53.
   */
  key(obs: Int32Array, row: number): number | string {
    const base = row * this.components;
    if (this.#exactKeys) {
      let k = 0;
      for (let i = 0; i < this.components; i++) k = k * this.sizes[i] + obs[base + i];
      return k;
    }
    return obs.subarray(base, base + this.components).join(",");
  }

  /** Column of one-hot position j (0 ≤ j < S) in the padded C × n_max logit grid. */
  paddedColumns(): Int32Array {
    const cols = new Int32Array(this.width);
    this.sizes.forEach((n, i) => {
      for (let v = 0; v < n; v++) cols[this.offsets[i] + v] = i * this.slot + v;
    });
    return cols;
  }
}

/**
 * A reusable buffer of network inputs: rows of one-hot observations, each followed by a one-hot
 * action when `numActions` > 0 (the critic's and the conditional density's input) and by a
 * constant 1, the bias input of the network's first layer (see mlp.ts).
 */
export class OneHotRows {
  /** Floats per row: S, plus the actions when present, plus the constant 1. */
  readonly width: number;
  /** Row-major inputs; only the first {@link OneHotRows.rows} rows are meaningful. */
  readonly data: Float32Array;
  /** Rows pushed since the last {@link OneHotRows.clear}. */
  rows = 0;
  readonly #layout: SymbolicLayout;
  readonly #numActions: number;
  #transposed = new Float32Array(0);

  /** Room for `maxRows` rows of `layout`'s observations and `numActions` actions (0: none). */
  constructor(layout: SymbolicLayout, opts: { numActions: number; maxRows: number }) {
    this.#layout = layout;
    this.#numActions = opts.numActions;
    this.width = layout.width + opts.numActions + 1;
    this.data = new Float32Array(opts.maxRows * this.width);
  }

  /** Forgets the rows. */
  clear(): void {
    this.rows = 0;
  }

  /** Appends observation `row` of `obs` (rows of C components) and, with actions, `action`. */
  push(obs: Int32Array, row: number, action = 0): void {
    if ((this.rows + 1) * this.width > this.data.length) {
      throw new RangeError(`OneHotRows holds ${this.data.length / this.width} rows; it is full`);
    }
    const at = this.rows++ * this.width, { components, offsets } = this.#layout;
    this.data.fill(0, at, at + this.width);
    const base = row * components;
    for (let i = 0; i < components; i++) this.data[at + offsets[i] + obs[base + i]] = 1;
    if (this.#numActions > 0) this.data[at + this.#layout.width + action] = 1;
    this.data[at + this.width - 1] = 1;
  }

  /**
   * The rows transposed, width × rows (networks take features × rows, see mlp.ts); the caller
   * disposes it or builds it inside a tidy.
   */
  transposedTensor(): tf.Tensor2D {
    const { rows, width, data } = this;
    if (this.#transposed.length < rows * width) this.#transposed = new Float32Array(data.length);
    const t = this.#transposed.subarray(0, rows * width);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) t[c * rows + r] = data[r * width + c];
    }
    return tf.tensor2d(t, [width, rows]);
  }
}

/** Logits read back from a network, read as categoricals over column spans. */
export class Logits {
  /** The logits, row-major. */
  readonly values: Float32Array;
  readonly #network: string;
  #scratch = new Float64Array(0);

  /** Wraps `values`; `network` names the network in the failure raised on a non-finite logit. */
  constructor(values: Float32Array, network: string) {
    this.values = values;
    this.#network = network;
  }

  /** log Σ_v exp(values[base + v]) over v < n. */
  logSumExp(base: number, n: number): number {
    const max = this.#max(base, n);
    let sum = 0;
    for (let v = 0; v < n; v++) sum += Math.exp(this.values[base + v] - max);
    return max + Math.log(sum);
  }

  /** softmax(values[base .. base + n)). */
  probabilities(base: number, n: number): number[] {
    const p = new Array<number>(n);
    this.softmaxInto(base, n, { out: p, at: 0, scale: 1 });
    return p;
  }

  /** Writes scale·softmax(values[base .. base + n)) into out[at .. at + n), allocating nothing. */
  softmaxInto(
    base: number,
    n: number,
    to: { out: { [i: number]: number }; at: number; scale: number },
  ): void {
    const lse = this.logSumExp(base, n), { out, at, scale } = to;
    for (let v = 0; v < n; v++) out[at + v] = scale * Math.exp(this.values[base + v] - lse);
  }

  /** Draws v < n with probability softmax(values[base .. base + n))_v. */
  sample(base: number, n: number, rng: Rng): number {
    if (this.#scratch.length < n) this.#scratch = new Float64Array(n);
    const max = this.#max(base, n), w = this.#scratch.subarray(0, n);
    for (let v = 0; v < n; v++) w[v] = Math.exp(this.values[base + v] - max);
    return rng.categorical(w);
  }

  /** Largest logit of the span; a NaN or infinite logit means the run diverged. */
  #max(base: number, n: number): number {
    let max = -Infinity;
    for (let v = 0; v < n; v++) max = Math.max(max, this.values[base + v]);
    if (!Number.isFinite(max)) {
      throw new RunFailure(
        `${this.#network} logits are not finite`,
        this.#network,
        "the run diverged; lower the learning rates",
      );
    }
    return max;
  }
}
