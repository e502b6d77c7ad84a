/**
 * `hill/gradient` (hill.md §5b): per setting (variant, λ), P(crossed) with a Wilson interval, the
 * final bonus-free J, final θ and a sample of trajectories. The runs themselves are in
 * gradient_runs.ts.
 *
 * @module
 */

import type { Rng } from "../../rng/mod.ts";
import { iqm, percentileBootstrapCI, wilsonInterval } from "../../stats/mod.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import {
  GRADIENT_CHUNKS,
  type GradientJob,
  gradientRecordLength,
  type HillGradientParams,
  HillGradientSchema,
} from "./gradient_runs.ts";
import { WorkerPool } from "../../workers/pool.ts";
import { checkpointedRows } from "./row_checkpoint.ts";

/** The `hill/gradient` task kind. */
export const HILL_GRADIENT_TASK: TaskDefinition<HillGradientParams> = {
  kind: "hill/gradient",
  backends: ["js"],
  params: HillGradientSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params;
    const job: GradientJob = {
      params: p,
      variant: ctx.variant,
      lambda: ctx.lambda,
      seed: ctx.seed,
    };
    const chunks = await WorkerPool.with(
      ctx.workers,
      (pool) =>
        checkpointedRows(pool, GRADIENT_CHUNKS, job, { count: p.chunks, stage: "gradient", ctx }),
    );
    const rec = gradientRecordLength(p);
    const all = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((offset, c) => (all.set(c, offset), offset + c.length), 0);
    const field = (f: number): number[] =>
      Array.from({ length: p.runs }, (_, r) => all[r * rec + f]);
    const finalK = field(0), finalSigma = field(1), fracRight = field(2), finalJ = field(3);
    const crossed = fracRight.map((f) => (f > 0.5 ? 1 : 0));
    const trajectories = Array.from({ length: Math.min(p.trajectorySample, p.runs) }, (_, r) => {
      const pts = all.subarray(r * rec + 4, (r + 1) * rec);
      return {
        run: r,
        K: Array.from({ length: pts.length / 2 }, (_, i) => pts[2 * i]),
        sigma: Array.from({ length: pts.length / 2 }, (_, i) => pts[2 * i + 1]),
      };
    });
    const summary = summariseGradient({
      crossed,
      finalJ,
      variant: ctx.variant,
      lambda: ctx.lambda,
      params: p,
      rng: ctx.rng.child("final-J-ci"),
    });
    return {
      metrics: summary.metrics,
      summary: summary.text,
      artifacts: {
        finalK,
        finalSigma,
        finalJ,
        fracRight,
        crossed,
        trajectories,
        trajectoryEvery: p.trajectoryEvery,
      },
    };
  },
};

/** Metrics and text of one setting. */
function summariseGradient(
  opts: {
    crossed: number[];
    finalJ: number[];
    variant: string;
    lambda: number;
    params: HillGradientParams;
    rng: Rng;
  },
): { metrics: Record<string, number>; text: string } {
  const n = opts.crossed.length, k = opts.crossed.reduce((a, b) => a + b, 0);
  const { lower: lo, upper: hi } = wilsonInterval(k, n);
  const J = percentileBootstrapCI(opts.finalJ, iqm, { rng: opts.rng, resamples: 2000 });
  const metrics = {
    p_crossed: k / n,
    p_crossed_lower: lo,
    p_crossed_upper: hi,
    final_J_iqm: J.estimate,
    final_J_iqm_lower: J.lower,
    final_J_iqm_upper: J.upper,
    final_J_mean: opts.finalJ.reduce((a, b) => a + b, 0) / n,
    runs: n,
  };
  const text = `hill/gradient (${opts.params.start} start) ${opts.variant} λ=${opts.lambda}: ` +
    `P(crossed) = ${(k / n).toFixed(3)} [${lo.toFixed(3)}, ${hi.toFixed(3)}] over ${n} runs × ` +
    `${opts.params.steps} steps; final J IQM ${J.estimate.toFixed(2)} [${J.lower.toFixed(2)}, ${
      J.upper.toFixed(2)
    }]`;
  return { metrics, text };
}
