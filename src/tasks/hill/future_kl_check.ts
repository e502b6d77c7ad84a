/**
 * `hill/future-kl-check` (hill.md §9): on a coarse grid, the pooled-bin future-KL column used by
 * the landscape and gradient runs against the nested Monte-Carlo estimator (M continuations under
 * π from every visited (x_t, v_t, a_t)), to measure the approximation's error. Cost: each rollout
 * needs T·M continuation cars stepped for up to T steps (≈ 800× a rollout for M = 8).
 *
 * @module
 */

import { max } from "simple-statistics";
import { z } from "zod";
import {
  binCode,
  discountedBinLaw,
  futureKlColumn,
  HILL_REFERENCE,
  HillBatch,
  hillRollouts,
  negKlToUniform,
  policyStd,
} from "../../envs/hill/mod.ts";
import { Rng } from "../../rng/mod.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { gridAxes, HillGridSchema } from "./grid.ts";
import { WorkerPool, workerTask } from "../../workers/pool.ts";

/** Parameters: a coarse grid, rollouts per point and continuations per visit. */
export const FutureKlCheckSchema = HillGridSchema.extend({
  kCount: z.number().int().min(2).max(100).default(11),
  sigmaCount: z.number().int().min(2).max(100).default(11),
  rollouts: z.number().int().min(1).default(32),
  /** Continuations per visited (x, v, a). */
  M: z.number().int().min(1).default(8),
}).strict();

/** Parameters with defaults applied. */
export type FutureKlCheckParams = z.infer<typeof FutureKlCheckSchema>;

/**
 * Nested estimate of J_fkl for each rollout of `traj`: for every t < T, M continuations from
 * (x_t, v_t) with the first action a_t fixed, then π; q̂ from {@link discountedBinLaw}.
 */
export function nestedFutureKl(
  opts: {
    K: number;
    sigma: number;
    x: Float64Array;
    v: Float64Array;
    a: Float64Array;
    n: number;
    M: number;
    rng: Rng;
  },
): Float64Array {
  const env = HILL_REFERENCE, T = env.horizon, { n, M } = opts;
  const std = policyStd(opts.sigma);
  const out = new Float64Array(n);
  const cars = T * M;
  const codes = new Uint8Array(cars * T);
  const actions = new Float64Array(cars), eps = new Float64Array(cars);
  const perStart = new Uint8Array(M * T);
  for (let i = 0; i < n; i++) {
    const stream = opts.rng.child(i);
    const batch = new HillBatch(cars, stream.child("env"), env);
    const policy = stream.child("policy");
    for (let t = 0; t < T; t++) {
      for (let m = 0; m < M; m++) {
        batch.x[t * M + m] = opts.x[t * n + i];
        batch.v[t * M + m] = opts.v[t * n + i];
      }
    }
    // Step j moves car (t, m) to x_{t+j+1}; only j < T − t is inside the episode.
    for (let j = 0; j < T; j++) {
      policy.fillNormal(eps);
      for (let c = 0; c < cars; c++) {
        actions[c] = j === 0
          ? opts.a[Math.floor(c / M) * n + i]
          : opts.K * (batch.x[c] - env.xTarget) + std * eps[c];
      }
      batch.step(actions);
      for (let c = 0; c < cars; c++) codes[c * T + j] = binCode(batch.x[c]);
    }
    let acc = 0, discount = 1;
    for (let t = 0; t < T; t++, discount *= env.gamma) {
      const L = T - t;
      for (let m = 0; m < M; m++) {
        perStart.set(codes.subarray((t * M + m) * T, (t * M + m) * T + L), m * L);
      }
      acc += discount * negKlToUniform(discountedBinLaw(perStart, { M, L, gamma: env.gamma }));
    }
    out[i] = acc;
  }
  return out;
}

/** One σ-row: per K, mean pooled and mean nested J_fkl over the point's rollouts (2 × kCount). */
export function futureKlCheckRow(
  { params: p, seed }: { params: FutureKlCheckParams; seed: number },
  iSigma: number,
): Float64Array {
  const { K, sigma } = gridAxes(p);
  const out = new Float64Array(2 * K.length);
  const root = Rng.fromSeed(seed).child("hill/future-kl-check");
  K.forEach((k, iK) => {
    const point = root.child(iK, iSigma);
    const c = hillRollouts({
      policy: { K: k, sigma: sigma[iSigma] },
      rollouts: p.rollouts,
      rng: point,
      densityNorm: p.densityNorm,
      codeColumns: { J_fkl: futureKlColumn },
      trajectories: true,
    });
    const nested = nestedFutureKl({
      K: k,
      sigma: sigma[iSigma],
      ...c.trajectories!,
      n: p.rollouts,
      M: p.M,
      rng: point.child("nested"),
    });
    out[iK] = c.own.J_fkl.reduce((a, b) => a + b, 0) / p.rollouts;
    out[K.length + iK] = nested.reduce((a, b) => a + b, 0) / p.rollouts;
  });
  return out;
}

/** {@link futureKlCheckRow} as a worker-pool task. */
export const FUTURE_KL_CHECK_ROWS = workerTask(
  import.meta.url,
  "futureKlCheckRow",
  futureKlCheckRow,
);

/** The `hill/future-kl-check` task kind. */
export const FUTURE_KL_CHECK_TASK: TaskDefinition<FutureKlCheckParams> = {
  kind: "hill/future-kl-check",
  backends: ["js"],
  params: FutureKlCheckSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params;
    const rows = await WorkerPool.with(
      ctx.workers,
      (pool) =>
        pool.map(FUTURE_KL_CHECK_ROWS, { params: p, seed: ctx.seed }, p.sigmaCount, {
          onProgress: ctx.onProgress,
        }),
    );
    const nK = p.kCount;
    const pooled = rows.map((r) => Array.from(r.subarray(0, nK)));
    const nested = rows.map((r) => Array.from(r.subarray(nK)));
    const a = pooled.flat(), b = nested.flat();
    const diff = a.map((x, i) => x - b[i]);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ma = mean(a), mb = mean(b);
    const cov = mean(a.map((x, i) => (x - ma) * (b[i] - mb)));
    const sd = (xs: number[], m: number): number => Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
    const metrics = {
      mean_pooled: ma,
      mean_nested: mb,
      mean_diff: mean(diff),
      mean_abs_diff: mean(diff.map(Math.abs)),
      max_abs_diff: max(diff.map(Math.abs)),
      correlation: cov / (sd(a, ma) * sd(b, mb)),
    };
    const { K, sigma } = gridAxes(p);
    return {
      metrics,
      summary: `hill/future-kl-check ${nK}×${p.sigmaCount}, ${p.rollouts} rollouts, M = ${p.M}: ` +
        `J_fkl pooled ${ma.toFixed(2)} vs nested ${mb.toFixed(2)} on average; mean |diff| ` +
        `${metrics.mean_abs_diff.toFixed(2)}, max ${metrics.max_abs_diff.toFixed(2)}, ` +
        `correlation over the grid ${metrics.correlation.toFixed(3)}`,
      artifacts: { K, sigma, pooled, nested, M: p.M },
    };
  },
};
