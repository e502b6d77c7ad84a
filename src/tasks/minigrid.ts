/**
 * `minigrid/explore` and `minigrid/control` (minigrid-experiments.md): one run of the off-policy
 * actor-critic (src/learners/) with a variant's bonus on a Minigrid env with the symbolic
 * observation (§2), evaluated every `evalEvery` iterations (§4).
 *
 * The env pipeline of §2: rewards binarised (1 on reaching the goal, the 1 − 0.9·t/T shaping
 * dropped), the symbolic observation, Minigrid's own step budget as truncation, and the learner's
 * TimeLimit(200). Layouts are drawn from streams of the run's seed ([project] rule of §3), the
 * evaluation env from its own streams.
 *
 * Output: `final_return` and `final_entropy` (each run's smoothed value at its last evaluation, or
 * at evaluation `finalAtEval`, §5: moving average of width 5 with reflected edges),
 * `second_half_return` and `second_half_entropy` (the mean over the second half of the same
 * evaluations), the curves `return` and `entropy` over iterations, the last evaluation's
 * visitation law `visitation[y][x]` and the learner's fully resolved config `learnerConfig` (every
 * hyper-parameter, defaults included). A run that diverges returns `failure` with the reason (and
 * whatever it evaluated before); one stopped at its checkpoint's `stopAt` throws RunStopped.
 *
 * @module
 */

import { z } from "zod";
import { MinigridVecEnv, NUM_ACTIONS, symbolicSpec } from "../envs/minigrid/mod.ts";
import {
  type CheckpointOptions,
  type EvalPoint,
  LEARNER_PRESETS,
  learnerConfig,
  type LearnerEnv,
  type LearnerMode,
  LearnerPresetSchema,
  type LearnerSettings,
  LearnerSettingsSchema,
  type OffPolicyAcConfig,
  trainOffPolicyAc,
  type TrainResult,
} from "../learners/mod.ts";
import type { StateTree } from "../checkpoint/mod.ts";
import type { Variant } from "../results/schema.ts";
import type { Rng } from "../rng/mod.ts";
import { movingAverage } from "../stats/mod.ts";
import { RunStopped, type TaskDefinition, type TaskOutput } from "./task.ts";

/** Whether `envId` has a symbolic observation (Empty, SimpleCrossing, FourRooms). */
function hasSymbolic(envId: string): boolean {
  try {
    symbolicSpec(envId);
    return true;
  } catch {
    return false;
  }
}

/**
 * The learner settings every run's params name, defaults applied: result records and checkpoint
 * keys have always held them (the report reads `iterations`). The others appear only when given.
 */
const NAMED_SETTINGS = {
  iterations: true,
  evalEvery: true,
  evalRollouts: true,
  fidelity: true,
} as const;

/**
 * Parameters of a Minigrid run: the env, the learner preset, the evaluation the final values are
 * read at, and any learner setting ({@link LearnerSettingsSchema}: bounds and defaults there),
 * which replaces the preset's. Unknown keys are refused.
 */
export const MinigridParamsSchema = z.object({
  /** Env id with a symbolic observation, e.g. `MiniGrid-Empty-16x16-v0`. */
  env: z.string().refine(hasSymbolic, {
    message: "expected an Empty, SimpleCrossing or FourRooms env id (symbolic observation)",
  }),
  ...LearnerSettingsSchema.pick(NAMED_SETTINGS).shape,
  preset: LearnerPresetSchema,
  /**
   * The final values are read at this evaluation (1-based; §5 keeps the first 2000, iterations
   * 0 … 399,800, of a 500k run); left out: at the last evaluation.
   */
  finalAtEval: z.number().int().positive().optional(),
  ...LearnerSettingsSchema.omit(NAMED_SETTINGS).partial().shape,
}).strict();

/** Minigrid run parameters, defaults applied. */
export type MinigridParams = z.infer<typeof MinigridParamsSchema>;

/** B Minigrid envs of one id seen through the symbolic observation, as the learner needs them. */
export class SymbolicMinigridEnv implements LearnerEnv {
  readonly numEnvs: number;
  readonly numActions = NUM_ACTIONS;
  readonly componentSizes: readonly number[];
  readonly featureComponents: readonly [number, number];
  readonly observations: Int32Array;
  /** 1 where the last step reached the goal (§2: binary reward), else 0. */
  readonly rewards: Float32Array;
  readonly #vec: MinigridVecEnv;

  constructor(opts: { envId: string; numEnvs: number; rng: Rng }) {
    // No auto-reset: the learner stores each final observation, then resets.
    this.#vec = new MinigridVecEnv({ ...opts, autoReset: false, symbolic: true });
    const symbolic = this.#vec.symbolic!;
    this.numEnvs = opts.numEnvs;
    this.componentSizes = symbolic.spec.sizes;
    this.featureComponents = symbolic.spec.featureComponents;
    this.observations = symbolic.values;
    this.rewards = new Float32Array(opts.numEnvs);
  }

  get terminated(): Uint8Array {
    return this.#vec.terminated;
  }

  get truncated(): Uint8Array {
    return this.#vec.truncated;
  }

  saveState(): StateTree {
    return this.#vec.saveState();
  }

  loadState(state: StateTree): void {
    this.#vec.loadState(state);
  }

  reset(envIndex: number): void {
    this.#vec.reset(envIndex);
  }

  step(actions: Int32Array): void {
    this.#vec.step(actions);
    const raw = this.#vec.rewards;
    for (let e = 0; e < this.numEnvs; e++) this.rewards[e] = raw[e] > 0 ? 1 : 0;
  }
}

/** The learner settings among `params`: the named ones and whichever others were given. */
function learnerSettings(params: MinigridParams): Partial<LearnerSettings> {
  const given = Object.keys(LearnerSettingsSchema.shape).filter((key) =>
    params[key as keyof MinigridParams] !== undefined
  );
  return Object.fromEntries(given.map((key) => [key, params[key as keyof MinigridParams]]));
}

/** What a Minigrid run is made of: the learner's config, its envs and its stream. */
export interface MinigridRunSetup {
  /** The full learner config. */
  config: OffPolicyAcConfig;
  /** The training env (1 env, P2's one step per iteration). */
  env: LearnerEnv;
  /** The evaluation env (`evalRollouts` envs). */
  evalEnv: LearnerEnv;
  /** The learner's root stream. */
  rng: Rng;
}

/**
 * The config, envs and learner stream of one Minigrid run, all seeded from `rng`: the single-run
 * learner and the lockstep learner (src/learners/lockstep/) build a run from the same pieces.
 */
export function minigridRunSetup(opts: {
  params: MinigridParams;
  mode: LearnerMode;
  variant: Variant;
  lambda?: number;
  rng: Rng;
  /** Learner settings that replace the params' and defaults' (experiments, tests; unchecked). */
  overrides?: Partial<OffPolicyAcConfig>;
}): MinigridRunSetup {
  const { params: p, rng } = opts;
  const config = learnerConfig({
    variant: opts.variant,
    mode: opts.mode,
    lambda: opts.lambda,
    overrides: { ...LEARNER_PRESETS[p.preset], ...learnerSettings(p), ...opts.overrides },
  });
  return {
    config,
    env: new SymbolicMinigridEnv({ envId: p.env, numEnvs: 1, rng: rng.child("env") }),
    evalEnv: new SymbolicMinigridEnv({
      envId: p.env,
      numEnvs: p.evalRollouts,
      rng: rng.child("evaluation-env"),
    }),
    rng: rng.child("learner"),
  };
}

/**
 * One learner run on a Minigrid env ({@link minigridRunSetup}). `onEval` sees each evaluation.
 */
export function runMinigrid(
  opts: Parameters<typeof minigridRunSetup>[0] & {
    onEval?: (point: EvalPoint) => void;
    /** Checkpoint file, interval and run identity (see trainOffPolicyAc). */
    checkpoint?: CheckpointOptions;
  },
): Promise<TrainResult> {
  return trainOffPolicyAc({
    ...minigridRunSetup(opts),
    onEval: opts.onEval,
    checkpoint: opts.checkpoint,
  });
}

/**
 * The smoothed value at the last point of `ys` (§5: scipy's `uniform_filter1d(size=5)`, whose
 * window at the end reflects the series: x[n−3], x[n−2], x[n−1], x[n−1], x[n−2]).
 */
export function smoothedLast(ys: readonly number[]): number {
  return movingAverage(ys, 5).at(-1)!;
}

/**
 * The mean of `ys` over the evaluations in the second half of the run (iteration ≥ half the last
 * one's), reported beside the final value so that one unlucky end point cannot flip an ordering.
 */
export function secondHalfMean(xs: readonly number[], ys: readonly number[]): number {
  const from = xs[xs.length - 1] / 2;
  const kept = ys.filter((_, i) => xs[i] >= from);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/**
 * What a run reports: metrics, curves, the last visitation law, and the failure if any. The final
 * values are read at evaluation `finalAtEval` (1-based) when given, else at the last.
 */
export function minigridOutput(
  result: TrainResult,
  finalAtEval?: number,
): TaskOutput & { failure?: string } {
  const { evals, failure } = result;
  const x = evals.map((e) => e.iteration);
  const returns = evals.map((e) => e.return), entropies = evals.map((e) => e.entropy);
  // §5: the series is cut at the kept points first, so the smoothing reflects at the cut.
  const kept = finalAtEval ?? evals.length;
  const keptX = x.slice(0, kept);
  const keptReturns = returns.slice(0, kept), keptEntropies = entropies.slice(0, kept);
  const metrics: Record<string, number> = evals.length > 0
    ? {
      final_return: smoothedLast(keptReturns),
      final_entropy: smoothedLast(keptEntropies),
      second_half_return: secondHalfMean(keptX, keptReturns),
      second_half_entropy: secondHalfMean(keptX, keptEntropies),
      iterations: result.iterations,
    }
    : {};
  const last = evals.at(-1);
  const summary = failure
    ? `failed after ${result.iterations} iterations: ${failure}`
    : `${result.iterations} iterations: final return ${metrics.final_return?.toFixed(3)}, ` +
      `final entropy ${metrics.final_entropy?.toFixed(3)} nats`;
  return {
    metrics,
    curves: { return: { x, y: returns }, entropy: { x, y: entropies } },
    artifacts: {
      learnerConfig: result.config,
      ...(last ? { visitation: last.visitation } : {}),
    },
    summary,
    ...(failure ? { failure } : {}),
  };
}

/** The task kind of one mode. */
function minigridTask(mode: LearnerMode): TaskDefinition<MinigridParams> {
  return {
    kind: `minigrid/${mode}`,
    backends: ["wasm", "cpu", "webgpu", "tensorflow"],
    singleThreaded: true,
    params: MinigridParamsSchema,
    async run(ctx): Promise<TaskOutput> {
      const result = await runMinigrid({
        params: ctx.params,
        mode,
        variant: ctx.variant,
        lambda: ctx.lambda,
        rng: ctx.rng,
        onEval: (point) => ctx.onProgress?.(point.iteration + 1, ctx.params.iterations),
        checkpoint: ctx.checkpoint && {
          ...ctx.checkpoint,
          onResume: (done) =>
            ctx.log?.(`resumed from ${ctx.checkpoint!.path} after ${done} iterations`),
        },
      });
      if (result.stopped) throw new RunStopped(result.iterations);
      return minigridOutput(result, ctx.params.finalAtEval);
    },
  };
}

/** `minigrid/explore`: α_r = 0, the reward logged but not learned. */
export const MINIGRID_EXPLORE_TASK: TaskDefinition<MinigridParams> = minigridTask("explore");

/** `minigrid/control`: α_r = 1. */
export const MINIGRID_CONTROL_TASK: TaskDefinition<MinigridParams> = minigridTask("control");
