/**
 * R copies of one tanh MLP, one per run of a lockstep batch, trained together: every layer is one
 * variable W̃_l of shape [R, in_l + 1, out_l (+ 1)], the layout of {@link Mlp} (its W̃_l = [W_l; b_l]
 * with the constant unit of hidden layers) stacked over runs, so run r's slice is bit for bit the
 * network `Mlp.create` draws from run r's stream. Activations are [R, rows, features]; each layer
 * is one batched matrix product, and Adam updates one tensor per layer for all R runs.
 *
 * A run's numbers must not depend on R (results of run r in a batch equal those of the run alone):
 * elementwise kernels are independent per element, and {@link stackedMatMul} picks, per backend, a
 * matrix-product path whose reduction order over the inner dimension is the same for every batch
 * size (checked by lockstep_test.ts at R = 1 and R = 5).
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { Mlp, type MlpOptions } from "../../nn/mod.ts";
import {
  CheckpointMismatch,
  listField,
  numberField,
  restoreArray,
  type StateTree,
  subtree,
} from "../../checkpoint/mod.ts";

/** tfjs-webgpu's program choice flag and the value of its tiled MatMulPackedProgram. */
const WEBGPU_PROGRAM_FLAG = "WEBGPU_MATMUL_PROGRAM_TYPE", WEBGPU_PACKED = 3;

/**
 * The batched product `a`·`b` ([R, m, k]·[R, k, n], either operand transposed) computed the same
 * way for every R:
 * - on wasm, a batch of 1 with no transposed operand goes to XNNPACK, whose sums over k round
 *   differently from the blocked loop every other batch takes; it is sent down the loop by
 *   passing `b` transposed (`transposeB`), which is bit for bit that of larger batches;
 * - on webgpu, tfjs picks a program by the output's size (R included), and its split-k and
 *   small-output programs sum in other orders; the tiled program is forced for these products.
 */
export function stackedMatMul(
  a: tf.Tensor3D,
  b: tf.Tensor3D,
  opts: { transposeA?: boolean; transposeB?: boolean } = {},
): tf.Tensor3D {
  const ta = opts.transposeA ?? false, tb = opts.transposeB ?? false;
  const backend = tf.getBackend();
  if (backend === "wasm" && !ta && !tb && Math.max(a.shape[0], b.shape[0]) === 1) {
    return tf.tidy(() => tf.matMul(a, tf.transpose(b, [0, 2, 1]), false, true));
  }
  if (backend !== "webgpu") return tf.matMul(a, b, ta, tb);
  const env = tf.env(), previous = env.getNumber(WEBGPU_PROGRAM_FLAG);
  env.set(WEBGPU_PROGRAM_FLAG, WEBGPU_PACKED);
  try {
    return tf.matMul(a, b, ta, tb);
  } finally {
    env.set(WEBGPU_PROGRAM_FLAG, previous);
  }
}

/** Adam's settings, as {@link Mlp}'s optimiser takes them. */
export type StackedAdamSettings = NonNullable<MlpOptions["adam"]>;

/**
 * Adam over stacked variables, the form of {@link Mlp}'s (PyTorch's, bias corrections folded
 * into α_t and ε̂_t): every run of the batch steps together, so one step count serves all.
 */
export class StackedAdam {
  readonly #settings: StackedAdamSettings;
  readonly #vars: tf.Variable[];
  readonly #m: tf.Variable[];
  readonly #v: tf.Variable[];
  readonly #betas: tf.Scalar[];
  #t = 0;

  /** Zero moments for `vars`. */
  constructor(vars: tf.Variable[], settings: StackedAdamSettings) {
    this.#settings = settings;
    this.#vars = vars;
    this.#m = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.#v = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    const { adamBeta1: b1, adamBeta2: b2 } = settings;
    this.#betas = [b1, 1 - b1, b2, 1 - b2].map((b) => tf.scalar(b));
  }

  /** One step with `grads[i]` the gradient of variable i. */
  step(grads: tf.Tensor[]): void {
    const { lr, adamBeta1, adamBeta2, adamEps } = this.#settings;
    const t = ++this.#t, bc2 = Math.sqrt(1 - adamBeta2 ** t);
    const [b1, c1, b2, c2] = this.#betas;
    tf.tidy(() => {
      const alpha = tf.scalar((lr * bc2) / (1 - adamBeta1 ** t)), epsHat = tf.scalar(adamEps * bc2);
      this.#vars.forEach((p, i) => {
        const g = grads[i], m = this.#m[i], v = this.#v[i];
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, c1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), c2)));
        p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsHat)), alpha)));
      });
    });
  }

  /** Step count and the moments of run `r`. */
  async saveRun(r: number): Promise<StateTree> {
    return { t: this.#t, m: await readRun(this.#m, r), v: await readRun(this.#v, r) };
  }

  /** Restores run `r`'s moments (and the shared step count) from {@link StackedAdam.saveRun}. */
  loadRun(r: number, state: StateTree): void {
    this.#t = numberField(state, "t");
    writeRun(this.#m, r, state, "m");
    writeRun(this.#v, r, state, "v");
  }

  /** Frees the moments. */
  dispose(): void {
    tf.dispose([...this.#m, ...this.#v, ...this.#betas]);
  }
}

/** Slice `r` of each stacked tensor, read back. */
export async function readRun(tensors: readonly tf.Tensor[], r: number): Promise<Float32Array[]> {
  return await Promise.all(tensors.map(async (t) => {
    const size = t.size / t.shape[0], all = (await t.data()) as Float32Array;
    return all.slice(r * size, (r + 1) * size);
  }));
}

/** Writes the saved arrays `state[name][i]` into slice `r` of each stacked variable. */
function writeRun(vars: readonly tf.Variable[], r: number, state: StateTree, name: string): void {
  const saved = listField(state, name);
  if (saved.length !== vars.length) {
    throw new CheckpointMismatch(name, `${saved.length} tensors, expected ${vars.length}`);
  }
  vars.forEach((v, i) => {
    const [R, ...shape] = v.shape, size = v.size / R, values = new Float32Array(size);
    restoreArray(values, { [`${name}.${i}`]: saved[i] }, `${name}.${i}`);
    // Rebuilt on the device from the other runs' slices and the saved one (no synchronous read).
    tf.tidy(() => {
      const runs = tf.unstack(v).map((t, k) => (k === r ? tf.tensor(values, shape) : t));
      v.assign(tf.stack(runs));
    });
  });
}

/**
 * R tanh MLPs of one architecture, stacked. Inputs are [R, rows, in + 1] (one-hot rows ending in
 * the constant 1, as {@link OneHotRows} writes them), outputs [R, rows, out], read back run-major.
 */
export class StackedMlp {
  /** Runs R. */
  readonly runs: number;
  /** Layer widths, input first; the output width is the padded one when padded. */
  readonly sizes: readonly number[];
  /** W̃_l stacked: [R, in_l + 1, cols_l]. */
  readonly params: tf.Variable[];
  readonly #adam: StackedAdam | null;
  /** A target copy holds plain tensors it mixes in place of variables. */
  #weights: tf.Tensor3D[];
  readonly #one = tf.scalar(1);

  private constructor(
    sizes: readonly number[],
    weights: tf.Tensor3D[],
    opts: { trainable: boolean; adam?: StackedAdamSettings },
  ) {
    this.runs = weights[0].shape[0];
    this.sizes = sizes;
    this.params = opts.trainable ? weights.map((w) => tf.variable(w, true)) : [];
    if (opts.trainable) tf.dispose(weights);
    this.#weights = opts.trainable ? this.params as tf.Tensor[] as tf.Tensor3D[] : weights;
    this.#adam = opts.adam ? new StackedAdam(this.params, opts.adam) : null;
  }

  /**
   * The networks `Mlp.create` builds from each of `rngs` (one per run, the same options
   * otherwise), stacked: run r's initial weights are exactly those of its single-run learner.
   */
  static create(
    opts: Omit<MlpOptions, "rng" | "adam"> & {
      rngs: readonly MlpOptions["rng"][];
      adam?: StackedAdamSettings;
    },
  ): StackedMlp {
    const nets = opts.rngs.map((rng) => Mlp.create({ ...opts, rng, adam: undefined }));
    const sizes = nets[0].sizes;
    const layers = nets[0].params.map((_, l) =>
      tf.stack(nets.map((net) => net.params[l])) as tf.Tensor3D
    );
    for (const net of nets) net.dispose();
    return new StackedMlp(sizes, layers, { trainable: true, adam: opts.adam });
  }

  /** Output width. */
  get outputs(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** A target copy: the same functions, no optimiser; see {@link StackedMlp.softUpdateFrom}. */
  clone(): StackedMlp {
    return new StackedMlp(this.sizes, this.#weights.map((w) => tf.clone(w)), { trainable: false });
  }

  /** Outputs of `input` ([R, rows, in + 1]), read back: R × rows × out, run-major. */
  async predict(input: Float32Array, rows: number): Promise<Float32Array> {
    const out = tf.tidy(() => this.#forward(this.#input(input, rows)).at(-1)!);
    try {
      return ((await out.data()) as Float32Array).slice();
    } finally {
      out.dispose();
    }
  }

  /**
   * The gradient of each layer's W̃ for the loss whose output gradient `outputGradient` writes
   * (it gets the R × rows × out outputs and fills dLoss/dOutput in the same layout; rows whose
   * gradient is 0 are only predicted). The caller disposes the tensors.
   */
  async gradients(
    input: Float32Array,
    rows: number,
    outputGradient: (output: Float32Array, grad: Float32Array) => void,
  ): Promise<tf.Tensor3D[]> {
    const acts = tf.tidy(() => this.#forward(this.#input(input, rows)));
    try {
      const layers = this.params.length, out = acts[layers];
      const output = (await out.data()) as Float32Array;
      const grad = new Float32Array(output.length);
      outputGradient(output, grad);
      return tf.tidy(() => {
        let dz: tf.Tensor3D = tf.tensor3d(grad, [this.runs, rows, this.outputs]);
        const grads: tf.Tensor3D[] = new Array(layers);
        for (let l = layers - 1; l >= 0; l--) {
          grads[l] = stackedMatMul(acts[l], dz, { transposeA: true });
          if (l > 0) {
            const dh = stackedMatMul(dz, this.params[l] as tf.Tensor3D, { transposeB: true });
            // tanh' = 1 − h², h the layer's input (1 on the constant unit, so its gradient is 0).
            dz = tf.mul(dh, tf.sub(this.#one, tf.square(acts[l])));
          }
        }
        return grads;
      });
    } finally {
      tf.dispose(acts);
    }
  }

  /** One Adam step for every run on the loss of `outputGradient` (see gradients). */
  async train(
    input: Float32Array,
    rows: number,
    outputGradient: (output: Float32Array, grad: Float32Array) => void,
  ): Promise<void> {
    const adam = this.#adam;
    if (!adam) throw new RangeError("this network has no optimiser (a target copy)");
    const grads = await this.gradients(input, rows, outputGradient);
    adam.step(grads);
    tf.dispose(grads);
  }

  /** A target copy's update: θ̄ ← τθ + (1 − τ)θ̄ for every run. */
  softUpdateFrom(source: StackedMlp, tau: number): void {
    if (this.params.length > 0) throw new RangeError("only a target copy is soft-updated");
    const mixed = tf.tidy(() =>
      this.#weights.map((w, l) =>
        tf.add(tf.mul(source.#weights[l], tau), tf.mul(w, 1 - tau)) as tf.Tensor3D
      )
    );
    tf.dispose(this.#weights);
    this.#weights = mixed;
  }

  /** Run `r`'s weights, each layer flattened row-major (checkpoints, tests). */
  async runParameters(r: number): Promise<Float32Array[]> {
    return await readRun(this.#weights, r);
  }

  /** Run `r`'s parameters and optimiser moments (a target copy: its weights). */
  async saveRun(r: number): Promise<StateTree> {
    const state: StateTree = { weights: await readRun(this.#weights, r) };
    if (this.#adam) state.adam = await this.#adam.saveRun(r);
    return state;
  }

  /** Restores run `r` from {@link StackedMlp.saveRun} of a network of the same shape. */
  loadRun(r: number, state: StateTree): void {
    if (this.params.length > 0) {
      writeRun(this.params, r, state, "weights");
    } else {
      const vars = this.#weights.map((w) => tf.variable(w, false));
      writeRun(vars, r, state, "weights");
      tf.dispose(this.#weights);
      this.#weights = vars as tf.Tensor[] as tf.Tensor3D[];
    }
    if (this.#adam) this.#adam.loadRun(r, subtree(state, "adam"));
  }

  /** Frees the weights and optimiser state. */
  dispose(): void {
    tf.dispose([...this.#weights, this.#one]);
    this.#adam?.dispose();
  }

  /** The input uploaded as [R, rows, in + 1]. */
  #input(input: Float32Array, rows: number): tf.Tensor3D {
    const width = this.sizes[0] + 1;
    if (input.length < this.runs * rows * width) {
      throw new RangeError(`input holds ${input.length} values, expected R·rows·width`);
    }
    return tf.tensor3d(input.subarray(0, this.runs * rows * width), [this.runs, rows, width]);
  }

  /** Every layer's input activation and the output, inside the caller's tidy. */
  #forward(x: tf.Tensor3D): tf.Tensor3D[] {
    const w = this.#weights, layers = w.length, acts = [x];
    for (let l = 0; l < layers - 1; l++) acts.push(tf.tanh(stackedMatMul(acts[l], w[l])));
    acts.push(stackedMatMul(acts[layers - 1], w[layers - 1]));
    return acts;
  }
}
