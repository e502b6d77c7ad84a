/**
 * Minigrid benchmarks (minigrid-experiments.md): explore and control modes × the reference envs ×
 * the five variants with objective.md §6's settings, plus the baselines `count` and `rnd` (their
 * records' α_∞ = 0.01, not from the spec). `full` is the reference protocol. The reduced
 * profiles run Empty-16x16 only, with the spec's learning rates: `default` 3 seeds × 10,000
 * iterations in explore mode (entropies near the reference's by then) and 20,000 in control
 * (measured with seed 12345: `future-kl` 0.205 at 10k, 0.522 at 20k, 0.569 at 30k; `joint` 0.060,
 * 0.471, 0.536); a second env or 30k would take the profile past 30 min on 2 cores. `quick` is a
 * 200-iteration smoke test. The baselines run in `quick` and in `default`'s explore mode only:
 * `full` is paper 2's protocol (900 runs, ≤ 12 h on 20 4-core runners by `deno task plan`), and
 * their control runs would take `default` past 30 min (≈ 3.3 ms and 8.8 ms per iteration for
 * `count` and `rnd`, `perf/learner`).
 *
 * @module
 */

import { MINIGRID_ENVS } from "./reference.ts";
import type { Variant } from "../src/exploration/variants/mod.ts";
import { type BenchmarkDefinition, variantsOf } from "./schema.ts";

/** Every variant with its λ (objective.md §6's defaults), in run order. */
const LAMBDAS: Record<Variant, number[]> = {
  "future-kl": [0.01],
  joint: [0.01],
  action: [0.002],
  state: [0.01],
  count: [0.01],
  rnd: [0.01],
  none: [0],
};
const ALL = variantsOf(LAMBDAS);
/** Paper 2's five variants, without the baselines. */
const PAPER2 = ALL.map((v) => v.variant).filter((v) => v !== "count" && v !== "rnd");
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
              params: { env: id, iterations: mode === "explore" ? 10_000 : 20_000 },
              budgetSeconds: mode === "explore" ? 600 : 1200,
              ...(mode === "control" ? { variants: PAPER2 } : {}),
              note: mode === "explore"
                ? "reduced: 3 seeds × 10,000 iterations (reference: 15 × 500,000), the spec's " +
                  "learning rates; reference values hold only for full"
                : "reduced: 3 seeds × 20,000 iterations (reference: 15 × 500,000), the spec's " +
                  "learning rates, the smallest budget at which they learn; reference values " +
                  "hold only for full; the baselines count and rnd run in explore only",
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
          variants: PAPER2,
          note: "reference protocol (minigrid-experiments.md §3); final values at the 2000th " +
            "evaluation, iteration 399,800 (§5); paper 2's five variants (the baselines run in " +
            "quick and default)",
        },
      },
    })),
);
