/**
 * P2's discrete off-policy actor-critic for Minigrid (future-kl.md §2–§10), in one file, CleanRL
 * style: a 1000-transition FIFO replay, one critic Q(s,a) with a soft target, a score-function actor
 * with γ^t weights and centred advantages, and an exploration variant's bonus (src/exploration/).
 *
 * Per iteration (§10): 1 env step; 1 density step (variants with a model); 1 critic step on
 * y = α_r·r + r_int + γ(1 − done)(Q̄(s',a') − α_sac log π(a'|s')), a' ~ π(·|s'); 1 actor step on
 * −mean_b w_b log π(a_b|s_b) A_b, a_b ~ π(·|s_b), A_b = Q(s_b,a_b) − α_sac log π(a_b|s_b) − mean;
 * then θ̄ ← τθ + (1−τ)θ̄. Every `evalEvery` iterations, 64 rollouts of the stochastic policy on a
 * separate env give the discounted return and the γ^t-weighted entropy of z = (x, y) (§4 of
 * minigrid-experiments.md). Reward centring is off in every P2 config and not implemented.
 *
 * All randomness comes from the run's {@link Rng}: initial weights, actions, replay indices, future
 * samples. A run that diverges (a NaN or infinite logit, |Q| beyond the bound) ends with a failure
 * reason instead of numbers.
 *
 * @module
 */

import { z } from "zod";
import { RunFailure, UsageError } from "../errors.ts";
import {
  createExploration,
  type Exploration,
  type ExplorationSettings,
  type PolicySampler,
  SequenceBatch,
  variantWeights,
} from "../exploration/mod.ts";
import { Logits, Mlp, OneHotRows, SymbolicLayout } from "../nn/mod.ts";
import {
  type Checkpointable,
  CheckpointMismatch,
  listField,
  numberField,
  readCheckpointSync,
  restoreArray,
  restoreArrays,
  restoreRng,
  rngState,
  saveArrays,
  type StateArray,
  type StateTree,
  subtree,
  writeCheckpointSync,
} from "../checkpoint/mod.ts";
import type { Variant } from "../results/schema.ts";
import type { Rng } from "../rng/mod.ts";
import type { LearnerEnv } from "./env.ts";

/** A count of at least 1. */
function count(fallback: number): z.ZodDefault<z.ZodNumber> {
  return z.number().int().positive().default(fallback);
}

/** A positive finite rate, weight or bound. */
function positive(fallback: number): z.ZodDefault<z.ZodNumber> {
  return z.number().finite().positive().default(fallback);
}

/** A discount or an Adam β: in [0, 1), where 1 would make a sum or a moment never forget. */
function belowOne(fallback: number): z.ZodDefault<z.ZodNumber> {
  return z.number().min(0).lt(1).default(fallback);
}

/** Hidden layer widths, input to output; none gives a linear map. */
function widths(
  fallback: readonly number[],
): z.ZodDefault<z.ZodReadonly<z.ZodArray<z.ZodNumber>>> {
  return z.array(z.number().int().positive()).readonly().default(fallback);
}

/**
 * Every hyper-parameter of the learner that depends neither on the variant nor on the mode
 * (future-kl.md §2–§3), each with its default and a one-line description: the one place they are
 * stated. {@link OffPolicyAcConfig} and {@link LEARNER_DEFAULTS} are derived from it, the Minigrid
 * task validates its learner settings with it, and `train` makes its flags and --help from it. The
 * bounds refuse values no run can use. The field order is the order of a result's `learnerConfig`.
 */
export const LearnerSettingsSchema = z.object({
  // At most 1e9, a typo guard: 2000× the reference protocol's 500k, far past any run's time.
  iterations: z.number().int().positive().max(1e9).default(500_000)
    .describe("training iterations, each 1 env step and 1 step of every network"),
  gamma: belowOne(0.98).describe("γ of the return, the critic target and the actor's γ^t weights"),
  gammaVisitation: belowOne(0.98)
    .describe("γ of the visitation d^{π,γ}: geometric sampler and MV weights (future-kl.md §3)"),
  lrActor: positive(1e-5).describe("Adam learning rate of the actor"),
  lrCritic: positive(1e-4).describe("Adam learning rate of the critic"),
  lrDensity: positive(1e-5).describe("Adam learning rate of the density model"),
  actorHidden: widths([256, 256]).describe("hidden widths of the actor"),
  criticHidden: widths([256, 256]).describe("hidden widths of the critic"),
  densityHidden: widths([256, 256, 256, 256])
    .describe("hidden widths of the conditional density model"),
  initGain: positive(1.414)
    .describe("orthogonal-init gain of every Linear layer, output layers included"),
  adamBeta1: belowOne(0.9).describe("Adam β1, as in PyTorch"),
  adamBeta2: belowOne(0.999).describe("Adam β2, as in PyTorch"),
  adamEps: positive(1e-8)
    .describe("Adam ε, as in PyTorch (tfjs's own differs, so it is always passed)"),
  batchSize: count(32)
    .describe("sequences per update; the density, critic and actor steps each sample their own"),
  replaySize: count(1000).describe("replay FIFO capacity in transitions"),
  prefill: count(1000)
    .describe("transitions collected with the initial policy before the first iteration"),
  tau: z.number().positive().max(1).default(0.1)
    .describe("critic target rate τ: θ̄ ← τθ + (1 − τ)θ̄ after each iteration"),
  centreAdvantages: z.boolean().default(true)
    .describe("subtract the batch mean from the actor's advantages"),
  rewardClip: positive(1000)
    .describe("reward clip: r_int ≤ α_∞·log(rewardClip·|Z|) (future-kl.md §7)"),
  timeLimit: count(200).describe("training episodes are cut after this many steps (TimeLimit)"),
  evalEvery: count(200).describe("evaluate after iterations 0, N, 2N, … for this N"),
  evalRollouts: count(64)
    .describe("rollouts per evaluation; the evaluation env must have this many envs"),
  evalSteps: count(200).describe("steps per evaluation rollout"),
  divergenceBound: positive(1e6)
    .describe("a critic value with |Q| above this marks the run as diverged"),
  fidelity: z.enum(["corrected", "reference"]).default("corrected")
    .describe("corrected, or reference: P2's sampler quirks F1–F4 (future-kl.md §12)"),
}).strict();

/** The learner settings, defaults applied. */
export type LearnerSettings = z.infer<typeof LearnerSettingsSchema>;

/**
 * Every hyper-parameter of a run: the {@link LearnerSettings}, the variant's α_sac, α_∞ and N
 * (objective.md §6) and α_r of the mode. Extending {@link ExplorationSettings} too makes the
 * compiler check that the schema gives the bonus models what they read. Build one with
 * {@link learnerConfig}.
 */
export interface OffPolicyAcConfig extends LearnerSettings, ExplorationSettings {
  /** The exploration variant, whose bonus model the learner trains. */
  variant: Variant;
  /** α_r, weight of the extrinsic reward: 0 in explore mode, 1 in control mode. */
  alphaR: number;
}

/** Every learner setting at its default. */
export const LEARNER_DEFAULTS: Readonly<LearnerSettings> = LearnerSettingsSchema.parse({});

/** The learner presets' names; a run's params pick one. */
export const LearnerPresetSchema = z.enum(["reference", "fast"]).default("reference")
  .describe("reference (the spec's learner) or fast (every Adam learning rate ×10)");

/** A preset's name. */
export type LearnerPreset = z.infer<typeof LearnerPresetSchema>;

/**
 * Named departures from {@link LEARNER_DEFAULTS}. `reference` is the spec's learner. `fast` is for
 * the reduced profiles, which run 2–3% of the reference's 500k iterations: every Adam learning
 * rate ×10 (actor 1e−4, critic 1e−3, density 1e−4), nothing else changed.
 */
export const LEARNER_PRESETS: Readonly<Record<LearnerPreset, Partial<LearnerSettings>>> = {
  reference: {},
  fast: { lrActor: 1e-4, lrCritic: 1e-3, lrDensity: 1e-4 },
};

/** explore: α_r = 0 (the reward is logged, not learned); control: α_r = 1. */
export type LearnerMode = "explore" | "control";

/**
 * The full config of a run: {@link LEARNER_DEFAULTS}, the variant's weights (λ replacing the one
 * it stands for), α_r of the mode, then `overrides`.
 */
export function learnerConfig(opts: {
  variant: Variant;
  mode: LearnerMode;
  lambda?: number;
  overrides?: Partial<OffPolicyAcConfig>;
}): OffPolicyAcConfig {
  return {
    ...LEARNER_DEFAULTS,
    variant: opts.variant,
    ...variantWeights(opts.variant, opts.lambda),
    alphaR: opts.mode === "control" ? 1 : 0,
    ...opts.overrides,
  };
}

/** One transition as the replay stores it. */
export interface Transition {
  /** Observations holding s (rows of C components) and the row of s. */
  obs: Int32Array;
  /** Row of s in `obs` and of s' in `nextObs`. */
  row: number;
  /** Observations holding s'. */
  nextObs: Int32Array;
  /** Action a. */
  action: number;
  /** Extrinsic reward. */
  reward: number;
  /** 1 when s' is terminal. */
  terminated: number;
  /** 1 when the episode was cut after this step. */
  truncated: number;
  /** Within-episode step t of s. */
  step: number;
}

/** The FIFO replay of future-kl.md §4, read as sequences of consecutive entries. */
export class ReplayBuffer implements Checkpointable {
  /** Capacity in transitions. */
  readonly capacity: number;
  /** Components per observation C. */
  readonly components: number;
  /** Stored transitions (≤ capacity). */
  size = 0;
  /** Where the next transition is written; the oldest entry once the buffer is full. */
  head = 0;
  readonly #obs: Int32Array;
  readonly #nextObs: Int32Array;
  readonly #actions: Int32Array;
  readonly #rewards: Float32Array;
  readonly #terminated: Uint8Array;
  readonly #truncated: Uint8Array;
  readonly #steps: Int32Array;

  /** An empty buffer of `capacity` transitions with `components` per observation. */
  constructor(capacity: number, components: number) {
    this.capacity = capacity;
    this.components = components;
    this.#obs = new Int32Array(capacity * components);
    this.#nextObs = new Int32Array(capacity * components);
    this.#actions = new Int32Array(capacity);
    this.#rewards = new Float32Array(capacity);
    this.#terminated = new Uint8Array(capacity);
    this.#truncated = new Uint8Array(capacity);
    this.#steps = new Int32Array(capacity);
  }

  /** The stored arrays, by name (checkpoints). */
  #stateArrays(): Record<string, StateArray> {
    return {
      obs: this.#obs,
      nextObs: this.#nextObs,
      actions: this.#actions,
      rewards: this.#rewards,
      terminated: this.#terminated,
      truncated: this.#truncated,
      steps: this.#steps,
    };
  }

  /** A copy of the contents, size and write head. */
  saveState(): StateTree {
    return { ...saveArrays(this.#stateArrays()), size: this.size, head: this.head };
  }

  /** Restores a state saved by {@link ReplayBuffer.saveState} of a buffer of the same shape. */
  loadState(state: StateTree): void {
    restoreArrays(this.#stateArrays(), state);
    this.size = numberField(state, "size");
    this.head = numberField(state, "head");
  }

  /** Stores `t`, overwriting the oldest transition once full. */
  add(t: Transition): void {
    const i = this.head, C = this.components;
    this.#obs.set(t.obs.subarray(t.row * C, (t.row + 1) * C), i * C);
    this.#nextObs.set(t.nextObs.subarray(t.row * C, (t.row + 1) * C), i * C);
    this.#actions[i] = t.action;
    this.#rewards[i] = t.reward;
    this.#terminated[i] = t.terminated;
    this.#truncated[i] = t.truncated;
    this.#steps[i] = t.step;
    this.head = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /**
   * Fills `batch` with B start indices uniform over the stored entries, each followed by the next
   * N − 1 entries in storage order, wrapping (P2's sampler; the `newest` flag marks where a
   * sequence crosses the write head, which only the corrected sampler heeds).
   */
  sample(batch: SequenceBatch, rng: Rng): void {
    if (this.size === 0) throw new RangeError("cannot sample an empty replay buffer");
    const C = this.components, n = batch.length;
    const newest = (this.head + this.capacity - 1) % this.capacity;
    for (let b = 0; b < batch.size; b++) {
      const start = rng.int(this.size);
      for (let j = 0; j < n; j++) {
        const i = (start + j) % this.size, e = b * n + j;
        for (let c = 0; c < C; c++) {
          batch.obs[e * C + c] = this.#obs[i * C + c];
          batch.nextObs[e * C + c] = this.#nextObs[i * C + c];
        }
        batch.actions[e] = this.#actions[i];
        batch.rewards[e] = this.#rewards[i];
        batch.terminated[e] = this.#terminated[i];
        batch.truncated[e] = this.#truncated[i];
        batch.newest[e] = i === newest ? 1 : 0;
        batch.steps[e] = this.#steps[i];
      }
    }
  }
}

/** One evaluation (minigrid-experiments.md §4). */
export interface Evaluation {
  /** G = mean over rollouts of Σ_t γ^t r_t. */
  return: number;
  /** Entropy (nats) of the γ^t-weighted law of z = (x, y) over all rollouts. */
  entropy: number;
  /** That law, visitation[y][x]. */
  visitation: number[][];
}

/** Streams of a learner, one per purpose, so that e.g. evaluations never shift training draws. */
interface LearnerStreams {
  act: Rng;
  replay: Rng;
  evaluation: Rng;
}

/** The learner's state: networks, optimisers, replay, bonus model and reusable buffers. */
export class OffPolicyActorCritic implements Checkpointable {
  /** The resolved config. */
  readonly config: OffPolicyAcConfig;
  /** Iterations completed. */
  iteration = 0;
  readonly #env: LearnerEnv;
  readonly #evalEnv: LearnerEnv | undefined;
  readonly #layout: SymbolicLayout;
  readonly #numActions: number;
  readonly #actor: Mlp;
  readonly #critic: Mlp;
  readonly #criticTarget: Mlp;
  readonly #exploration: Exploration;
  readonly #replay: ReplayBuffer;
  readonly #rng: LearnerStreams;
  readonly #densityBatch: SequenceBatch;
  readonly #criticBatch: SequenceBatch;
  readonly #actorBatch: SequenceBatch;
  /** Actor inputs (one-hot observations) and critic inputs (with one-hot actions). */
  readonly #states: OneHotRows;
  readonly #pairs: OneHotRows;
  /** Per-batch scratch: r_int, targets y, sampled actions and their log-probabilities. */
  readonly #rInt: Float32Array;
  readonly #y: Float32Array;
  readonly #nextActions: Int32Array;
  readonly #nextLogP: Float64Array;
  readonly #actorActions: Int32Array;
  readonly #actorLogP: Float64Array;
  readonly #coef: Float32Array;
  /** Training env: actions, the observations before the step, the within-episode step. */
  readonly #envActions: Int32Array;
  readonly #prevObs: Int32Array;
  readonly #episodeStep: Int32Array;
  /** The bonus model's view of the current policy (training stream). */
  readonly #policy: PolicySampler;
  /** An evaluation's actor logits, one row per distinct observation (see evaluate). */
  #evalLogits = new Float32Array(0);

  /** A learner on `env` (and `evalEnv` for evaluations) with weights drawn from `rng`. */
  constructor(
    opts: { env: LearnerEnv; evalEnv?: LearnerEnv; config: OffPolicyAcConfig; rng: Rng },
  ) {
    const { env, evalEnv, config: c, rng } = opts;
    if (evalEnv && evalEnv.numEnvs !== c.evalRollouts) {
      throw new RangeError(
        `evaluation env has ${evalEnv.numEnvs} envs, config wants ${c.evalRollouts}`,
      );
    }
    this.config = c;
    this.#env = env;
    this.#evalEnv = evalEnv;
    const layout = this.#layout = new SymbolicLayout(env.componentSizes, env.featureComponents);
    const A = this.#numActions = env.numActions, B = c.batchSize, S = layout.width;
    this.#actor = Mlp.create({
      sizes: [S, ...c.actorHidden, A],
      gain: c.initGain,
      rng: rng.child("actor-init"),
      adam: { ...c, lr: c.lrActor },
    });
    this.#critic = Mlp.create({
      sizes: [S + A, ...c.criticHidden, 1],
      gain: c.initGain,
      rng: rng.child("critic-init"),
      adam: { ...c, lr: c.lrCritic },
    });
    this.#criticTarget = this.#critic.clone();
    this.#exploration = createExploration(
      c.variant,
      { layout, numActions: A, batchSize: B, settings: c, rng: rng.child("exploration") },
    );
    this.#replay = new ReplayBuffer(c.replaySize, layout.components);
    this.#rng = {
      act: rng.child("act"),
      replay: rng.child("replay"),
      evaluation: rng.child("evaluation"),
    };
    this.#densityBatch = new SequenceBatch(B, c.horizon, layout.components);
    this.#criticBatch = new SequenceBatch(B, c.horizon, layout.components);
    this.#actorBatch = new SequenceBatch(B, 1, layout.components);
    const maxStates = Math.max(3 * B, env.numEnvs, evalEnv?.numEnvs ?? 0);
    this.#states = new OneHotRows(layout, { numActions: 0, maxRows: maxStates });
    this.#pairs = new OneHotRows(layout, { numActions: A, maxRows: B });
    this.#rInt = new Float32Array(B);
    this.#y = new Float32Array(B);
    this.#nextActions = new Int32Array(B);
    this.#nextLogP = new Float64Array(B);
    this.#actorActions = new Int32Array(B);
    this.#actorLogP = new Float64Array(B);
    this.#coef = new Float32Array(B);
    this.#envActions = new Int32Array(env.numEnvs);
    this.#prevObs = new Int32Array(env.observations.length);
    this.#episodeStep = new Int32Array(env.numEnvs);
    this.#policy = (obs, rows, out) => this.#sampleActions(obs, rows, out, this.#rng.act);
  }

  /** Starts every training env and fills the replay with `prefill` transitions of the initial policy. */
  async prefill(): Promise<void> {
    for (let e = 0; e < this.#env.numEnvs; e++) this.#env.reset(e);
    this.#episodeStep.fill(0);
    while (this.#replay.size < Math.min(this.config.prefill, this.#replay.capacity)) {
      await this.#envStep();
    }
  }

  /** One iteration (future-kl.md §10): env step, density step, critic step, actor step, target. */
  async iterate(): Promise<void> {
    const c = this.config, A = this.#numActions, B = c.batchSize;
    await this.#envStep();

    if (this.#exploration.learnsDensity) {
      this.#replay.sample(this.#densityBatch, this.#rng.replay);
      await this.#exploration.update(this.#densityBatch, this.#policy);
    }

    // Critic step. The actor is not updated before the actor step, so one forward pass serves the
    // bonus model's bootstrap states, the critic's next states s' and the actor batch's states s.
    const cb = this.#criticBatch, ab = this.#actorBatch, N = cb.length;
    this.#replay.sample(cb, this.#rng.replay);
    this.#replay.sample(ab, this.#rng.replay);
    const states = this.#states;
    // π at [the bonus model's rows; s'_b; s_b], and where s'_0's logits start.
    let pi: Logits | null = null, at = 0;
    const forward = async (obs: Int32Array, rows: number): Promise<Logits> => {
      states.clear();
      for (let r = 0; r < rows; r++) states.push(obs, r);
      for (let b = 0; b < B; b++) states.push(cb.nextObs, b * N);
      for (let b = 0; b < B; b++) states.push(ab.obs, b);
      at = rows * A;
      return pi = new Logits(await this.#actor.predict(states), "actor");
    };
    await this.#exploration.reward(cb, async (obs, rows, out) => {
      const logits = await forward(obs, rows);
      for (let r = 0; r < rows; r++) out[r] = logits.sample(r * A, A, this.#rng.act);
    }, this.#rInt);
    this.#sampleCriticActions(pi ?? await forward(cb.nextObs, 0), at);
    const pairs = this.#pairs;
    pairs.clear();
    for (let b = 0; b < B; b++) pairs.push(cb.nextObs, b * N, this.#nextActions[b]);
    const qNext = this.#checkedQ(await this.#criticTarget.predict(pairs));
    for (let b = 0; b < B; b++) {
      const e = b * N, soft = qNext[b] - c.alphaSac * this.#nextLogP[b];
      this.#y[b] = c.alphaR * cb.rewards[e] + this.#rInt[b] +
        c.gamma * (1 - cb.terminated[e]) * soft;
    }
    pairs.clear();
    for (let b = 0; b < B; b++) pairs.push(cb.obs, b * N, cb.actions[b * N]);
    const y = this.#y;
    // MSE(Q(s,a), y): dL/dQ_b = 2(Q_b − y_b)/B.
    await this.#critic.train(pairs, (q, grad) => {
      this.#checkedQ(q);
      for (let b = 0; b < B; b++) grad[b] = (2 * (q[b] - y[b])) / B;
    });

    // Actor step: score function with the online critic's advantages and γ^t weights (§9).
    pairs.clear();
    for (let b = 0; b < B; b++) pairs.push(ab.obs, b, this.#actorActions[b]);
    actorCoefficients({
      q: this.#checkedQ(await this.#critic.predict(pairs)),
      logP: this.#actorLogP,
      steps: ab.steps,
      config: c,
      out: this.#coef,
    });
    states.clear();
    for (let b = 0; b < B; b++) states.push(ab.obs, b);
    await this.#actor.train(states, (logits, grad) => {
      scoreFunctionGradient({ logits, actions: this.#actorActions, coef: this.#coef, grad });
    });

    this.#criticTarget.softUpdateFrom(this.#critic, c.tau);
    this.iteration++;
  }

  /**
   * `evalRollouts` rollouts of `evalSteps` steps of the current stochastic policy on the
   * evaluation env (minigrid-experiments.md §4): after a terminal state the observation repeats
   * with reward 0; an env that truncates on its own restarts and a new episode fills the rest.
   */
  async evaluate(): Promise<Evaluation> {
    const env = this.#evalEnv;
    if (!env) throw new RangeError("this learner has no evaluation env");
    const c = this.config, n = env.numEnvs, C = this.#layout.components;
    const [fx, fy] = this.#layout.feature;
    const nx = this.#layout.sizes[fx], ny = this.#layout.sizes[fy];
    for (let e = 0; e < n; e++) env.reset(e);
    const frozen = new Uint8Array(n), frozenObs = new Int32Array(n * C);
    const visits = new Float64Array(nx * ny), actions = new Int32Array(n);
    // The policy is fixed for the whole evaluation, so π(·|s) of each distinct observation is
    // computed once, when it first appears, and its logits kept: the rollouts revisit few states
    // (all 64 start alike), and the actor's passes over all 64 rows each step were most of an
    // evaluation's time. A row's logits do not depend on the other rows of its pass, so the draws
    // are the same as with a pass over every row.
    const A = this.#numActions, states = this.#states, rowOf = new Int32Array(n);
    if (this.#evalLogits.length < n * c.evalSteps * A) {
      this.#evalLogits = new Float32Array(n * c.evalSteps * A);
    }
    const known = new Map<number | string, number>(), pi = new Logits(this.#evalLogits, "actor");
    let total = 0, discount = 1;
    for (let t = 0; t < c.evalSteps; t++) {
      for (let e = 0; e < n; e++) {
        const obs = frozen[e] ? frozenObs : env.observations;
        visits[obs[e * C + fy] * nx + obs[e * C + fx]] += discount;
      }
      states.clear();
      for (let e = 0; e < n; e++) {
        const key = this.#layout.key(env.observations, e);
        let row = known.get(key);
        if (row === undefined) {
          known.set(key, row = known.size);
          states.push(env.observations, e);
        }
        rowOf[e] = row;
      }
      if (states.rows > 0) {
        const first = known.size - states.rows, logits = await this.#actor.predict(states);
        this.#evalLogits.set(logits.subarray(0, states.rows * A), first * A);
      }
      for (let e = 0; e < n; e++) actions[e] = pi.sample(rowOf[e] * A, A, this.#rng.evaluation);
      env.step(actions);
      for (let e = 0; e < n; e++) {
        if (frozen[e]) continue;
        total += discount * env.rewards[e];
        if (env.terminated[e]) {
          frozen[e] = 1;
          frozenObs.set(env.observations.subarray(e * C, (e + 1) * C), e * C);
          env.reset(e);
        } else if (env.truncated[e]) {
          env.reset(e);
        }
      }
      discount *= c.gamma;
    }
    const mass = visits.reduce((a, b) => a + b, 0);
    let entropy = 0;
    for (const v of visits) if (v > 0) entropy -= (v / mass) * Math.log(v / mass);
    const visitation = Array.from(
      { length: ny },
      (_, y) => Array.from(visits.subarray(y * nx, (y + 1) * nx), (v) => v / mass),
    );
    return { return: total / n, entropy, visitation };
  }

  /** π(·|s) of each of `rows` observations (rows of C components) under the current actor. */
  async actionProbabilities(obs: Int32Array, rows: number): Promise<number[][]> {
    const states = this.#states, A = this.#numActions;
    states.clear();
    for (let r = 0; r < rows; r++) states.push(obs, r);
    const pi = new Logits(await this.#actor.predict(states), "actor");
    return Array.from({ length: rows }, (_, r) => pi.probabilities(r * A, A));
  }

  /** Q(s, a) of each observation row of `obs` and its action in `actions`, online critic. */
  qValues(obs: Int32Array, actions: Int32Array): Promise<Float32Array> {
    const pairs = this.#pairs;
    pairs.clear();
    actions.forEach((a, r) => pairs.push(obs, r, a));
    return this.#critic.predict(pairs);
  }

  /**
   * Everything a resumed run needs to continue exactly: iteration count, networks and their
   * optimisers, the target critic, the bonus model, the replay, the random streams and the envs.
   */
  async saveState(): Promise<StateTree> {
    return {
      iteration: this.iteration,
      actor: await this.#actor.saveState(),
      critic: await this.#critic.saveState(),
      criticTarget: await this.#criticTarget.saveState(),
      exploration: await this.#exploration.saveState(),
      replay: this.#replay.saveState(),
      rng: {
        act: rngState(this.#rng.act),
        replay: rngState(this.#rng.replay),
        evaluation: rngState(this.#rng.evaluation),
      },
      env: await this.#env.saveState(),
      evalEnv: (await this.#evalEnv?.saveState()) ?? null,
      episodeStep: this.#episodeStep.slice(),
    };
  }

  /** Restores a state saved by {@link OffPolicyActorCritic.saveState} of a learner of this config. */
  loadState(state: StateTree): void {
    this.iteration = numberField(state, "iteration");
    this.#actor.loadState(subtree(state, "actor"));
    this.#critic.loadState(subtree(state, "critic"));
    this.#criticTarget.loadState(subtree(state, "criticTarget"));
    this.#exploration.loadState(subtree(state, "exploration"));
    this.#replay.loadState(subtree(state, "replay"));
    const streams = subtree(state, "rng");
    restoreRng(this.#rng.act, streams, "act");
    restoreRng(this.#rng.replay, streams, "replay");
    restoreRng(this.#rng.evaluation, streams, "evaluation");
    this.#env.loadState(subtree(state, "env"));
    if (this.#evalEnv) this.#evalEnv.loadState(subtree(state, "evalEnv"));
    restoreArray(this.#episodeStep, state, "episodeStep");
  }

  /** Frees every tensor of the learner. */
  dispose(): void {
    for (const net of [this.#actor, this.#critic, this.#criticTarget]) net.dispose();
    this.#exploration.dispose();
  }

  /**
   * a'_b ~ π(·|s'_b) and a_b ~ π(·|s_b) with their log-probabilities, from logits whose rows from
   * `at` are s'_0 … s'_{B−1}, s_0 … s_{B−1}.
   */
  #sampleCriticActions(pi: Logits, at: number): void {
    const A = this.#numActions, B = this.config.batchSize;
    for (let b = 0; b < B; b++) {
      const n = at + b * A;
      this.#nextActions[b] = pi.sample(n, A, this.#rng.act);
      this.#nextLogP[b] = pi.values[n + this.#nextActions[b]] - pi.logSumExp(n, A);
      const r = at + (B + b) * A;
      this.#actorActions[b] = pi.sample(r, A, this.#rng.act);
      this.#actorLogP[b] = pi.values[r + this.#actorActions[b]] - pi.logSumExp(r, A);
    }
  }

  /** Draws one action per observation row from the actor, through `rng`. */
  async #sampleActions(obs: Int32Array, rows: number, out: Int32Array, rng: Rng): Promise<void> {
    const states = this.#states, A = this.#numActions;
    states.clear();
    for (let r = 0; r < rows; r++) states.push(obs, r);
    const pi = new Logits(await this.#actor.predict(states), "actor");
    for (let r = 0; r < rows; r++) out[r] = pi.sample(r * A, A, rng);
  }

  /** Steps every training env once and stores the transitions; restarts finished episodes. */
  async #envStep(): Promise<void> {
    const env = this.#env, timeLimit = this.config.timeLimit;
    await this.#sampleActions(env.observations, env.numEnvs, this.#envActions, this.#rng.act);
    this.#prevObs.set(env.observations);
    this.#exploration.observe?.(this.#prevObs, env.numEnvs);
    env.step(this.#envActions);
    for (let e = 0; e < env.numEnvs; e++) {
      const step = this.#episodeStep[e];
      const truncated = env.truncated[e] || step + 1 >= timeLimit ? 1 : 0;
      this.#replay.add({
        obs: this.#prevObs,
        row: e,
        nextObs: env.observations,
        action: this.#envActions[e],
        reward: env.rewards[e],
        terminated: env.terminated[e],
        truncated,
        step,
      });
      if (env.terminated[e] || truncated) {
        env.reset(e);
        this.#episodeStep[e] = 0;
      } else {
        this.#episodeStep[e] = step + 1;
      }
    }
  }

  /** The critic's values, failing the run when one is not finite or beyond the bound. */
  #checkedQ(q: Float32Array): Float32Array {
    for (const v of q) {
      if (!(Math.abs(v) <= this.config.divergenceBound)) {
        throw new RunFailure(
          `critic value ${v} beyond ±${this.config.divergenceBound}`,
          "critic",
          "the run diverged; lower the learning rates",
        );
      }
    }
    return q;
  }
}

/**
 * The actor's per-sample weights of §9, written into `out`: c_b = w_b·A_b / B, with
 * A_b = Q(s_b, a_b) − α_sac·log π(a_b|s_b) minus its batch mean (when centring) and
 * w_b = γ^{t_b − min t} divided by its batch mean.
 */
export function actorCoefficients(opts: {
  q: ArrayLike<number>;
  logP: ArrayLike<number>;
  steps: Int32Array;
  config: Pick<OffPolicyAcConfig, "gamma" | "alphaSac" | "centreAdvantages">;
  out: Float32Array;
}): void {
  const { q, logP, steps, out } = opts, { gamma, alphaSac } = opts.config;
  const B = out.length;
  let meanA = 0, minStep = Infinity;
  for (let b = 0; b < B; b++) {
    meanA += (q[b] - alphaSac * logP[b]) / B;
    minStep = Math.min(minStep, steps[b]);
  }
  if (!opts.config.centreAdvantages) meanA = 0;
  let meanW = 0;
  for (let b = 0; b < B; b++) meanW += gamma ** (steps[b] - minStep) / B;
  for (let b = 0; b < B; b++) {
    const w = gamma ** (steps[b] - minStep) / meanW;
    out[b] = (w * (q[b] - alphaSac * logP[b] - meanA)) / B;
  }
}

/**
 * Gradient of the actor's surrogate loss L = −Σ_b c_b·log π(a_b|s_b) with respect to the logits z
 * (B × A): dL/dz_{b,a} = c_b·(π(a|s_b) − 1[a = a_b]). Descending it is the §9 update.
 */
export function scoreFunctionGradient(opts: {
  logits: Float32Array;
  actions: Int32Array;
  coef: Float32Array;
  grad: Float32Array;
}): void {
  const { actions, coef, grad } = opts, B = actions.length, A = grad.length / B;
  const pi = new Logits(opts.logits, "actor");
  for (let b = 0; b < B; b++) {
    pi.softmaxInto(b * A, A, { out: grad, at: b * A, scale: coef[b] });
    grad[b * A + actions[b]] -= coef[b];
  }
}

/** An evaluation and the iteration it = 0, evalEvery, … after whose updates it ran. */
export interface EvalPoint extends Evaluation {
  /** The iteration's index. */
  iteration: number;
}

/** What a training run produced. */
export interface TrainResult {
  /** The resolved config. */
  config: OffPolicyAcConfig;
  /** Iterations completed. */
  iterations: number;
  /** Evaluations, in order. */
  evals: EvalPoint[];
  /** Why the run stopped early, when it diverged; the run is recorded as failed, never dropped. */
  failure?: string;
  /** True when the run stopped at `checkpoint.stopAt`, its checkpoint saved: it is unfinished. */
  stopped?: true;
}

/** Where and how often a run checkpoints, and what identifies it. */
export interface CheckpointOptions {
  /** The checkpoint file: resumed from when it exists, rewritten as the run goes. */
  path: string;
  /** Least seconds between checkpoints, taken after evaluations; 0 saves after every one. */
  everySeconds: number;
  /** The run's identity (e.g. its config as JSON); a checkpoint of another run is refused. */
  runKey: string;
  /** Called after each save, with the iterations done (progress lines). */
  onSave?: (iterations: number) => void;
  /** Called when the run resumes from a checkpoint, with the iterations it had done. */
  onResume?: (iterations: number) => void;
  /**
   * A time (`Date.now()` milliseconds) after which the run stops at its next evaluation, saving a
   * checkpoint there so that the next call resumes exactly (time budgets of CI jobs).
   */
  stopAt?: number;
}

/** The checkpoint tree of a run: the learner's state and the evaluations so far. */
async function runState(
  learner: OffPolicyActorCritic,
  runKey: string,
  evals: EvalPoint[],
): Promise<StateTree> {
  return {
    format: 1,
    runKey,
    learner: await learner.saveState(),
    evals: evals.map((e) => ({ ...e })),
  };
}

/** Restores a run from `saved`; returns its evaluations. */
function resumeRun(
  learner: OffPolicyActorCritic,
  saved: StateTree,
  opts: CheckpointOptions & { iterations: number },
): EvalPoint[] {
  if (saved.format !== 1 || saved.runKey !== opts.runKey) {
    throw new UsageError(
      "checkpoint belongs to another run (different config or code version)",
      opts.path,
      "delete it to start this run afresh",
    );
  }
  try {
    learner.loadState(subtree(saved, "learner"));
    const it = learner.iteration;
    if (!Number.isInteger(it) || it < 0 || it > opts.iterations) {
      throw new CheckpointMismatch("learner.iteration", `${it} is not in 0..${opts.iterations}`);
    }
    const evals = listField(saved, "evals");
    const isEval = (e: unknown): boolean => {
      const p = e as EvalPoint;
      return p !== null && typeof p === "object" && Number.isInteger(p.iteration) &&
        typeof p.return === "number" && typeof p.entropy === "number" &&
        Array.isArray(p.visitation) && p.visitation.every(Array.isArray);
    };
    if (!evals.every(isEval)) throw new CheckpointMismatch("evals", "not a list of evaluations");
    return evals as unknown as EvalPoint[];
  } catch (e) {
    if (!(e instanceof CheckpointMismatch)) throw e;
    throw new UsageError(
      `checkpoint does not fit this run: ${e.message}`,
      opts.path,
      "delete it to start this run afresh",
    );
  }
}

/**
 * A full run: prefill, then `config.iterations` iterations with an evaluation after iterations
 * 0, evalEvery, … . `onEval` sees each evaluation as it happens (progress lines). With
 * `checkpoint`, a run resumes from the checkpoint file when there is one and saves one after an
 * evaluation whenever `everySeconds` have passed since the last (and at `stopAt`, where it stops);
 * a resumed run ends exactly as an uninterrupted one. The caller removes the file once it has kept the result.
 */
export async function trainOffPolicyAc(opts: {
  env: LearnerEnv;
  evalEnv: LearnerEnv;
  config: OffPolicyAcConfig;
  rng: Rng;
  onEval?: (point: EvalPoint) => void;
  checkpoint?: CheckpointOptions;
}): Promise<TrainResult> {
  const learner = new OffPolicyActorCritic(opts);
  const ckpt = opts.checkpoint;
  let evals: EvalPoint[] = [];
  try {
    const saved = ckpt ? readCheckpointSync(ckpt.path) : null;
    if (saved && ckpt) {
      evals = resumeRun(learner, saved, { ...ckpt, iterations: opts.config.iterations });
      ckpt.onResume?.(learner.iteration);
    } else {
      await learner.prefill();
    }
    let lastSave = performance.now();
    for (let it = learner.iteration; it < opts.config.iterations; it++) {
      await learner.iterate();
      if (it % opts.config.evalEvery !== 0) continue;
      const point = { iteration: it, ...(await learner.evaluate()) };
      evals.push(point);
      opts.onEval?.(point);
      const stop = ckpt?.stopAt !== undefined && Date.now() >= ckpt.stopAt;
      if (ckpt && (stop || performance.now() - lastSave >= ckpt.everySeconds * 1000)) {
        writeCheckpointSync(ckpt.path, await runState(learner, ckpt.runKey, evals));
        lastSave = performance.now();
        ckpt.onSave?.(learner.iteration);
      }
      if (stop) return { config: opts.config, iterations: learner.iteration, evals, stopped: true };
    }
    return { config: opts.config, iterations: learner.iteration, evals };
  } catch (e) {
    if (!(e instanceof RunFailure)) throw e;
    return {
      config: opts.config,
      iterations: learner.iteration,
      evals,
      failure: `${e.what} (${e.where}, iteration ${learner.iteration})`,
    };
  } finally {
    learner.dispose();
  }
}
