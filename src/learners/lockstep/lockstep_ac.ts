/**
 * The off-policy actor-critic of off_policy_ac.ts (future-kl.md §2–§10) for R runs of one env at
 * once, in lockstep: every network is a {@link StackedMlp} ([R, in + 1, out] per layer, one
 * batched product per layer), each run keeps its own replay ring, training env, evaluation env and
 * named random streams, and the runs' per-sample work (sampling, losses' output gradients, the
 * future-state sampler) runs in plain JS per run as in the single-run learner.
 *
 * Runs of one batch share every hyper-parameter except the variant's coefficients α_sac, α_∞ and
 * the mode's α_r, and their variants share one density shape ({@link densityShape}): none (`none`,
 * `action`), MV (`state`, `joint`) or CV (`future-kl`).
 *
 * Each run draws from the streams the single-run learner uses, in the same order (`actor-init`,
 * `critic-init`, `exploration`/`density-init` and `future-samples`, `act`, `replay`,
 * `evaluation`), so a run's draws differ from its single-run twin only through float rounding.
 * Rows a run does not use in a batched product (bootstrap slots of sequences that do not
 * bootstrap) are zero, and every run's rows sit at fixed places, so a run's numbers do not depend
 * on R or on the other runs: run r of a batch ends exactly as the same run alone (R = 1).
 *
 * A run that diverges fails alone: its failure is recorded, the others go on, and its slices are
 * no longer read.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { RunFailure } from "../../errors.ts";
import { clippedBonus, futureSource, geometric, SequenceBatch } from "../../exploration/mod.ts";
import { Logits, OneHotRows, SymbolicLayout } from "../../nn/mod.ts";
import type { StateTree } from "../../checkpoint/mod.ts";
import type { Variant } from "../../results/schema.ts";
import { type DensityShape, variantRecord } from "../../exploration/variants/mod.ts";
import type { Rng } from "../../rng/mod.ts";
import type { LearnerEnv } from "../env.ts";
import {
  actorCoefficients,
  type EvalPoint,
  type Evaluation,
  type OffPolicyAcConfig,
  ReplayBuffer,
  scoreFunctionGradient,
  type TrainResult,
} from "../off_policy_ac.ts";
import { readRun, StackedAdam, StackedMlp } from "./stacked_mlp.ts";

/**
 * The density shape of `variant` in this learner, from its record: none (`none`, `action`), MV
 * (`state`, `joint`), CV (`future-kl`), or null where this learner does not implement the bonus.
 */
export function densityShape(variant: Variant): DensityShape | null {
  return variantRecord(variant).minigrid.lockstep ?? null;
}

/** The density shape of `variant`; a variant this learner does not implement is refused. */
function shapeOf(variant: Variant): DensityShape {
  const shape = densityShape(variant);
  if (shape === null) {
    throw new RangeError(`the lockstep learner does not implement the ${variant} bonus`);
  }
  return shape;
}

/** The per-run coefficients that may differ inside a lockstep batch. */
const PER_RUN = new Set<string>(["variant", "alphaSac", "alphaInf", "alphaR"]);

/**
 * What runs of one lockstep batch share: the density shape and every other setting of their
 * config. Runs with equal keys can be batched.
 */
export function lockstepKey(config: OffPolicyAcConfig): string {
  const shared = Object.entries(config).filter(([k]) => !PER_RUN.has(k));
  shared.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([shapeOf(config.variant), shared]);
}

/** One run of a lockstep batch: its config, envs and root stream (the single-run learner's). */
export interface LockstepRun {
  /** The run's full config. */
  config: OffPolicyAcConfig;
  /** Its training env. */
  env: LearnerEnv;
  /** Its evaluation env (`evalRollouts` envs), when it evaluates. */
  evalEnv?: LearnerEnv;
  /** The learner's root stream of the run. */
  rng: Rng;
}

/** Per-run state: envs, replay, streams, batches and scratch. */
interface RunState {
  config: OffPolicyAcConfig;
  env: LearnerEnv;
  evalEnv: LearnerEnv | undefined;
  replay: ReplayBuffer;
  act: Rng;
  replayRng: Rng;
  evaluation: Rng;
  future: Rng;
  densityBatch: SequenceBatch;
  criticBatch: SequenceBatch;
  actorBatch: SequenceBatch;
  prevObs: Int32Array;
  episodeStep: Int32Array;
  envActions: Int32Array;
  /** Future sampler: per sequence, the entry and whether it bootstraps; a' of bootstrap slots. */
  entry: Int32Array;
  boot: Uint8Array;
  bootActions: Int32Array;
  rInt: Float32Array;
  y: Float32Array;
  nextActions: Int32Array;
  nextLogP: Float64Array;
  actorActions: Int32Array;
  actorLogP: Float64Array;
  coef: Float32Array;
  /** Why the run stopped, once it diverged. */
  failure: string | null;
  /** Iterations it had completed when it failed. */
  failedAfter: number;
}

/**
 * R rows-blocks of one-hot inputs, [R, rows, width], each run's block written through its own
 * {@link OneHotRows} and padded with zero rows to the block's fixed height.
 */
class StackedRows {
  readonly rows: OneHotRows[];
  readonly data: Float32Array;
  readonly #width: number;

  constructor(layout: SymbolicLayout, opts: { runs: number; numActions: number; height: number }) {
    this.rows = Array.from(
      { length: opts.runs },
      () => new OneHotRows(layout, { numActions: opts.numActions, maxRows: opts.height }),
    );
    this.#width = this.rows[0].width;
    this.data = new Float32Array(opts.runs * opts.height * this.#width);
  }

  /** Empties every run's block. */
  clear(): void {
    for (const r of this.rows) r.clear();
  }

  /** Appends an all-zero row to run `r`'s block (a slot it does not use). */
  skip(r: number): void {
    const rows = this.rows[r];
    rows.data.fill(0, rows.rows * this.#width, (rows.rows + 1) * this.#width);
    rows.rows++;
  }

  /** The blocks as one [R, height, width] array, `height` rows each (zero rows after the last). */
  stacked(height: number): Float32Array {
    const w = this.#width;
    this.rows.forEach((rows, r) => {
      const at = r * height * w, used = rows.rows * w;
      this.data.set(rows.data.subarray(0, used), at);
      this.data.fill(0, at + used, at + height * w);
    });
    return this.data.subarray(0, this.rows.length * height * w);
  }
}

/** R runs of the off-policy actor-critic stepped together. */
export class LockstepActorCritic {
  /** Runs R. */
  readonly runs: number;
  /** Iterations completed (every run steps every iteration). */
  iteration = 0;
  readonly #shared: OffPolicyAcConfig;
  readonly #shape: DensityShape;
  readonly #layout: SymbolicLayout;
  readonly #numActions: number;
  readonly #run: RunState[];
  readonly #actor: StackedMlp;
  readonly #critic: StackedMlp;
  readonly #criticTarget: StackedMlp;
  /** CV: the conditional density, padded C × n_max logits. */
  readonly #density: StackedMlp | null;
  /** MV: the factorised logits [R, C, n_max] and their optimiser. */
  readonly #mvLogits: tf.Variable | null;
  readonly #mvAdam: StackedAdam | null;
  /** Actor inputs, (obs, action) inputs of the critic, and (obs, action) of the density. */
  readonly #states: StackedRows;
  readonly #pairs: StackedRows;
  readonly #densityPairs: StackedRows | null;

  /** A batch of `runs` (at least one), all with one {@link lockstepKey} and env shape. */
  constructor(opts: { runs: readonly LockstepRun[] }) {
    const runs = opts.runs;
    if (runs.length === 0) throw new RangeError("a lockstep batch needs at least one run");
    const c = this.#shared = runs[0].config, key = lockstepKey(c);
    for (const run of runs) {
      if (lockstepKey(run.config) !== key) {
        throw new RangeError("runs of a lockstep batch differ beyond α_sac, α_∞, α_r");
      }
      if (run.evalEnv && run.evalEnv.numEnvs !== c.evalRollouts) {
        throw new RangeError(
          `evaluation env has ${run.evalEnv.numEnvs} envs, config wants ${c.evalRollouts}`,
        );
      }
    }
    const env0 = runs[0].env;
    for (const run of runs) {
      if (
        run.env.numEnvs !== env0.numEnvs || run.env.numActions !== env0.numActions ||
        run.env.componentSizes.join() !== env0.componentSizes.join()
      ) throw new RangeError("runs of a lockstep batch need envs of one shape");
    }
    this.runs = runs.length;
    this.#shape = shapeOf(c.variant);
    const layout = this.#layout = new SymbolicLayout(env0.componentSizes, env0.featureComponents);
    const A = this.#numActions = env0.numActions, B = c.batchSize, S = layout.width;
    const R = runs.length, C = layout.components;
    const adam = (lr: number) => ({ ...c, lr });
    this.#actor = StackedMlp.create({
      sizes: [S, ...c.actorHidden, A],
      gain: c.initGain,
      rngs: runs.map((r) => r.rng.child("actor-init")),
      adam: adam(c.lrActor),
    });
    this.#critic = StackedMlp.create({
      sizes: [S + A, ...c.criticHidden, 1],
      gain: c.initGain,
      rngs: runs.map((r) => r.rng.child("critic-init")),
      adam: adam(c.lrCritic),
    });
    this.#criticTarget = this.#critic.clone();
    const exploration = runs.map((r) => r.rng.child("exploration"));
    this.#density = this.#shape === "cv"
      ? StackedMlp.create({
        sizes: [S + A, ...c.densityHidden, S],
        gain: c.initGain,
        rngs: exploration.map((e) => e.child("density-init")),
        adam: adam(c.lrDensity),
        paddedOutput: { width: C * layout.slot, columns: layout.paddedColumns() },
      })
      : null;
    this.#mvLogits = this.#shape === "mv"
      ? tf.tidy(() => tf.variable(tf.zeros([R, C, layout.slot]), true))
      : null;
    this.#mvAdam = this.#mvLogits ? new StackedAdam([this.#mvLogits], adam(c.lrDensity)) : null;
    const boots = this.#shape === "cv" ? B : 0;
    const evalRows = runs[0].evalEnv?.numEnvs ?? 0;
    this.#states = new StackedRows(layout, {
      runs: R,
      numActions: 0,
      height: Math.max(boots + 2 * B, env0.numEnvs, evalRows),
    });
    this.#pairs = new StackedRows(layout, { runs: R, numActions: A, height: B });
    this.#densityPairs = this.#shape === "cv"
      ? new StackedRows(layout, { runs: R, numActions: A, height: 2 * B })
      : null;
    this.#run = runs.map((run) => ({
      config: run.config,
      env: run.env,
      evalEnv: run.evalEnv,
      replay: new ReplayBuffer(c.replaySize, C),
      act: run.rng.child("act"),
      replayRng: run.rng.child("replay"),
      evaluation: run.rng.child("evaluation"),
      future: run.rng.child("exploration").child("future-samples"),
      densityBatch: new SequenceBatch(B, c.horizon, C),
      criticBatch: new SequenceBatch(B, c.horizon, C),
      actorBatch: new SequenceBatch(B, 1, C),
      prevObs: new Int32Array(run.env.observations.length),
      episodeStep: new Int32Array(run.env.numEnvs),
      envActions: new Int32Array(run.env.numEnvs),
      entry: new Int32Array(B),
      boot: new Uint8Array(B),
      bootActions: new Int32Array(B),
      rInt: new Float32Array(B),
      y: new Float32Array(B),
      nextActions: new Int32Array(B),
      nextLogP: new Float64Array(B),
      actorActions: new Int32Array(B),
      actorLogP: new Float64Array(B),
      coef: new Float32Array(B),
      failure: null,
      failedAfter: 0,
    }));
  }

  /** Each run's failure (null while it runs), by run index. */
  get failures(): (string | null)[] {
    return this.#run.map((r) => r.failure);
  }

  /** Iterations run `r` completed: all of them, or those before it failed. */
  completed(r: number): number {
    const run = this.#run[r];
    return run.failure ? run.failedAfter : this.iteration;
  }

  /** Starts every training env and fills each replay with `prefill` initial-policy transitions. */
  async prefill(): Promise<void> {
    for (const run of this.#run) {
      for (let e = 0; e < run.env.numEnvs; e++) run.env.reset(e);
      run.episodeStep.fill(0);
    }
    const c = this.#shared;
    while (this.#run[0].replay.size < Math.min(c.prefill, c.replaySize)) await this.#envStep();
  }

  /** One iteration of every run: env step, density step, critic step, actor step, target. */
  async iterate(): Promise<void> {
    const c = this.#shared, A = this.#numActions, B = c.batchSize;
    await this.#envStep();
    if (this.#shape !== "none") {
      this.#each((run) => run.replay.sample(run.densityBatch, run.replayRng));
      if (this.#shape === "cv") await this.#cvUpdate();
      else await this.#mvUpdate();
    }

    this.#each((run) => {
      run.replay.sample(run.criticBatch, run.replayRng);
      run.replay.sample(run.actorBatch, run.replayRng);
    });
    // One actor forward pass: [bootstrap slots (CV); s'_b; s_b] per run (off_policy_ac.ts).
    const boots = this.#shape === "cv" ? B : 0;
    if (this.#shape === "cv") this.#each((run) => this.#drawSources(run, run.criticBatch));
    const states = this.#states;
    states.clear();
    this.#each((run, r) => {
      const cb = run.criticBatch, N = cb.length, rows = states.rows[r];
      if (boots > 0) this.#pushBootStates(run, cb, r);
      for (let b = 0; b < B; b++) rows.push(cb.nextObs, b * N);
      for (let b = 0; b < B; b++) rows.push(run.actorBatch.obs, b);
    }, (_, r) => states.rows[r].clear());
    const height = boots + 2 * B;
    const pi = await this.#actor.predict(states.stacked(height), height);
    this.#each((run, r) => {
      const logits = new Logits(pi.subarray(r * height * A, (r + 1) * height * A), "actor");
      if (boots > 0) this.#drawBootActions(run, logits);
      this.#sampleCriticActions(run, logits, boots * A);
    });
    await this.#rewards();

    const pairs = this.#pairs;
    this.#fillPairs((run, rows) => {
      const cb = run.criticBatch;
      for (let b = 0; b < B; b++) rows.push(cb.nextObs, b * cb.length, run.nextActions[b]);
    });
    const qNext = await this.#criticTarget.predict(pairs.stacked(B), B);
    this.#each((run, r) => {
      const q = this.#checkedQ(run, qNext.subarray(r * B, (r + 1) * B)), cb = run.criticBatch;
      const rc = run.config;
      for (let b = 0; b < B; b++) {
        const e = b * cb.length, soft = q[b] - rc.alphaSac * run.nextLogP[b];
        run.y[b] = rc.alphaR * cb.rewards[e] + run.rInt[b] +
          rc.gamma * (1 - cb.terminated[e]) * soft;
      }
    });
    this.#fillPairs((run, rows) => {
      const cb = run.criticBatch;
      for (let b = 0; b < B; b++) rows.push(cb.obs, b * cb.length, cb.actions[b * cb.length]);
    });
    await this.#critic.train(pairs.stacked(B), B, (q, grad) => {
      this.#each((run, r) => {
        const at = r * B;
        this.#checkedQ(run, q.subarray(at, at + B));
        for (let b = 0; b < B; b++) grad[at + b] = (2 * (q[at + b] - run.y[b])) / B;
      });
    });

    // Actor step (§9).
    this.#fillPairs((run, rows) => {
      for (let b = 0; b < B; b++) rows.push(run.actorBatch.obs, b, run.actorActions[b]);
    });
    const qActor = await this.#critic.predict(pairs.stacked(B), B);
    this.#each((run, r) => {
      actorCoefficients({
        q: this.#checkedQ(run, qActor.subarray(r * B, (r + 1) * B)),
        logP: run.actorLogP,
        steps: run.actorBatch.steps,
        config: run.config,
        out: run.coef,
      });
    });
    states.clear();
    this.#each((run, r) => {
      for (let b = 0; b < B; b++) states.rows[r].push(run.actorBatch.obs, b);
    });
    await this.#actor.train(states.stacked(B), B, (logits, grad) => {
      this.#each((run, r) => {
        const at = r * B * A;
        scoreFunctionGradient({
          logits: logits.subarray(at, at + B * A),
          actions: run.actorActions,
          coef: run.coef,
          grad: grad.subarray(at, at + B * A),
        });
      });
    });
    this.#criticTarget.softUpdateFrom(this.#critic, c.tau);
    this.iteration++;
  }

  /**
   * One evaluation of every run that has not failed (minigrid-experiments.md §4, the rules of
   * `OffPolicyActorCritic.evaluate`): `evalRollouts` rollouts of `evalSteps` steps of its
   * stochastic policy; after a terminal state the observation repeats with reward 0; an env that
   * truncates on its own restarts. Failed runs get null.
   */
  async evaluate(): Promise<(Evaluation | null)[]> {
    const c = this.#shared, A = this.#numActions, C = this.#layout.components;
    const [fx, fy] = this.#layout.feature;
    const nx = this.#layout.sizes[fx], ny = this.#layout.sizes[fy];
    const n = c.evalRollouts, states = this.#states;
    const roll = this.#run.map((run) => {
      if (!run.evalEnv) throw new RangeError("this learner has no evaluation env");
      for (let e = 0; e < n; e++) run.evalEnv.reset(e);
      return {
        frozen: new Uint8Array(n),
        frozenObs: new Int32Array(n * C),
        visits: new Float64Array(nx * ny),
        actions: new Int32Array(n),
        total: 0,
      };
    });
    let discount = 1;
    for (let t = 0; t < c.evalSteps; t++) {
      states.clear();
      this.#each((run, r) => {
        const env = run.evalEnv!, s = roll[r];
        for (let e = 0; e < n; e++) {
          const obs = s.frozen[e] ? s.frozenObs : env.observations;
          s.visits[obs[e * C + fy] * nx + obs[e * C + fx]] += discount;
          states.rows[r].push(env.observations, e);
        }
      });
      const pi = await this.#actor.predict(states.stacked(n), n);
      this.#each((run, r) => {
        const env = run.evalEnv!, s = roll[r];
        const logits = new Logits(pi.subarray(r * n * A, (r + 1) * n * A), "actor");
        for (let e = 0; e < n; e++) s.actions[e] = logits.sample(e * A, A, run.evaluation);
        env.step(s.actions);
        for (let e = 0; e < n; e++) {
          if (s.frozen[e]) continue;
          s.total += discount * env.rewards[e];
          if (env.terminated[e]) {
            s.frozen[e] = 1;
            s.frozenObs.set(env.observations.subarray(e * C, (e + 1) * C), e * C);
            env.reset(e);
          } else if (env.truncated[e]) {
            env.reset(e);
          }
        }
      });
      discount *= c.gamma;
    }
    return this.#run.map((run, r) => {
      if (run.failure) return null;
      const { visits, total } = roll[r];
      const mass = visits.reduce((a, b) => a + b, 0);
      let entropy = 0;
      for (const v of visits) if (v > 0) entropy -= (v / mass) * Math.log(v / mass);
      const visitation = Array.from(
        { length: ny },
        (_, y) => Array.from(visits.subarray(y * nx, (y + 1) * nx), (v) => v / mass),
      );
      return { return: total / n, entropy, visitation };
    });
  }

  /** π(·|s) of each of `rows` observations under run `run`'s actor (tests). */
  async actionProbabilities(run: number, obs: Int32Array, rows: number): Promise<number[][]> {
    const A = this.#numActions, states = this.#states;
    states.clear();
    for (let r = 0; r < rows; r++) states.rows[run].push(obs, r);
    const pi = await this.#actor.predict(states.stacked(rows), rows);
    const logits = new Logits(pi.subarray(run * rows * A, (run + 1) * rows * A), "actor");
    return Array.from({ length: rows }, (_, r) => logits.probabilities(r * A, A));
  }

  /** Q(s, a) of run `run`'s online critic for each observation row and action (tests). */
  async qValues(run: number, obs: Int32Array, actions: Int32Array): Promise<Float32Array> {
    const rows = new StackedRows(this.#layout, {
      runs: this.runs,
      numActions: this.#numActions,
      height: actions.length,
    });
    actions.forEach((a, r) => rows.rows[run].push(obs, r, a));
    const q = await this.#critic.predict(rows.stacked(actions.length), actions.length);
    return q.slice(run * actions.length, (run + 1) * actions.length);
  }

  /** Run `run`'s laws of each component given each row and action (CV, tests). */
  async componentLaws(run: number, obs: Int32Array, actions: Int32Array): Promise<number[][][]> {
    if (!this.#density) throw new RangeError("this batch has no conditional density");
    const { components: C, slot, sizes } = this.#layout, n = actions.length;
    const rows = new StackedRows(this.#layout, {
      runs: this.runs,
      numActions: this.#numActions,
      height: n,
    });
    actions.forEach((a, r) => rows.rows[run].push(obs, r, a));
    const out = await this.#density.predict(rows.stacked(n), n);
    const width = C * slot;
    const logits = new Logits(out.subarray(run * n * width, (run + 1) * n * width), "density");
    return Array.from(
      { length: n },
      (_, r) => sizes.map((k, i) => logits.probabilities((r * C + i) * slot, k)),
    );
  }

  /** Run `run`'s MV law of each component (MV, tests). */
  async mvProbabilities(run: number): Promise<number[][]> {
    if (!this.#mvLogits) throw new RangeError("this batch has no MV density");
    const { components: C, slot, sizes } = this.#layout;
    const all = (await this.#mvLogits.data()) as Float32Array;
    const logits = new Logits(all.slice(run * C * slot, (run + 1) * C * slot), "MV density");
    return sizes.map((k, i) => logits.probabilities(i * slot, k));
  }

  /** Run `r`'s networks and optimiser moments (the density model's too), read back. */
  async saveRunNetworks(r: number): Promise<StateTree> {
    return {
      actor: await this.#actor.saveRun(r),
      critic: await this.#critic.saveRun(r),
      criticTarget: await this.#criticTarget.saveRun(r),
      ...(this.#density ? { density: await this.#density.saveRun(r) } : {}),
      ...(this.#mvLogits
        ? {
          mv: { logits: await readRun([this.#mvLogits], r), adam: await this.#mvAdam!.saveRun(r) },
        }
        : {}),
    };
  }

  /** Frees every tensor. */
  dispose(): void {
    this.#actor.dispose();
    this.#critic.dispose();
    this.#criticTarget.dispose();
    this.#density?.dispose();
    this.#mvLogits?.dispose();
    this.#mvAdam?.dispose();
  }

  /**
   * Runs `work` for each run that has not failed; a {@link RunFailure} fails that run alone.
   * `onSkip` runs for failed runs (to keep their rows aligned).
   */
  #each(
    work: (run: RunState, r: number) => void,
    onSkip?: (run: RunState, r: number) => void,
  ): void {
    this.#run.forEach((run, r) => {
      if (run.failure) {
        onSkip?.(run, r);
        return;
      }
      try {
        work(run, r);
      } catch (e) {
        if (!(e instanceof RunFailure)) throw e;
        run.failure = `${e.what} (${e.where}, iteration ${this.iteration})`;
        run.failedAfter = this.iteration;
        onSkip?.(run, r);
      }
    });
  }

  /** Clears the critic's input rows and fills each live run's block with `fill`. */
  #fillPairs(fill: (run: RunState, rows: OneHotRows) => void): void {
    this.#pairs.clear();
    this.#each((run, r) => fill(run, this.#pairs.rows[r]), (_, r) => this.#pairs.rows[r].clear());
  }

  /** Steps every run's training envs once and stores the transitions (off_policy_ac.ts). */
  async #envStep(): Promise<void> {
    const A = this.#numActions, states = this.#states, E = this.#run[0].env.numEnvs;
    const timeLimit = this.#shared.timeLimit;
    states.clear();
    this.#each((run, r) => {
      for (let e = 0; e < E; e++) states.rows[r].push(run.env.observations, e);
    });
    const pi = await this.#actor.predict(states.stacked(E), E);
    this.#each((run, r) => {
      const logits = new Logits(pi.subarray(r * E * A, (r + 1) * E * A), "actor");
      for (let e = 0; e < E; e++) run.envActions[e] = logits.sample(e * A, A, run.act);
    });
    for (const run of this.#run) {
      // A failed run's env and replay stop; they are no longer read.
      if (run.failure) continue;
      const env = run.env;
      run.prevObs.set(env.observations);
      env.step(run.envActions);
      for (let e = 0; e < E; e++) {
        const step = run.episodeStep[e];
        const truncated = env.truncated[e] || step + 1 >= timeLimit ? 1 : 0;
        run.replay.add({
          obs: run.prevObs,
          row: e,
          nextObs: env.observations,
          action: run.envActions[e],
          reward: env.rewards[e],
          terminated: env.terminated[e],
          truncated,
          step,
        });
        if (env.terminated[e] || truncated) {
          env.reset(e);
          run.episodeStep[e] = 0;
        } else {
          run.episodeStep[e] = step + 1;
        }
      }
    }
  }

  /** k and the source of s̄ for every sequence of `batch` (future_kl.ts's sampler). */
  #drawSources(run: RunState, batch: SequenceBatch): void {
    const { gammaVisitation: gamma, fidelity } = this.#shared;
    for (let b = 0; b < batch.size; b++) {
      const k = geometric(run.future, gamma, batch.length + 1);
      const src = futureSource(batch, b, { k, fidelity });
      run.entry[b] = src.entry;
      run.boot[b] = src.bootstrap ? 1 : 0;
    }
  }

  /** Pushes each sequence's bootstrap state s'_{t+j} into run r's actor rows (zero if none). */
  #pushBootStates(run: RunState, batch: SequenceBatch, r: number): void {
    const rows = this.#states.rows[r];
    for (let b = 0; b < batch.size; b++) {
      if (run.boot[b]) rows.push(batch.nextObs, b * batch.length + run.entry[b]);
      else this.#states.skip(r);
    }
  }

  /** a' ~ π(·|c_b) for the bootstrap slots, in sequence order, from logits whose rows start there. */
  #drawBootActions(run: RunState, logits: Logits): void {
    const A = this.#numActions;
    for (let b = 0; b < run.boot.length; b++) {
      if (run.boot[b]) run.bootActions[b] = logits.sample(b * A, A, run.act);
    }
  }

  /** Density inputs: the bootstrap slots (c_b, a'_b), then each sequence's (s_b, a_b). */
  #fillDensityPairs(batch: (run: RunState) => SequenceBatch): Float32Array {
    const dp = this.#densityPairs!, B = this.#shared.batchSize;
    dp.clear();
    this.#each((run, r) => {
      const sb = batch(run), rows = dp.rows[r], N = sb.length;
      for (let b = 0; b < B; b++) {
        if (run.boot[b]) rows.push(sb.nextObs, b * N + run.entry[b], run.bootActions[b]);
        else dp.skip(r);
      }
      for (let b = 0; b < B; b++) rows.push(sb.obs, b * N, sb.actions[b * N]);
    }, (_, r) => dp.rows[r].clear());
    return dp.stacked(2 * B);
  }

  /** CV density step (future_kl.ts's update) for every run. */
  async #cvUpdate(): Promise<void> {
    const B = this.#shared.batchSize, A = this.#numActions;
    const { components: C, slot, sizes } = this.#layout, width = C * slot;
    this.#each((run) => this.#drawSources(run, run.densityBatch));
    if (this.#run.some((run) => !run.failure && run.boot.includes(1))) {
      const states = this.#states;
      states.clear();
      this.#each((run, r) => this.#pushBootStates(run, run.densityBatch, r));
      const pi = await this.#actor.predict(states.stacked(B), B);
      this.#each((run, r) => {
        if (!run.boot.includes(1)) return;
        this.#drawBootActions(run, new Logits(pi.subarray(r * B * A, (r + 1) * B * A), "actor"));
      });
    }
    const input = this.#fillDensityPairs((run) => run.densityBatch);
    const targets = new Int32Array(B * C);
    await this.#density!.train(input, 2 * B, (out, grad) => {
      this.#each((run, r) => {
        const base = r * 2 * B * width, db = run.densityBatch, N = db.length;
        const logits = new Logits(out.subarray(base, base + 2 * B * width), "future-kl density");
        for (let b = 0; b < B; b++) {
          const next = (b * N + run.entry[b]) * C;
          for (let i = 0; i < C; i++) {
            targets[b * C + i] = run.boot[b]
              ? logits.sample((b * C + i) * slot, sizes[i], run.future)
              : db.nextObs[next + i];
          }
        }
        // dL/dlogits = (softmax_i − onehot(s̄_i)) / B on the trained rows; slots get 0.
        const g = grad.subarray(base + B * width, base + 2 * B * width);
        for (let b = 0; b < B; b++) {
          for (let i = 0; i < C; i++) {
            const at = (b * C + i) * slot;
            logits.softmaxInto(at + B * width, sizes[i], { out: g, at, scale: 1 / B });
            g[at + targets[b * C + i]] -= 1 / B;
          }
        }
      });
    });
  }

  /** MV density step (state.ts's update) for every run. */
  async #mvUpdate(): Promise<void> {
    const { components: C, slot, sizes } = this.#layout, width = C * slot;
    const B = this.#shared.batchSize, gamma = this.#shared.gammaVisitation;
    const all = (await this.#mvLogits!.data()) as Float32Array;
    const grad = new Float32Array(all.length);
    this.#each((run, r) => {
      const logits = new Logits(all.subarray(r * width, (r + 1) * width), "MV density");
      const g = grad.subarray(r * width, (r + 1) * width), batch = run.densityBatch;
      const stride = batch.length * C;
      let total = 0;
      for (let b = 0; b < B; b++) total += (1 - gamma) * gamma ** batch.steps[b * batch.length];
      for (let i = 0; i < C; i++) {
        logits.softmaxInto(i * slot, sizes[i], { out: g, at: i * slot, scale: 1 / B });
      }
      for (let b = 0; b < B; b++) {
        const w = (1 - gamma) * gamma ** batch.steps[b * batch.length] / total;
        for (let i = 0; i < C; i++) g[i * slot + batch.obs[b * stride + i]] -= w / B;
      }
    });
    tf.tidy(() => this.#mvAdam!.step([tf.tensor3d(grad, [this.runs, C, slot])]));
  }

  /** r_int of every critic-batch sequence of every run (§7, §11). */
  async #rewards(): Promise<void> {
    const { components: C, slot, sizes, feature, logZ } = this.#layout;
    const [fx, fy] = feature, B = this.#shared.batchSize, width = C * slot;
    if (this.#shape === "none") {
      for (const run of this.#run) run.rInt.fill(0);
      return;
    }
    if (this.#shape === "mv") {
      const all = (await this.#mvLogits!.data()) as Float32Array;
      this.#each((run, r) => {
        const logits = new Logits(all.subarray(r * width, (r + 1) * width), "MV density");
        const l = logits.values, cb = run.criticBatch, stride = cb.length * C;
        const lseX = logits.logSumExp(fx * slot, sizes[fx]);
        const lseY = logits.logSumExp(fy * slot, sizes[fy]);
        for (let b = 0; b < B; b++) {
          const x = cb.obs[b * stride + fx], y = cb.obs[b * stride + fy];
          const negLogQ = lseX - l[fx * slot + x] + lseY - l[fy * slot + y];
          run.rInt[b] = clippedBonus(negLogQ, logZ, run.config);
        }
      });
      return;
    }
    const input = this.#fillDensityPairs((run) => run.criticBatch);
    const out = await this.#density!.predict(input, 2 * B);
    this.#each((run, r) => {
      const base = r * 2 * B * width, cb = run.criticBatch;
      const logits = new Logits(out.subarray(base, base + 2 * B * width), "future-kl density");
      const l = logits.values;
      for (let b = 0; b < B; b++) {
        let x: number, y: number;
        if (run.boot[b]) {
          x = logits.sample((b * C + fx) * slot, sizes[fx], run.future);
          y = logits.sample((b * C + fy) * slot, sizes[fy], run.future);
        } else {
          const next = (b * cb.length + run.entry[b]) * C;
          x = cb.nextObs[next + fx];
          y = cb.nextObs[next + fy];
        }
        const at = (B + b) * width;
        const negLogQ = logits.logSumExp(at + fx * slot, sizes[fx]) - l[at + fx * slot + x] +
          logits.logSumExp(at + fy * slot, sizes[fy]) - l[at + fy * slot + y];
        run.rInt[b] = clippedBonus(negLogQ, logZ, run.config);
      }
    });
  }

  /** a'_b ~ π(·|s'_b) and a_b ~ π(·|s_b) with log-probabilities, logits of s'_0 from `at`. */
  #sampleCriticActions(run: RunState, pi: Logits, at: number): void {
    const A = this.#numActions, B = this.#shared.batchSize;
    for (let b = 0; b < B; b++) {
      const n = at + b * A;
      run.nextActions[b] = pi.sample(n, A, run.act);
      run.nextLogP[b] = pi.values[n + run.nextActions[b]] - pi.logSumExp(n, A);
      const r = at + (B + b) * A;
      run.actorActions[b] = pi.sample(r, A, run.act);
      run.actorLogP[b] = pi.values[r + run.actorActions[b]] - pi.logSumExp(r, A);
    }
  }

  /** The run's critic values, failing the run when one is not finite or beyond the bound. */
  #checkedQ(_run: RunState, q: Float32Array): Float32Array {
    const bound = this.#shared.divergenceBound;
    for (const v of q) {
      if (!(Math.abs(v) <= bound)) {
        throw new RunFailure(
          `critic value ${v} beyond ±${bound}`,
          "critic",
          "the run diverged; lower the learning rates",
        );
      }
    }
    return q;
  }
}

/**
 * Full runs of a lockstep batch: prefill, then `iterations` iterations with an evaluation after
 * iterations 0, evalEvery, … (as `trainOffPolicyAc`, without checkpoints). `onEval` sees run r's
 * evaluations as they happen. Returns one result per run, in order.
 */
export async function trainLockstep(opts: {
  runs: readonly LockstepRun[];
  onEval?: (run: number, point: EvalPoint) => void;
  /** Sees the learner after the last iteration, before it is freed (tests). */
  onEnd?: (learner: LockstepActorCritic) => Promise<void>;
}): Promise<TrainResult[]> {
  const learner = new LockstepActorCritic(opts);
  const c = opts.runs[0].config;
  const evals: EvalPoint[][] = opts.runs.map(() => []);
  try {
    await learner.prefill();
    for (let it = 0; it < c.iterations; it++) {
      await learner.iterate();
      if (learner.failures.every((f) => f)) break;
      if (it % c.evalEvery !== 0) continue;
      (await learner.evaluate()).forEach((e, r) => {
        if (!e) return;
        const point = { iteration: it, ...e };
        evals[r].push(point);
        opts.onEval?.(r, point);
      });
    }
    await opts.onEnd?.(learner);
    return opts.runs.map((run, r) => {
      const failure = learner.failures[r];
      return {
        config: run.config,
        iterations: learner.completed(r),
        evals: evals[r],
        ...(failure ? { failure } : {}),
      };
    });
  } finally {
    learner.dispose();
  }
}
