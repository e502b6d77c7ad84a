/**
 * Minigrid benchmarks (minigrid-experiments.md): explore and control modes × the reference envs ×
 * the five variants with objective.md §6's settings. `full` is the reference protocol; only
 * Empty-16x16 has a `quick` smoke test so far — a `default` profile with numbers comes next.
 *
 * @module
 */

import { MINIGRID_ENVS } from "./reference.ts";
import type { BenchmarkDefinition } from "./schema.ts";

const ALL: BenchmarkDefinition["variants"] = [
  { variant: "future-kl", lambdas: [0.01] },
  { variant: "joint", lambdas: [0.01] },
  { variant: "action", lambdas: [0.002] },
  { variant: "state", lambdas: [0.01] },
  { variant: "none", lambdas: [0] },
];
const SEEDS = Array.from({ length: 15 }, (_, i) => 12345 + i);

/** `minigrid/explore/<env>` and `minigrid/control/<env>`. */
export const MINIGRID_BENCHMARKS: BenchmarkDefinition[] = (["explore", "control"] as const).flatMap(
  (mode) =>
    MINIGRID_ENVS.map(({ id }): BenchmarkDefinition => ({
      id: `minigrid/${mode}/${id}`,
      task: `minigrid/${mode}`,
      title: `Minigrid ${mode}: ${id}`,
      variants: ALL,
      profiles: {
        ...(id === "MiniGrid-Empty-16x16-v0"
          ? {
            quick: {
              seeds: [12345],
              params: { env: id, iterations: 200, evalEvery: 100, evalRollouts: 16 },
              budgetSeconds: 45,
              note: "smoke test: 200 of 500,000 iterations, 16 evaluation rollouts",
            },
          }
          : {}),
        full: {
          seeds: SEEDS,
          params: { env: id, iterations: 500_000 },
          budgetSeconds: 200_000,
          note: "reference protocol (minigrid-experiments.md §3)",
        },
      },
    })),
);
