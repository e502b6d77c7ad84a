/**
 * `future-kl`: P2's "OPAC+CV" (future-kl.md §2–§7): a conditional density d_ψ(s̄|s,a) of the
 * discounted future state, learned off-policy as the fixed point of T^π (objective.md §4.1) with
 * the N-step geometric sampler (§5), and the bonus r_int = α_∞·min(−log q_ψ(z̄|s,a) − log|Z|,
 * log(10³|Z|)), a single-sample estimate of −α_∞·KL(q^π(·|s,a) ‖ U_Z). λ = α_∞ = 0.01,
 * α_sac = 0.002, N = 10 (objective.md §6).
 *
 * The model is a tanh MLP on obs ⊕ one-hot action with one categorical per observation component
 * (fully factorised); q_ψ(z|s,a) is the product of its x and y components.
 *
 * @module
 */

import { restoreRng, rngState, type StateTree, subtree } from "../checkpoint/mod.ts";
import type { Rng } from "../rng/mod.ts";
import {
  clippedBonus,
  type Exploration,
  type ExplorationOptions,
  type ExplorationSettings,
  type Fidelity,
  type PolicySampler,
  type SequenceBatch,
} from "./exploration.ts";
import { Mlp } from "../nn/mlp.ts";
import { Logits, OneHotRows, type SymbolicLayout } from "../nn/symbolic.ts";

/** k ~ Geometric(1 − γ) on {1, 2, …} (P(k > n) = γ^n), capped at `cap`. */
export function geometric(rng: Rng, gamma: number, cap: number): number {
  // 1 − uniform lies in (0, 1], so the log is finite and k ≥ 1.
  const k = 1 + Math.floor(Math.log(1 - rng.uniform()) / Math.log(gamma));
  return Math.min(k, cap);
}

/** Where the future state s̄ of one sequence comes from. */
export interface FutureSource {
  /** Entry j whose next observation s'_{t+j} is used. */
  entry: number;
  /** false: s̄ = s'_{t+j}; true: a' ~ π(·|s'_{t+j}), then s̄ ~ d_ψ(·|s'_{t+j}, a'). */
  bootstrap: boolean;
}

/**
 * The source of s̄ for sequence `b` of `batch` given k ≥ 1 (future-kl.md §5).
 *
 * `reference` (P2): when k > N, bootstrap from s'_{t+N−1} whatever the flags (F2); else, with f
 * the first terminal entry, return s'_{t+f} if f ≥ k (P2's inverted test, F1), else s'_{t+k−1};
 * truncations and the write head are ignored (F3, F4).
 *
 * `corrected`: cut at the first break j (terminal, truncation or newest entry). A terminal absorbs
 * every k ≥ j + 1; a truncation or the write head bootstraps from s'_{t+j} when k > j + 1, exact by
 * memorylessness; otherwise s'_{t+k−1} when k ≤ N, else bootstrap from s'_{t+N−1}.
 */
export function futureSource(
  batch: SequenceBatch,
  b: number,
  opts: { k: number; fidelity: Fidelity },
): FutureSource {
  const { k } = opts, n = batch.length, base = b * n;
  if (opts.fidelity === "reference") {
    if (k > n) return { entry: n - 1, bootstrap: true };
    let f = -1;
    for (let j = 0; j < n && f < 0; j++) if (batch.terminated[base + j]) f = j;
    return { entry: f >= k ? f : k - 1, bootstrap: false };
  }
  for (let j = 0; j < n; j++) {
    const e = base + j;
    if (batch.terminated[e]) {
      if (k >= j + 1) return { entry: j, bootstrap: false };
      break;
    }
    if (batch.truncated[e] || batch.newest[e]) {
      if (k > j + 1) return { entry: j, bootstrap: true };
      break;
    }
  }
  return k <= n ? { entry: k - 1, bootstrap: false } : { entry: n - 1, bootstrap: true };
}

/** The conditional visitation model "CV" and its sampler. */
export class FutureKl implements Exploration {
  /** The model is trained on its own replay batch. */
  readonly learnsDensity = true;
  readonly #layout: SymbolicLayout;
  readonly #settings: ExplorationSettings;
  readonly #numActions: number;
  readonly #rng: Rng;
  readonly #net: Mlp;
  readonly #input: OneHotRows;
  /** Per sequence: the chosen source (entry, and the bootstrap row or −1). */
  readonly #entry: Int32Array;
  readonly #bootRow: Int32Array;
  /** Bootstrap states s'_{t+j} (rows × C) and the actions a' drawn for them. */
  readonly #bootObs: Int32Array;
  readonly #bootActions: Int32Array;
  /** Targets s̄ of the density loss: B × C components. */
  readonly #targets: Int32Array;

  /** The model with orthogonal-initialised weights drawn from `opts.rng`. */
  constructor(opts: ExplorationOptions) {
    const { layout, settings, numActions, rng, batchSize } = opts;
    this.#layout = layout;
    this.#settings = settings;
    this.#numActions = numActions;
    this.#rng = rng.child("future-samples");
    const cells = layout.components * layout.slot;
    this.#net = Mlp.create({
      sizes: [layout.width + numActions, ...settings.densityHidden, layout.width],
      gain: settings.initGain,
      rng: rng.child("density-init"),
      adam: { ...settings, lr: settings.lrDensity },
      paddedOutput: { width: cells, columns: layout.paddedColumns() },
    });
    this.#input = new OneHotRows(layout, { numActions, maxRows: 2 * batchSize });
    this.#entry = new Int32Array(batchSize);
    this.#bootRow = new Int32Array(batchSize);
    this.#bootObs = new Int32Array(batchSize * layout.components);
    this.#bootActions = new Int32Array(batchSize);
    this.#targets = new Int32Array(batchSize * layout.components);
  }

  /**
   * One Adam step on L(ψ) = −(1/B) Σ_b log d_ψ(s̄_b | s_b, a_b), (s_b, a_b) the first entry of each
   * sequence and s̄_b drawn by the sampler from the model as it is before the step (§6).
   */
  async update(batch: SequenceBatch, policy: PolicySampler): Promise<void> {
    const { components: C, slot, sizes } = this.#layout;
    const boots = await this.#drawSources(batch, policy);
    const targets = this.#targets, B = batch.size, input = this.#input;
    // One forward pass: the bootstrap rows (c, a') give the targets, then each sequence's (s, a)
    // is trained on; the gradient is that of the sequences' rows alone.
    this.#pushBootstraps(boots);
    for (let b = 0; b < B; b++) {
      input.push(batch.obs, b * batch.length, batch.actions[b * batch.length]);
    }
    // dL/dlogits = (softmax_i − onehot(s̄_i)) / B per component i; padding columns get 0.
    await this.#net.train(input, (out, grad) => {
      const logits = new Logits(out, "future-kl density");
      for (let b = 0; b < B; b++) {
        const row = this.#bootRow[b], next = (b * batch.length + this.#entry[b]) * C;
        for (let i = 0; i < C; i++) {
          targets[b * C + i] = row >= 0
            ? logits.sample((row * C + i) * slot, sizes[i], this.#rng)
            : batch.nextObs[next + i];
        }
      }
      grad.fill(0);
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < C; i++) {
          const at = (b * C + i) * slot;
          logits.softmaxInto(at + boots * C * slot, sizes[i], { out: grad, at, scale: 1 / B });
          grad[at + targets[b * C + i]] -= 1 / B;
        }
      }
    }, { contextRows: boots });
  }

  /**
   * r_int for each sequence: a fresh z̄ = (x̄, ȳ) from the sampler, then
   * α_∞·min(−log q_ψ(z̄|s,a) − log|Z|, log(10³|Z|)) with the current model (§7).
   */
  async reward(batch: SequenceBatch, policy: PolicySampler, out: Float32Array): Promise<void> {
    const { components: C, slot, sizes, feature, logZ } = this.#layout;
    const [fx, fy] = feature;
    const boots = await this.#drawSources(batch, policy);
    // One forward pass: the bootstrap rows (c, a') first, then each sequence's (s, a).
    this.#pushBootstraps(boots);
    for (let b = 0; b < batch.size; b++) {
      this.#input.push(batch.obs, b * batch.length, batch.actions[b * batch.length]);
    }
    const logits = new Logits(await this.#net.predict(this.#input), "future-kl density");
    const l = logits.values;
    for (let b = 0; b < batch.size; b++) {
      const row = this.#bootRow[b];
      let x: number, y: number;
      if (row >= 0) {
        x = logits.sample((row * C + fx) * slot, sizes[fx], this.#rng);
        y = logits.sample((row * C + fy) * slot, sizes[fy], this.#rng);
      } else {
        const next = (b * batch.length + this.#entry[b]) * C;
        x = batch.nextObs[next + fx];
        y = batch.nextObs[next + fy];
      }
      const at = (boots + b) * C * slot;
      const negLogQ = logits.logSumExp(at + fx * slot, sizes[fx]) - l[at + fx * slot + x] +
        logits.logSumExp(at + fy * slot, sizes[fy]) - l[at + fy * slot + y];
      out[b] = clippedBonus(negLogQ, logZ, this.#settings);
    }
  }

  /**
   * The model's law of each component given each row of `obs` (rows of C components) and its
   * action: `laws[row][component][value]` (for tests and reports).
   */
  async componentLaws(obs: Int32Array, actions: Int32Array): Promise<number[][][]> {
    const { components: C, slot, sizes } = this.#layout;
    const rows = new OneHotRows(this.#layout, {
      numActions: this.#numActions,
      maxRows: actions.length,
    });
    actions.forEach((a, r) => rows.push(obs, r, a));
    const logits = new Logits(await this.#net.predict(rows), "future-kl density");
    return Array.from(
      actions,
      (_, r) => sizes.map((n, i) => logits.probabilities((r * C + i) * slot, n)),
    );
  }

  /** Network, optimiser and the future-sample stream. */
  async saveState(): Promise<StateTree> {
    return { net: await this.#net.saveState(), rng: rngState(this.#rng) };
  }

  /** Restores a state saved by {@link FutureKl.saveState}. */
  loadState(state: StateTree): void {
    this.#net.loadState(subtree(state, "net"));
    restoreRng(this.#rng, state, "rng");
  }

  /** Frees the network and its optimiser state. */
  dispose(): void {
    this.#net.dispose();
  }

  /**
   * Draws k and the source of s̄ for every sequence; gathers the bootstrap states and draws their
   * actions a' from `policy`. Returns the number of bootstrap rows.
   */
  async #drawSources(batch: SequenceBatch, policy: PolicySampler): Promise<number> {
    if (batch.size > this.#entry.length) {
      throw new RangeError(
        `batch of ${batch.size} sequences; the model was built for ${this.#entry.length}`,
      );
    }
    const C = batch.components, n = batch.length;
    const { gammaVisitation: gamma, fidelity } = this.#settings;
    let boots = 0;
    for (let b = 0; b < batch.size; b++) {
      const k = geometric(this.#rng, gamma, n + 1);
      const src = futureSource(batch, b, { k, fidelity });
      this.#entry[b] = src.entry;
      if (src.bootstrap) {
        this.#bootObs.set(
          batch.nextObs.subarray((b * n + src.entry) * C, (b * n + src.entry + 1) * C),
          boots * C,
        );
        this.#bootRow[b] = boots++;
      } else {
        this.#bootRow[b] = -1;
      }
    }
    if (boots > 0) await policy(this.#bootObs, boots, this.#bootActions);
    return boots;
  }

  /** Starts the input rows with the `boots` bootstrap pairs (c, a'). */
  #pushBootstraps(boots: number): void {
    this.#input.clear();
    for (let r = 0; r < boots; r++) this.#input.push(this.#bootObs, r, this.#bootActions[r]);
  }
}
