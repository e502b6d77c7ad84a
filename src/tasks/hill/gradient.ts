/**
 * `hill/gradient` (hill.md §5b): per setting (variant, λ), P(crossed) with a Wilson interval, the
 * final bonus-free J, final θ and a sample of trajectories. The runs themselves are in
 * gradient_runs.ts.
 *
 * @module
 */

import type { TaskDefinition, TaskOutput } from "../task.ts";
import {
  type GradientJob,
  gradientRecordLength,
  type HillGradientParams,
  HillGradientSchema,
} from "./gradient_runs.ts";
import { mapRows } from "./row_pool.ts";

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
    const chunks = await mapRows({ study: "gradient", job }, p.chunks, ctx.workers, ctx.onProgress);
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

/** Wilson score interval for k successes in n trials at z = 1.96. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054, p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Interquartile mean: the mean of the middle half (25%-trimmed, scipy trim_mean convention). */
function iqm(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(s.length * 0.25);
  const mid = s.slice(cut, s.length - cut);
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

/** Metrics and text of one setting. */
function summariseGradient(
  opts: {
    crossed: number[];
    finalJ: number[];
    variant: string;
    lambda: number;
    params: HillGradientParams;
  },
): { metrics: Record<string, number>; text: string } {
  const n = opts.crossed.length, k = opts.crossed.reduce((a, b) => a + b, 0);
  const [lo, hi] = wilson(k, n);
  const metrics = {
    p_crossed: k / n,
    p_crossed_lower: lo,
    p_crossed_upper: hi,
    final_J_iqm: iqm(opts.finalJ),
    final_J_mean: opts.finalJ.reduce((a, b) => a + b, 0) / n,
    runs: n,
  };
  const text = `hill/gradient (${opts.params.start} start) ${opts.variant} λ=${opts.lambda}: ` +
    `P(crossed) = ${(k / n).toFixed(3)} [${lo.toFixed(3)}, ${hi.toFixed(3)}] over ${n} runs × ` +
    `${opts.params.steps} steps; final J IQM ${metrics.final_J_iqm.toFixed(2)}`;
  return { metrics, text };
}
