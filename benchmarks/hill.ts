/**
 * Hill benchmarks (spec hill.md §4–§5). Grids: the reference is 200×200 points over
 * K ∈ [−4, 3], σ ∈ [0, 4] with 4096 rollouts each; smaller profiles keep the domain and thin the
 * grid. Seed 1234 is the reference's (hill.md §4); each point's stream is derived from
 * (seed, iK, iσ).
 *
 * @module
 */

import type { BenchmarkDefinition } from "./schema.ts";

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
        budgetSeconds: 240,
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
          "moves less than half a cell, so P1's nearest lookup would read every step as no change)",
      },
      default: {
        seeds: [1234],
        params: {
          ...domain,
          kCount: 41,
          sigmaCount: 41,
          rollouts: 4096,
          groupSize: 8,
          lookup: "bilinear",
        },
        budgetSeconds: 480,
        note: "reduced: 41×41 grid (reference 200×200), 512 groups of 8 per point, bilinear lookup",
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
