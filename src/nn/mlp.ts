/**
 * The networks of the Minigrid learner and of its density models (future-kl.md §2): MLPs with tanh
 * hidden layers whose every Linear layer, output included, is orthogonal-initialised (PyTorch's
 * `orthogonal_`) with bias 0, trained by Adam with PyTorch's defaults. Initial weights come from the
 * suite's {@link Rng} (QR of a Gaussian matrix in plain JS), never from tfjs's random ops, so a seed
 * gives the same network on every backend.
 *
 * Built for speed on tfjs-wasm, whose costs are not the arithmetic of these small matrices:
 * - its matMul re-packs the right-hand operand whenever that tensor is new, about 1 ms for a
 *   257 × 257 weight, which after every update is every weight. So activations travel transposed
 *   (features × rows) and each weight is the left operand: the forward pass computes
 *   aᵀ_{l+1} = f(D_l·aᵀ_l) with D_l = W̃_lᵀ (2W̃_lᵀ for hidden layers, see below), transposed once
 *   per update; the backward pass uses W̃_l itself on the left for dhᵀ = W̃_l·dzᵀ;
 * - matMul with a transposed operand (what autodiff emits) runs on a slow path, so the backward
 *   pass is written out;
 * - a kernel call costs 10–20 µs, so each layer is one variable W̃_l = [W_l; b_l] ((in + 1) × out)
 *   applied to inputs with a trailing constant 1, and Adam updates one tensor per layer with its
 *   bias corrections folded into two numbers. The constant comes with the input rows
 *   ({@link OneHotRows}) and, for hidden layers, from one extra unit whose weights are 0 and whose
 *   bias is {@link CONSTANT_BIAS}: its tanh is exactly 1 and tanh' exactly 0, so its gradient is 0
 *   and Adam never moves it;
 * - tanh runs as 2σ(2z) − 1 (the sigmoid kernel is vectorised, tanh's is 6× slower);
 * - the loss gradient at the output is computed by the caller in plain JS from the read-back
 *   output, so losses cost no kernels.
 * Parameters stay per layer because slicing a flat vector copies all of it on tfjs-wasm.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import {
  type Checkpointable,
  CheckpointMismatch,
  listField,
  numberField,
  restoreArray,
  type StateTree,
  subtree,
} from "../checkpoint/mod.ts";
import type { Rng } from "../rng/mod.ts";
import { FusedAdam } from "./adam_kernel.ts";
import type { OneHotRows } from "./symbolic.ts";

/**
 * PyTorch's `orthogonal_(W, gain)` for a `rows` × `cols` weight (row-major, PyTorch's out × in):
 * QR of a Gaussian matrix, taken on its transpose when it is wide, with the signs that make R's
 * diagonal positive. Modified Gram–Schmidt with one re-orthogonalisation pass gives that Q
 * directly (its R has a positive diagonal).
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float64Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols, n = tall ? cols : rows;
  // Column j of the m × n matrix lives at q[j·m .. (j+1)·m).
  const q = new Float64Array(m * n);
  rng.fillNormal(q);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const ci = i * m;
        let dot = 0;
        for (let r = 0; r < m; r++) dot += q[ci + r] * q[cj + r];
        for (let r = 0; r < m; r++) q[cj + r] -= dot * q[ci + r];
      }
    }
    let norm = 0;
    for (let r = 0; r < m; r++) norm += q[cj + r] * q[cj + r];
    const scale = 1 / Math.sqrt(norm);
    for (let r = 0; r < m; r++) q[cj + r] *= scale;
  }
  const w = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) w[r * cols + c] = gain * (tall ? q[c * m + r] : q[r * m + c]);
  }
  return w;
}

/** Adam's settings (PyTorch's defaults: β 0.9 / 0.999, ε 1e−8). */
export interface AdamSettings {
  /** Learning rate. */
  lr: number;
  /** β1. */
  adamBeta1: number;
  /** β2. */
  adamBeta2: number;
  /** ε; tfjs's default differs from PyTorch's, so it is always passed. */
  adamEps: number;
}

/**
 * Adam over a list of variables, PyTorch's form: m ← β1m + (1−β1)g, v ← β2v + (1−β2)g²,
 * θ ← θ − α_t·m/(√v + ε̂_t) with α_t = lr·√(1−β2^t)/(1−β1^t) and ε̂_t = ε·√(1−β2^t), which is
 * lr·m̂/(√v̂ + ε) rearranged so that the bias corrections are two numbers, not kernels.
 */
export class Adam {
  readonly #settings: AdamSettings;
  readonly #vars: tf.Variable[];
  readonly #m: tf.Variable[];
  readonly #v: tf.Variable[];
  /** β1, 1 − β1, β2, 1 − β2 as tensors: a number operand costs a tensor upload per kernel. */
  readonly #betas: tf.Scalar[];
  #t = 0;

  /** Adam state (zero moments) for `vars`. */
  constructor(vars: tf.Variable[], settings: AdamSettings) {
    this.#settings = settings;
    this.#vars = vars;
    this.#m = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.#v = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    const { adamBeta1: b1, adamBeta2: b2 } = settings;
    this.#betas = [b1, 1 - b1, b2, 1 - b2].map((b) => tf.scalar(b));
  }

  /**
   * One step with `grads[i]` the gradient of variable i: on wasm one fused pass per variable
   * ({@link FusedAdam}), elsewhere the same arithmetic as tfjs ops.
   */
  async step(grads: tf.Tensor[]): Promise<void> {
    const { lr, adamBeta1, adamBeta2, adamEps } = this.#settings;
    const t = ++this.#t, bc2 = Math.sqrt(1 - adamBeta2 ** t);
    const alpha = (lr * bc2) / (1 - adamBeta1 ** t), eps = adamEps * bc2;
    const fused = await FusedAdam.forActiveBackend();
    const coefficients = { b1: adamBeta1, c1: 1 - adamBeta1, b2: adamBeta2, c2: 1 - adamBeta2 };
    const [b1, c1, b2, c2] = this.#betas;
    this.#vars.forEach((p, i) => {
      const g = grads[i], m = this.#m[i], v = this.#v[i];
      if (fused?.step({ p, m, v, g }, { ...coefficients, alpha, eps })) return;
      tf.tidy(() => {
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, c1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), c2)));
        p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), eps)), alpha)));
      });
    });
  }

  /** Step count and moments, read back. */
  async saveState(): Promise<StateTree> {
    return { t: this.#t, m: await readVariables(this.#m), v: await readVariables(this.#v) };
  }

  /** Restores step count and moments saved by {@link Adam.saveState}. */
  loadState(state: StateTree): void {
    this.#t = numberField(state, "t");
    assignVariables(this.#m, state, "m");
    assignVariables(this.#v, state, "v");
  }

  /** Frees the moments. */
  dispose(): void {
    tf.dispose([...this.#m, ...this.#v, ...this.#betas]);
  }
}

/** The values of `tensors`, read back (copies; asynchronously, as webgpu requires). */
export async function readVariables(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  const values = await Promise.all(tensors.map((t) => t.data()));
  return values.map((v) => (v as Float32Array).slice());
}

/**
 * Uploads the saved array `state[name][i]` for each of `targets` (checking its length, so that a
 * checkpoint of another architecture is refused) and hands it to `assign`.
 */
export function assignTensors(
  targets: readonly tf.Tensor[],
  state: StateTree,
  name: string,
  assign: (i: number, values: tf.Tensor) => void,
): void {
  const saved = listField(state, name);
  if (saved.length !== targets.length) {
    throw new CheckpointMismatch(name, `${saved.length} tensors, expected ${targets.length}`);
  }
  targets.forEach((t, i) => {
    const values = new Float32Array(t.size);
    restoreArray(values, { [`${name}.${i}`]: saved[i] }, `${name}.${i}`);
    assign(i, tf.tensor(values, t.shape));
  });
}

/** Arrays concatenated into one. */
function flatten(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** {@link assignTensors} into variables (assign copies, so the uploads are freed). */
function assignVariables(vars: readonly tf.Variable[], state: StateTree, name: string): void {
  assignTensors(vars, state, name, (i, values) => {
    vars[i].assign(values);
    values.dispose();
  });
}

/** How an {@link Mlp} is built. */
export interface MlpOptions {
  /** Layer widths, input first and output last, e.g. [S + 7, 256, 256, 1]. */
  sizes: readonly number[];
  /** Orthogonal-init gain of every layer. */
  gain: number;
  /** Stream the initial weights are drawn from. */
  rng: Rng;
  /** The optimiser of {@link Mlp.train}; a network without one (a target) is never trained. */
  adam?: AdamSettings;
  /**
   * Spreads the last layer's outputs over a wider, padded output (density logits laid out C × n_max):
   * output j goes to column `columns[j]` of `width`; the other columns start at weight 0.
   */
  paddedOutput?: { width: number; columns: Int32Array };
}

/** Pre-activation of a hidden layer's constant unit: tanh(25) and 2σ(50) − 1 are 1 in float32. */
export const CONSTANT_BIAS = 25;

/**
 * A tanh MLP. `params[l]` is W̃_l = [W_l; b_l], (in_l + 1) × (out_l + 1) for hidden layers (the
 * extra column is the constant unit) and (in_L + 1) × out_L for the output layer. A target copy
 * ({@link Mlp.clone}) holds only the forward weights.
 */
export class Mlp implements Checkpointable {
  /** Layer widths, input first; the output width is the padded one when padded. */
  readonly sizes: readonly number[];
  /** One trainable variable per layer; empty for a target copy. */
  readonly params: tf.Variable[];
  readonly #adam: Adam | null;
  /** D_l: 2W̃_lᵀ for hidden layers, W̃_Lᵀ for the output layer, rebuilt after each change. */
  #forwardWeights: tf.Tensor2D[];
  /** The constants 1 and 2 of tanh(z) = 2σ(2z) − 1 and tanh' = 1 − h², uploaded once. */
  readonly #one: tf.Scalar = tf.scalar(1);
  readonly #two: tf.Scalar = tf.scalar(2);
  /** Reused buffers: the read-back output and dLoss/dOutput, row-major and transposed. */
  #output = new Float32Array(0);
  #outputGrad = new Float32Array(0);
  #outputGradT = new Float32Array(0);

  /** Use {@link Mlp.create} or {@link Mlp.clone}. */
  private constructor(
    sizes: readonly number[],
    params: tf.Variable[],
    opts: { forwardWeights?: tf.Tensor2D[]; adam?: AdamSettings },
  ) {
    this.sizes = sizes;
    this.params = params;
    this.#adam = opts.adam ? new Adam(params, opts.adam) : null;
    this.#forwardWeights = opts.forwardWeights ?? this.#transposeWeights();
  }

  /** A network with orthogonal weights drawn from `opts.rng` and zero biases. */
  static create(opts: MlpOptions): Mlp {
    const { sizes, gain, rng, paddedOutput } = opts;
    const layers = sizes.length - 1;
    const widths = sizes.map((n, l) => (l === layers && paddedOutput ? paddedOutput.width : n));
    const params = tf.tidy(() =>
      widths.slice(1).map((width, l) => {
        const fanIn = sizes[l], fanOut = sizes[l + 1], hidden = l < layers - 1;
        const cols = width + (hidden ? 1 : 0);
        const torchW = orthogonal(fanOut, fanIn, gain, rng.child("layer", l));
        const w = new Float32Array((fanIn + 1) * cols);
        for (let o = 0; o < fanOut; o++) {
          const col = !hidden && paddedOutput ? paddedOutput.columns[o] : o;
          for (let i = 0; i < fanIn; i++) w[i * cols + col] = torchW[o * fanIn + i];
        }
        if (hidden) w[(fanIn + 1) * cols - 1] = CONSTANT_BIAS;
        return tf.variable(tf.tensor2d(w, [fanIn + 1, cols]), true);
      })
    );
    return new Mlp(widths, params, { adam: opts.adam });
  }

  /** Output width. */
  get outputs(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** A target copy: the same function, no variables, no optimiser; see {@link Mlp.softUpdateFrom}. */
  clone(): Mlp {
    return new Mlp(this.sizes, [], {
      forwardWeights: this.#forwardWeights.map((d) => tf.clone(d)),
    });
  }

  /** The parameters W̃_0, W̃_1, … flattened row-major, read back (for tests). */
  async parameters(): Promise<Float32Array> {
    return flatten(await readVariables(this.params));
  }

  /**
   * The outputs for `input`'s rows, read back row-major (rows × outputs). Reads are asynchronous
   * (`data()`), which webgpu needs; on wasm and cpu they resolve at once.
   */
  async predict(input: OneHotRows): Promise<Float32Array> {
    const outT = tf.tidy(() => this.#forward(input.transposedTensor()).at(-1)!);
    try {
      return (await this.#readOutput(outT, input.rows)).slice();
    } finally {
      outT.dispose();
    }
  }

  /**
   * dLoss/dθ, flattened as {@link Mlp.parameters}, for a loss whose gradient with respect to the
   * output the caller computes: `outputGradient(output, grad)` gets the output read back
   * (rows × outputs, row-major) and writes dLoss/dOutput into `grad` (same layout).
   */
  async gradient(
    input: OneHotRows,
    outputGradient: (output: Float32Array, grad: Float32Array) => void,
  ): Promise<Float32Array> {
    const grads = await this.#backward(input, outputGradient);
    try {
      return flatten(await readVariables(grads));
    } finally {
      tf.dispose(grads);
    }
  }

  /**
   * One Adam step on the loss whose output gradient `outputGradient` computes (see gradient).
   * With `contextRows` = k, the first k rows of `input` are only predicted, in the same forward
   * pass (one upload, one read-back): `outputGradient` gets the output of every row and writes
   * the gradient of the rows after them, (rows − k) × outputs, and the loss is theirs alone.
   */
  async train(
    input: OneHotRows,
    outputGradient: (output: Float32Array, grad: Float32Array) => void,
    opts: { contextRows?: number } = {},
  ): Promise<void> {
    const adam = this.#adam;
    if (!adam) throw new RangeError("this network has no optimiser (a target copy)");
    const grads = await this.#backward(input, outputGradient, opts.contextRows ?? 0);
    await adam.step(grads);
    tf.dispose(grads);
    tf.dispose(this.#forwardWeights);
    this.#forwardWeights = this.#transposeWeights();
  }

  /**
   * A target copy's update: its function becomes `tau`·source + (1 − tau)·its own, parameter by
   * parameter (the forward weights are linear in W̃, so they are mixed directly).
   */
  softUpdateFrom(source: Mlp, tau: number): void {
    if (this.params.length > 0) throw new RangeError("only a target copy is soft-updated");
    const mixed = tf.tidy(() =>
      this.#forwardWeights.map((d, l) =>
        tf.add(tf.mul(source.#forwardWeights[l], tau), tf.mul(d, 1 - tau)) as tf.Tensor2D
      )
    );
    tf.dispose(this.#forwardWeights);
    this.#forwardWeights = mixed;
  }

  /**
   * Parameters and optimiser state; a target copy saves its forward weights instead (the only
   * state it has).
   */
  async saveState(): Promise<StateTree> {
    if (this.params.length === 0) return { forward: await readVariables(this.#forwardWeights) };
    const state: StateTree = { params: await readVariables(this.params) };
    if (this.#adam) state.adam = await this.#adam.saveState();
    return state;
  }

  /** Restores a state saved by {@link Mlp.saveState} of a network of the same shape. */
  loadState(state: StateTree): void {
    if (this.params.length === 0) {
      const forward: tf.Tensor2D[] = [];
      assignTensors(this.#forwardWeights, state, "forward", (_, v) => {
        forward.push(v as tf.Tensor2D);
      });
      tf.dispose(this.#forwardWeights);
      this.#forwardWeights = forward;
      return;
    }
    assignVariables(this.params, state, "params");
    if (this.#adam) this.#adam.loadState(subtree(state, "adam"));
    tf.dispose(this.#forwardWeights);
    this.#forwardWeights = this.#transposeWeights();
  }

  /** Frees the parameters, forward weights and optimiser state. */
  dispose(): void {
    tf.dispose([...this.#forwardWeights, ...this.params, this.#one, this.#two]);
    this.#adam?.dispose();
  }

  /** aᵀ of every layer's input and the output's transpose, inside the caller's tidy. */
  #forward(xT: tf.Tensor2D): tf.Tensor2D[] {
    const d = this.#forwardWeights, layers = d.length, acts = [xT];
    for (let l = 0; l < layers - 1; l++) {
      // tf.fused.matMul would fuse the sigmoid, but its autodiff wrapper costs more than the
      // sigmoid kernel it saves.
      acts.push(tf.sub(tf.mul(tf.sigmoid(tf.matMul(d[l], acts[l])), this.#two), this.#one));
    }
    acts.push(tf.matMul(d[layers - 1], acts[layers - 1]));
    return acts;
  }

  /** The transposed output (outputs × rows) read back into the row-major output buffer. */
  async #readOutput(outT: tf.Tensor2D, rows: number): Promise<Float32Array> {
    const values = await outT.data(), n = this.outputs;
    if (this.#output.length < rows * n) this.#output = new Float32Array(rows * n);
    const out = this.#output.subarray(0, rows * n);
    for (let o = 0; o < n; o++) {
      for (let r = 0; r < rows; r++) out[r * n + o] = values[o * rows + r];
    }
    return out;
  }

  /**
   * Backpropagation: the gradient of each layer's W̃ (the caller disposes them) over the rows after
   * the first `context` (see train). The forward pass's activations are kept across the output's
   * asynchronous read-back, then freed.
   */
  async #backward(
    input: OneHotRows,
    outputGradient: (output: Float32Array, grad: Float32Array) => void,
    context = 0,
  ): Promise<tf.Tensor2D[]> {
    const n = this.outputs, layers = this.params.length, rows = input.rows - context;
    let acts = tf.tidy(() => this.#forward(input.transposedTensor()));
    try {
      if (this.#outputGrad.length < rows * n) {
        this.#outputGrad = new Float32Array(rows * n);
        this.#outputGradT = new Float32Array(rows * n);
      }
      const grad = this.#outputGrad.subarray(0, rows * n);
      const gradT = this.#outputGradT.subarray(0, rows * n);
      outputGradient(await this.#readOutput(acts[layers], input.rows), grad);
      for (let o = 0; o < n; o++) {
        for (let r = 0; r < rows; r++) gradT[o * rows + r] = grad[r * n + o];
      }
      if (context > 0) {
        // The trained rows' activations, so the backward pass is the one of those rows alone.
        const all = acts;
        acts = tf.tidy(() =>
          all.slice(0, layers).map((a) => tf.slice(a, [0, context], [-1, rows]))
        );
        tf.dispose(all);
      }
      return tf.tidy(() => {
        let dzT: tf.Tensor2D = tf.tensor2d(gradT, [n, rows]);
        const grads: tf.Tensor2D[] = new Array(layers);
        for (let l = layers - 1; l >= 0; l--) {
          // dW̃_l = a_lᵀ·dz: both operands small (rows wide).
          grads[l] = tf.matMul(acts[l], tf.transpose(dzT));
          if (l > 0) {
            const dhT = tf.matMul(this.params[l] as tf.Tensor2D, dzT);
            // tanh'(z) = 1 − h², h = tanh(z) the layer's input (0 on the constant unit).
            dzT = tf.mul(dhT, tf.sub(this.#one, tf.square(acts[l])));
          }
        }
        return grads;
      });
    } finally {
      tf.dispose(acts);
    }
  }

  /** D_l from the variables: 2W̃_lᵀ for hidden layers (σ(2z) of the tanh), W̃_Lᵀ for the output. */
  #transposeWeights(): tf.Tensor2D[] {
    const last = this.params.length - 1;
    return tf.tidy(() =>
      this.params.map((p, l) => tf.transpose(l < last ? tf.mul(p, this.#two) : p) as tf.Tensor2D)
    );
  }
}
