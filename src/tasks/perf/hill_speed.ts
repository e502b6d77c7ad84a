/**
 * `perf/hill`: hill env-steps per second (one env step = one decision of 10 Euler sub-steps, with
 * the policy, noise and bookkeeping of the landscape columns) for N rollouts stepped together, and
 * the landscape path on 1 and 2 workers. A worker case's pool is started before its warm-up and
 * kept over its repeats, as a study keeps it over its rows: the figure is the steady rate, and
 * start-up (≈ 0.5 s a worker) is paid once per study, not per landscape.
 *
 * @module
 */

import { z } from "zod";
import { hillRollouts } from "../../envs/hill/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { HillGridSchema } from "../hill/grid.ts";
import { computeLandscape } from "../hill/landscape.ts";
import { WorkerPool } from "../../workers/pool.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { type CaseTiming, measureThroughput, perfOutput } from "./timing.ts";

/** Parameters: batch sizes, worker counts, landscape grid of the worker cases, repeats. */
export const HillSpeedSchema = z.object({
  batchSizes: z.array(z.number().int().min(1)).default([1, 256, 4096, 65536]),
  /** Env steps per repeat for each batch size (rounded up to whole 100-step episodes). */
  stepsPerRepeat: z.number().int().min(100).default(1_000_000),
  workers: z.array(z.number().int().min(1)).default([1, 2]),
  /** Big enough (≈ 4 s on 2 cores) that worker start-up does not hide the scaling. */
  landscape: HillGridSchema.default({ kCount: 16, sigmaCount: 16, rollouts: 4096 }),
  repeats: z.number().int().min(1).default(5),
}).strict();

/** The `perf/hill` task kind. */
export const HILL_SPEED_TASK: TaskDefinition<z.infer<typeof HillSpeedSchema>> = {
  kind: "perf/hill",
  backends: ["js"],
  params: HillSpeedSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params;
    const horizon = 100;
    const cases: Record<string, CaseTiming> = {};
    for (const n of p.batchSizes) {
      const episodes = Math.max(1, Math.ceil(p.stepsPerRepeat / (n * horizon)));
      cases[`env-steps/b${n}/w1`] = await measureThroughput(() => {
        for (let e = 0; e < episodes; e++) {
          hillRollouts({ policy: { K: -1, sigma: 1 }, rollouts: n, rng: Rng.fromSeed(e) });
        }
      }, { units: episodes * n * horizon, repeats: p.repeats });
    }
    const g = p.landscape;
    for (const w of p.workers) {
      cases[`landscape-env-steps/${g.kCount}x${g.sigmaCount}x${g.rollouts}/w${w}`] =
        await WorkerPool.with(w, (pool) =>
          measureThroughput(
            () => computeLandscape(g, ctx.seed, pool),
            { units: g.kCount * g.sigmaCount * g.rollouts * horizon, repeats: p.repeats },
          ));
    }
    return perfOutput(cases, "env-steps/s");
  },
};
