/**
 * Speed benchmarks, run by `deno task perf` (never cached: a timing is a fresh measurement).
 * Their result files' `metrics` map a case name to a throughput, higher is faster.
 *
 * @module
 */

import type { BenchmarkDefinition } from "./schema.ts";

/**
 * `quick`: a smoke test with small cases; `default`: the figures the README and report quote.
 * `quick` takes 7 repeats because compare's exact Mann–Whitney test at its α = 0.002 needs 7 vs 7
 * (2/C(14, 7) ≈ 0.00058; 6 vs 6 cannot go below 0.0022), so two quick runs give a verdict.
 */
function profiles(
  quick: Record<string, unknown>,
  budgetSeconds: number,
): BenchmarkDefinition["profiles"] {
  return {
    quick: { seeds: [0], params: { ...quick, repeats: 7 }, budgetSeconds: budgetSeconds / 4 },
    default: { seeds: [0], params: {}, budgetSeconds },
  };
}

/** `perf/rng`, `perf/hill`, `perf/minigrid` and `perf/learner`. */
export const PERF_BENCHMARKS: BenchmarkDefinition[] = [
  {
    id: "perf/rng",
    task: "perf/rng",
    title: "Seeded RNG draws per second",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: profiles({ draws: 1 << 18 }, 30),
  },
  {
    id: "perf/hill",
    task: "perf/hill",
    title: "Hill env-steps per second by batch size and workers",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: profiles({
      stepsPerRepeat: 100_000,
      landscape: { kCount: 4, sigmaCount: 4, rollouts: 256 },
    }, 120),
  },
  {
    id: "perf/minigrid",
    task: "perf/minigrid",
    title:
      "Minigrid env-steps per second (random actions, 7×7 images, auto-reset) by env, batch size and workers",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: profiles({ batchSizes: [1, 1024], stepsPerRepeat: 50_000 }, 120),
  },
  {
    id: "perf/learner",
    task: "perf/learner",
    title:
      "Minigrid learner iterations per second (reference architecture, Empty-16x16) by backend and variant",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: profiles({ backends: ["wasm"], iterationsPerRepeat: 20 }, 300),
  },
];
