/**
 * `perf/learner`: iterations per second of the Minigrid learner (future-kl.md §10: 1 env step,
 * 1 density step, 1 critic step, 1 actor step, target update) with the reference architecture
 * (actor and critic 2×256, density 4×256, batch 32), on Empty-16x16 with the symbolic
 * observation, per backend and variant. Evaluations are not timed (they cost about one actor
 * forward pass of 64 rows per iteration at the spec's cadence).
 *
 * The summary projects the `full` Minigrid profile (6 envs × 5 variants × 2 modes × 15 seeds ×
 * 500k iterations) from the measured per-variant times: agent-hours, and days on 2 cores with one
 * run per core. The Crossing and FourRooms observations have more components, so the projection
 * is a lower bound.
 *
 * @module
 */

import { z } from "zod";
import { initBackend } from "../../backend/mod.ts";
import { learnerConfig, OffPolicyActorCritic } from "../../learners/mod.ts";
import { VARIANTS } from "../../results/schema.ts";
import { SymbolicMinigridEnv } from "../minigrid.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { type CaseTiming, measureInterleaved, perfOutput } from "./timing.ts";

/** Parameters: backends, variants, iterations per repeat (per backend) and repeats. */
export const LearnerSpeedSchema = z.object({
  /**
   * The learner's backends (not js, which has no nets). Left out: wasm, cpu, and webgpu when this
   * machine has an adapter.
   */
  backends: z.array(z.enum(["wasm", "cpu", "webgpu", "tensorflow"])).min(1).optional(),
  variants: z.array(z.enum(VARIANTS)).min(1).default([...VARIANTS]),
  /**
   * Iterations per repeat on wasm and a GPU; cpu (≈ 20× slower than wasm) runs a tenth, webgpu on a
   * software adapter (Mesa's llvmpipe, ≈ 60× slower) a fortieth.
   */
  iterationsPerRepeat: z.number().int().min(1).default(200),
  repeats: z.number().int().min(1).default(5),
}).strict();

/** The `full` profile's size (minigrid-experiments.md §3). */
const FULL = { envs: 6, modes: 2, seeds: 15, iterations: 500_000 };

/** The `perf/learner` task kind. */
export const LEARNER_SPEED_TASK: TaskDefinition<z.infer<typeof LearnerSpeedSchema>> = {
  kind: "perf/learner",
  backends: ["wasm"],
  params: LearnerSpeedSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params, envId = "MiniGrid-Empty-16x16-v0";
    const backends = p.backends ??
      ["wasm", "cpu", ...(await navigator.gpu?.requestAdapter() ? ["webgpu" as const] : [])];
    const cases: Record<string, CaseTiming> = {};
    const adapters: Record<string, string> = {};
    const projections: string[] = [];
    let done = 0;
    for (const backend of backends) {
      const { adapter } = await initBackend(backend);
      if (adapter) adapters[backend] = adapter;
      const software = /llvmpipe|lavapipe|swiftshader/i.test(adapter ?? "");
      const slowdown = backend === "cpu" ? 10 : software ? 40 : 1;
      const iterations = Math.max(1, Math.round(p.iterationsPerRepeat / slowdown));
      // Every variant's learner is built first and the repeats run round-robin across them, so
      // engine warm-up and the host's load drift fall on all variants alike (timed one after the
      // other, the first variant measured, `none`, came out slowest).
      const learners = p.variants.map((variant) => {
        const rng = ctx.rng.child(backend, variant);
        return new OffPolicyActorCritic({
          env: new SymbolicMinigridEnv({ envId, numEnvs: 1, rng: rng.child("env") }),
          config: learnerConfig({ variant, mode: "control" }),
          rng: rng.child("learner"),
        });
      });
      let fullSeconds = 0;
      try {
        for (const learner of learners) await learner.prefill();
        const timings = await measureInterleaved(
          Object.fromEntries(p.variants.map((variant, i) => [variant, async () => {
            for (let it = 0; it < iterations; it++) await learners[i].iterate();
          }])),
          { units: iterations, repeats: p.repeats },
        );
        for (const variant of p.variants) {
          const timing = timings[variant];
          cases[`${backend}/${variant}`] = timing;
          fullSeconds += (FULL.envs * FULL.modes * FULL.seeds * FULL.iterations) / timing.median;
        }
      } finally {
        for (const learner of learners) learner.dispose();
      }
      ctx.onProgress?.(++done, backends.length);
      if (p.variants.length === VARIANTS.length) {
        projections.push(
          `  full profile on ${backend}${adapter ? ` (${adapter})` : ""}: ${
            (fullSeconds / 3600).toFixed(0)
          } agent-hours, ` +
            `${(fullSeconds / 2 / 86400).toFixed(1)} days on 2 cores`,
        );
      }
    }
    const out = perfOutput(cases, "iterations/s");
    const msPerIteration = Object.fromEntries(
      Object.entries(cases).map(([name, t]) => [name, 1000 / t.median]),
    );
    return {
      ...out,
      artifacts: { ...out.artifacts, msPerIteration, envId, adapters },
      summary: [out.summary, ...projections].join("\n"),
    };
  },
};
