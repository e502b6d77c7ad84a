/**
 * Hill benchmarks (spec hill.md §4–§5). Grids: the reference is 200×200 points over
 * K ∈ [−4, 3], σ ∈ [0, 4] with 4096 rollouts each; smaller profiles keep the domain and thin the
 * grid. Seed 1234 is the reference's (hill.md §4); each point's stream is derived from
 * (seed, iK, iσ).
 *
 * @module
 */

import type { HillVariant } from "../src/exploration/variants/mod.ts";
import { type BenchmarkDefinition, variantsOf } from "./schema.ts";

const domain = { kMin: -4, kMax: 3, sigmaMin: 0, sigmaMax: 4 };

/** `hill/landscape` and `hill/improvement`. */
export const HILL_BENCHMARKS: BenchmarkDefinition[] = [
  {
    id: "hill/landscape",
    task: "hill/landscape",
    title: "Hill objective landscapes J, J_state, J_c, J_action over (K, σ)",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: {
      quick: {
        seeds: [1234],
        params: { ...domain, kCount: 21, sigmaCount: 21, rollouts: 256 },
        budgetSeconds: 30,
        note: "reduced: 21×21 grid, 256 rollouts per point",
      },
      default: {
        seeds: [1234],
        params: { ...domain, kCount: 41, sigmaCount: 41, rollouts: 4096 },
        budgetSeconds: 120,
        note: "reduced: 41×41 grid (reference 200×200), 4096 rollouts per point",
      },
      full: {
        seeds: [1234],
        params: { ...domain, kCount: 200, sigmaCount: 200, rollouts: 4096 },
        budgetSeconds: 3600,
        note: "reference protocol (hill.md §4)",
      },
    },
  },
  {
    id: "hill/improvement",
    task: "hill/improvement",
    title: "Probability that one REINFORCE step improves J and L (hill.md §5)",
    variants: [{ variant: "none", lambdas: [0] }],
    profiles: {
      quick: {
        seeds: [1234],
        params: {
          ...domain,
          kCount: 21,
          sigmaCount: 21,
          rollouts: 256,
          groupSize: 8,
          lookup: "bilinear",
        },
        budgetSeconds: 60,
        note: "reduced: 21×21 grid, 32 groups of 8 per point, bilinear lookup (a 0.1 step " +
          "moves less than half a 21-grid cell: nearest lookup scores no step as a change)",
      },
      default: {
        seeds: [1234],
        params: {
          ...domain,
          kCount: 41,
          sigmaCount: 41,
          rollouts: 4096,
          groupSize: 8,
          lookup: "nearest",
        },
        budgetSeconds: 150,
        note: "reduced: 41×41 grid (reference 200×200), 512 groups of 8 per point",
      },
      full: {
        seeds: [1234],
        params: {
          ...domain,
          kCount: 200,
          sigmaCount: 200,
          rollouts: 4096,
          groupSize: 8,
          lookup: "nearest",
        },
        budgetSeconds: 7200,
        note: "reference protocol (hill.md §5)",
      },
    },
  },
];

/** The settings of hill.md §5b / issue 8: every hill variant with its λ values. */
const GRADIENT_LAMBDAS: Record<HillVariant, number[]> = {
  none: [0],
  action: [0.01, 0.1, 0.5],
  state: [0.05, 0.1, 1],
  joint: [0.01, 0.1, 1],
  "future-kl": [0.05, 0.1, 1],
  // Counts over a group of 8 rollouts: J_count is √512 ≈ 23× its landscape value (4096 rollouts).
  count: [0.1, 1, 10],
};
const GRADIENT_VARIANTS = variantsOf(GRADIENT_LAMBDAS);

/** Profiles of a gradient study with the given start. */
function gradientProfiles(start: "fixed" | "uniform"): BenchmarkDefinition["profiles"] {
  return {
    quick: {
      seeds: [1234],
      params: { start, runs: 32, steps: 100, evalRollouts: 64, chunks: 4 },
      budgetSeconds: 30,
      note: "reduced: 32 runs × 100 steps (reference ≥ 256 × 500)",
    },
    default: {
      seeds: [1234],
      params: { start, runs: 256, steps: 500, evalRollouts: 256 },
      budgetSeconds: 150,
      note: "the protocol of hill.md §5b: 256 runs × 500 steps, 256 evaluation rollouts",
    },
    full: {
      seeds: [1234],
      params: { start, runs: 1024, steps: 500, evalRollouts: 256, chunks: 64 },
      budgetSeconds: 1200,
      note: "1024 runs per setting",
    },
  };
}

/** `hill/gradient` (start (0, 0.5), the stay basin) and `hill/gradient-uniform` (uniform starts). */
export const HILL_GRADIENT_BENCHMARKS: BenchmarkDefinition[] = [
  {
    id: "hill/gradient",
    task: "hill/gradient",
    title: "Where gradient ascent ends from (K, σ) = (0, 0.5): P(crossed) per variant and λ",
    variants: GRADIENT_VARIANTS,
    profiles: gradientProfiles("fixed"),
  },
  {
    id: "hill/gradient-uniform",
    task: "hill/gradient",
    title: "Where gradient ascent ends from uniform starts over the (K, σ) domain",
    variants: GRADIENT_VARIANTS,
    profiles: gradientProfiles("uniform"),
  },
];

/** `hill/future-kl-check`: pooled-bin approximation against nested Monte Carlo (hill.md §9). */
export const HILL_FUTURE_KL_CHECK: BenchmarkDefinition = {
  id: "hill/future-kl-check",
  task: "hill/future-kl-check",
  title: "Future-KL on the hill: pooled-bin approximation vs nested Monte Carlo",
  variants: [{ variant: "future-kl", lambdas: [1] }],
  profiles: {
    quick: {
      seeds: [1234],
      params: { kCount: 3, sigmaCount: 3, rollouts: 4, M: 4 },
      budgetSeconds: 30,
      note: "reduced: 3×3 grid, 4 rollouts, M = 4",
    },
    default: {
      seeds: [1234],
      params: { kCount: 11, sigmaCount: 11, rollouts: 16, M: 8 },
      budgetSeconds: 30,
      note: "11×11 grid, 16 rollouts per point, M = 8 continuations per visit",
    },
    full: {
      seeds: [1234],
      params: { kCount: 21, sigmaCount: 21, rollouts: 64, M: 16 },
      budgetSeconds: 3600,
    },
  },
};
