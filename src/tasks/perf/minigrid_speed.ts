/**
 * `perf/minigrid`: Minigrid env-steps per second with uniform random actions, the 7×7×3 image
 * built every step and every ended episode replaced by a freshly generated layout (auto-reset),
 * as Python Minigrid's speed anchor counts them (fixtures/minigrid/README.md: one process,
 * Empty-16x16 ≈ 11,960 steps/s, DoorKey-8x8 ≈ 10,600 steps/s).
 *
 * Cases are `<env id>/b<B>/w<W>`: B envs split over W Deno workers, each stepping its own slice
 * (its envs keep their global indices, so each env's layouts are the same whatever W is).
 *
 * @module
 */

import { z } from "zod";
import { generatedEnvSpec } from "../../envs/minigrid/mod.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { type CaseTiming, measureThroughput, perfOutput } from "./timing.ts";
import { SETUP_SLICE, type SpeedSetup, STEP_SLICE } from "./minigrid_speed_worker.ts";
import { WorkerPool } from "../../workers/pool.ts";

/** Parameters: envs, batch sizes, worker counts, steps per repeat and repeats. */
export const MinigridSpeedSchema = z.object({
  envIds: z.array(z.string()).min(1).default([
    "MiniGrid-Empty-16x16-v0",
    "MiniGrid-DoorKey-8x8-v0",
    "MiniGrid-FourRooms-v0",
  ]),
  batchSizes: z.array(z.number().int().min(1)).min(1).default([1, 64, 1024, 4096]),
  /** Worker counts; a case needs at least one env per worker, so B < W is skipped. */
  workers: z.array(z.number().int().min(1)).min(1).default([1, 2]),
  /** Env-steps per repeat, rounded up to whole rounds of B steps. */
  stepsPerRepeat: z.number().int().min(1).default(500_000),
  repeats: z.number().int().min(1).default(5),
}).strict();

/** The `perf/minigrid` task kind. */
export const MINIGRID_SPEED_TASK: TaskDefinition<z.infer<typeof MinigridSpeedSchema>> = {
  kind: "perf/minigrid",
  backends: ["js"],
  params: MinigridSpeedSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params;
    // Fails early, with the known ids, on a typo.
    for (const id of p.envIds) generatedEnvSpec(id);
    const cases: Record<string, CaseTiming> = {};
    const episodes: Record<string, number> = {};
    const total = p.envIds.length * p.batchSizes.length * p.workers.length;
    let done = 0;
    for (const envId of p.envIds) {
      for (const b of p.batchSizes) {
        for (const w of p.workers) {
          done++;
          if (b < w) continue;
          const rounds = Math.ceil(p.stepsPerRepeat / b);
          const name = `${envId}/b${b}/w${w}`;
          const pool = await SpeedPool.start({ envId, numEnvs: b, workers: w, seed: ctx.seed });
          try {
            cases[name] = await measureThroughput(() => pool.run(rounds), {
              units: rounds * b,
              repeats: p.repeats,
            });
            episodes[name] = await pool.run(0);
          } finally {
            pool.close();
          }
          ctx.onProgress?.(done, total);
        }
      }
    }
    const out = perfOutput(cases, "env-steps/s");
    return { ...out, artifacts: { ...out.artifacts, episodesEnded: episodes } };
  },
};

/** Workers that each step a slice of one batch, the slice kept in its worker between calls. */
class SpeedPool {
  readonly #pool: WorkerPool;

  private constructor(pool: WorkerPool) {
    this.#pool = pool;
  }

  /** Starts `workers` workers over near-equal slices of `numEnvs` envs and waits until ready. */
  static async start(
    o: { envId: string; numEnvs: number; workers: number; seed: number },
  ): Promise<SpeedPool> {
    // Always in workers, w1 too: the case measures stepping beside a free main thread.
    const pool = new WorkerPool(o.workers, { inline: false });
    const setups = Array.from({ length: o.workers }, (_, k): SpeedSetup => {
      const firstEnv = Math.floor((k * o.numEnvs) / o.workers);
      const end = Math.floor(((k + 1) * o.numEnvs) / o.workers);
      return { envId: o.envId, numEnvs: end - firstEnv, firstEnv, seed: o.seed };
    });
    try {
      await pool.each(SETUP_SLICE, setups);
    } catch (e) {
      pool.close();
      throw e;
    }
    return new SpeedPool(pool);
  }

  /** Every worker steps its envs `rounds` times; resolves to the episodes ended so far. */
  async run(rounds: number): Promise<number> {
    const ended = await this.#pool.each(STEP_SLICE, new Array(this.#pool.size).fill(rounds));
    return ended.reduce((a, b) => a + b, 0);
  }

  /** Stops the workers. */
  close(): void {
    this.#pool.close();
  }
}
