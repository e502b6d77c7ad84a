/**
 * What every exploration variant gives the Minigrid off-policy actor-critic, and what it receives
 * from it (design.md: a variant gets the policy sampler and the replay sequences as arguments, it
 * imports neither). Settings follow objective.md §6 and future-kl.md §3, §7, §11.
 *
 * @module
 */

import type { Checkpointable } from "../checkpoint/mod.ts";
import type { Rng } from "../rng/mod.ts";
import type { SymbolicLayout } from "../nn/symbolic.ts";

/** `corrected` (default) fixes quirks F1–F4 of future-kl.md §12; `reference` reproduces P2. */
export type Fidelity = "corrected" | "reference";

/** Which weight a benchmark's λ sets for a variant (objective.md §6), or none. */
export type LambdaTarget = "alphaSac" | "alphaInf" | null;

/** The per-variant weights of objective.md §6. */
export interface VariantWeights {
  /** α_sac: weight of the action-entropy term −log π in the critic target and the advantage. */
  alphaSac: number;
  /** α_∞: weight of the visitation bonus r_int. */
  alphaInf: number;
  /** N: length of the replay sequences the bonus reads (10 for CV, 1 otherwise). */
  horizon: number;
}

/**
 * Everything the density models need: the variant's weights plus the shared hyper-parameters,
 * whose defaults and bounds are stated once, in the learner's settings schema
 * (`LearnerSettingsSchema`, src/learners/off_policy_ac.ts).
 */
export interface ExplorationSettings extends VariantWeights {
  /** γ of the visitation d^{π,γ}: geometric sampler and MV weights (future-kl.md §3). */
  gammaVisitation: number;
  /** Adam learning rate of the density model. */
  lrDensity: number;
  /** Hidden widths of the conditional density model. */
  densityHidden: readonly number[];
  /** Orthogonal-init gain of every Linear layer, output layers included. */
  initGain: number;
  /** Adam β1 (PyTorch's form). */
  adamBeta1: number;
  /** Adam β2 (PyTorch's form). */
  adamBeta2: number;
  /** Adam ε; tfjs's default differs, so it is always passed. */
  adamEps: number;
  /** Reward clip: r_int ≤ α_∞·log(rewardClip·|Z|) (future-kl.md §7). */
  rewardClip: number;
  /** `corrected` (default) or `reference` (P2's quirks F1–F4). */
  fidelity: Fidelity;
}

/**
 * B replay sequences of N consecutive entries each, as the replay buffer fills them: entry j of
 * sequence b is (s_{t+j}, a_{t+j}, s'_{t+j}) with its flags. Arrays are reused between batches.
 */
export class SequenceBatch {
  /** Number of sequences B. */
  readonly size: number;
  /** Entries per sequence N. */
  readonly length: number;
  /** Symbolic components per observation C. */
  readonly components: number;
  /** s_{t+j}: B × N × C symbolic components. */
  readonly obs: Int32Array;
  /** a_{t+j}: B × N. */
  readonly actions: Int32Array;
  /** Extrinsic reward of entry j: B × N. */
  readonly rewards: Float32Array;
  /** s'_{t+j}, the observation after a_{t+j}: B × N × C. */
  readonly nextObs: Int32Array;
  /** 1 where s'_{t+j} is terminal: B × N. */
  readonly terminated: Uint8Array;
  /** 1 where the episode was cut after entry j (time limit): B × N. */
  readonly truncated: Uint8Array;
  /** 1 where entry j is the buffer's newest, so entry j+1 is not its successor: B × N. */
  readonly newest: Uint8Array;
  /** Within-episode step t of entry j: B × N. */
  readonly steps: Int32Array;

  /** Allocates a batch of `size` sequences of `length` entries with `components` per observation. */
  constructor(size: number, length: number, components: number) {
    this.size = size;
    this.length = length;
    this.components = components;
    const n = size * length;
    this.obs = new Int32Array(n * components);
    this.actions = new Int32Array(n);
    this.rewards = new Float32Array(n);
    this.nextObs = new Int32Array(n * components);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.newest = new Uint8Array(n);
    this.steps = new Int32Array(n);
  }
}

/**
 * Draws one action per observation row from the current policy: `obs` holds `rows` × C symbolic
 * components, `out` receives the actions. The learner supplies it.
 */
export type PolicySampler = (obs: Int32Array, rows: number, out: Int32Array) => Promise<void>;

/**
 * A variant's bonus model, as the learner drives it each iteration; its state (weights, optimiser,
 * its own random stream) goes into the learner's checkpoints.
 */
export interface Exploration extends Checkpointable {
  /** Whether {@link Exploration.update} trains a model (the learner samples its batch only then). */
  readonly learnsDensity: boolean;
  /** One density step on a replay batch of sequences of length `horizon`. */
  update(batch: SequenceBatch, policy: PolicySampler): Promise<void>;
  /**
   * Sees the state s of every transition the training envs add to the replay, `rows` rows of C
   * components, for models that count visits over the run (optional).
   */
  observe?(obs: Int32Array, rows: number): void;
  /** Writes r_int of each sequence of the critic batch into `out` (no gradient). */
  reward(batch: SequenceBatch, policy: PolicySampler, out: Float32Array): Promise<void>;
  /** Frees the model's tensors. */
  dispose(): void;
}

/** What a variant's model is built from. */
export interface ExplorationOptions {
  /** The symbolic observation: component sizes and which components are z = (x, y). */
  layout: SymbolicLayout;
  /** Number of discrete actions. */
  numActions: number;
  /** Most sequences in a batch the model is given. */
  batchSize: number;
  /** Weights and hyper-parameters. */
  settings: ExplorationSettings;
  /** Stream for initialisation and for the model's own draws (future samples). */
  rng: Rng;
}

/**
 * The clipped single-sample bonus of future-kl.md §7 and §11:
 * α_∞ · min(−log q(z̄) − log|Z|, log(rewardClip·|Z|)), from `negLogQ` = −log q(z̄) and log|Z|.
 */
export function clippedBonus(negLogQ: number, logZ: number, settings: ExplorationSettings): number {
  return settings.alphaInf * Math.min(negLogQ - logZ, Math.log(settings.rewardClip) + logZ);
}
