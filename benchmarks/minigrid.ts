/**
 * Minigrid benchmarks (minigrid-experiments.md): explore and control modes × the reference envs ×
 * the five variants with objective.md §6's settings. `full` is the reference protocol. The reduced
 * profiles run Empty-16x16 only: `default` 3 seeds × 10,000 iterations (2% of the reference's
 * 500k) with the learner's `fast` preset (every learning rate ×10, see LEARNER_PRESETS), which is
 * what lets anything be learned in that budget; `quick` is a 200-iteration smoke test.
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
            default: {
              seeds: SEEDS.slice(0, 3),
              params: { env: id, iterations: 10_000, preset: "fast" },
              budgetSeconds: 600,
              note: "reduced: 3 seeds × 10,000 iterations (reference: 15 × 500,000), fast " +
                "preset (learning rates ×10); reference values hold only for full",
            },
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
          params: { env: id, iterations: 500_000, finalAtEval: 2000 },
          budgetSeconds: 200_000,
          note: "reference protocol (minigrid-experiments.md §3); final values at the 2000th " +
            "evaluation, iteration 399,800 (§5)",
        },
      },
    })),
);
