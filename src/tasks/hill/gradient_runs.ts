/**
 * The runs of `hill/gradient` (hill.md §5b), computed in chunks by the worker pool: where
 * stochastic gradient ascent ends up. Many independent runs
 * of REINFORCE ascent on θ = (K, σ) — each step a group of 8 fresh rollouts, group-mean baseline,
 * clip ‖ĝ‖ ≤ 1, step 0.1, σ clamped to [0, 4] — all runs of a setting stepped together, each with
 * its own stream. A run has "crossed" when most of its evaluation rollouts end right of the hill
 * top (x_T > −0.625).
 *
 * @module
 */

import { z } from "zod";
import { hillRollouts } from "../../envs/hill/mod.ts";
import { HILL_CODE_COLUMNS, HILL_COLUMNS, hillWeights } from "../../exploration/variants/hill.ts";
import type { Variant } from "../../exploration/variants/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { workerTask } from "../../workers/pool.ts";
import { groupStep, weightedReturns } from "./rows.ts";

/** Parameters of the gradient-ascent study. */
export const HillGradientSchema = z.object({
  /** Independent runs per setting (≥ 256 in the reference protocol). */
  runs: z.number().int().min(1).default(256),
  /** Ascent steps per run. */
  steps: z.number().int().min(1).default(500),
  /** Rollouts per gradient estimate. */
  groupSize: z.number().int().min(2).default(8),
  /** Evaluation rollouts at the final θ. */
  evalRollouts: z.number().int().min(1).default(256),
  /** `fixed`: every run starts at (startK, startSigma); `uniform`: uniform over the domain. */
  start: z.enum(["fixed", "uniform"]).default("fixed"),
  startK: z.number().finite().default(0),
  startSigma: z.number().finite().nonnegative().default(0.5),
  kMin: z.number().finite().default(-4),
  kMax: z.number().finite().default(3),
  sigmaMax: z.number().finite().positive().default(4),
  /** Keep θ every this many steps for the stored trajectories. */
  trajectoryEvery: z.number().int().min(1).default(10),
  /** Runs whose trajectories are stored (the first ones). */
  trajectorySample: z.number().int().min(0).default(16),
  /** Work units the runs are split into for the worker pool (results do not depend on it). */
  chunks: z.number().int().min(1).default(16),
  densityNorm: z.enum(["reference", "density"]).default("reference"),
}).strict();

/** Parameters with defaults applied. */
export type HillGradientParams = z.infer<typeof HillGradientSchema>;

/** x_T right of this (the hill top, h'(−0.625) = 0) counts as crossed. */
export const HILL_TOP = -0.625;

/** Values stored per run in a chunk: final K, σ, fraction right of the top, mean J, trajectory. */
export function gradientRecordLength(p: HillGradientParams): number {
  return 4 + 2 * (Math.floor(p.steps / p.trajectoryEvery) + 1);
}

/** What a worker needs to compute a chunk of runs. */
export interface GradientJob {
  /** Parameters. */
  params: HillGradientParams;
  /** Variant. */
  variant: Variant;
  /** λ. */
  lambda: number;
  /** Seed. */
  seed: number;
}

/** Runs chunk `chunk` of the setting's runs, all stepped together; returns their packed records. */
export function gradientChunk(job: GradientJob, chunk: number): Float64Array {
  const p = job.params;
  const first = Math.floor((chunk * p.runs) / p.chunks),
    last = Math.floor(((chunk + 1) * p.runs) / p.chunks);
  const R = last - first;
  const rec = gradientRecordLength(p);
  const out = new Float64Array(R * rec);
  if (R === 0) return out;
  const root = Rng.fromSeed(job.seed).child("hill/gradient", p.start, job.variant, job.lambda);
  const runRngs = Array.from({ length: R }, (_, r) => root.child(first + r));
  const K = new Float64Array(R), sigma = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    if (p.start === "fixed") {
      K[r] = p.startK;
      sigma[r] = p.startSigma;
    } else {
      const s = runRngs[r].child("start");
      K[r] = p.kMin + (p.kMax - p.kMin) * s.uniform();
      sigma[r] = p.sigmaMax * s.uniform();
    }
  }
  const weights = hillWeights(job.variant, job.lambda);
  // Only the variant's own column is computed: the others are weighted 0.
  const codeColumns = Object.fromEntries(
    Object.entries(HILL_CODE_COLUMNS).filter(([name]) => weights[HILL_COLUMNS.indexOf(name)] !== 0),
  );
  const record = (r: number, t: number): void => {
    const slot = r * rec + 4 + 2 * (t / p.trajectoryEvery);
    out[slot] = K[r];
    out[slot + 1] = sigma[r];
  };
  for (let r = 0; r < R; r++) record(r, 0);
  for (let t = 0; t < p.steps; t++) {
    const c = hillRollouts({
      policy: Array.from({ length: R }, (_, r) => ({ K: K[r], sigma: sigma[r] })),
      rollouts: p.groupSize,
      rng: runRngs.map((s) => s.child(t)),
      densityNorm: p.densityNorm,
      scores: true,
      codeColumns,
    });
    const G = weightedReturns(c, weights);
    for (let r = 0; r < R; r++) {
      const [dK, dS] = groupStep(c, G, r * p.groupSize, p.groupSize);
      K[r] += dK;
      sigma[r] = Math.min(p.sigmaMax, Math.max(0, sigma[r] + dS));
      if ((t + 1) % p.trajectoryEvery === 0) record(r, t + 1);
    }
  }
  const evaluation = hillRollouts({
    policy: Array.from({ length: R }, (_, r) => ({ K: K[r], sigma: sigma[r] })),
    rollouts: p.evalRollouts,
    rng: runRngs.map((s) => s.child("eval")),
    densityNorm: p.densityNorm,
  });
  for (let r = 0; r < R; r++) {
    let right = 0, J = 0;
    for (let i = r * p.evalRollouts; i < (r + 1) * p.evalRollouts; i++) {
      if (evaluation.finalX[i] > HILL_TOP) right++;
      J += evaluation.J[i];
    }
    out.set([K[r], sigma[r], right / p.evalRollouts, J / p.evalRollouts], r * rec);
  }
  return out;
}

/** {@link gradientChunk} as a worker-pool task. */
export const GRADIENT_CHUNKS = workerTask(import.meta.url, "gradientChunk", gradientChunk);
