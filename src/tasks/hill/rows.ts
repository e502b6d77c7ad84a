/**
 * One σ-row of the hill studies: the unit of work a worker computes. Every grid point draws from
 * its own stream `seed / study / iK / iσ`, so a row's numbers do not depend on which worker
 * computed it or in what order.
 *
 * @module
 */

import { type HillRolloutColumns, hillRollouts } from "../../envs/hill/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { HILL_CODE_COLUMNS, HILL_COLUMNS, HILL_PANELS } from "../../exploration/variants/hill.ts";
import { mean, standardError } from "../../stats/summary.ts";
import { workerTask } from "../../workers/pool.ts";
import { gridAxes, type HillGrid, lookupGrid, nearestIndex } from "./grid.ts";

/** Fields per landscape point: mean and standard error of each column of HILL_COLUMNS. */
export const LANDSCAPE_FIELDS = [
  ...HILL_COLUMNS,
  ...HILL_COLUMNS.map((c) => `stderr_${c}` as const),
] as const;

/**
 * Per objective and point: P(ΔJ>0), P(ΔL>0), mean and std (ddof 0) of ΔJ and ΔL over groups, and
 * the share of steps whose θ' has another nearest grid point than θ (under nearest lookup, the
 * only steps that can score a change, quirk H8).
 */
export const IMPROVEMENT_FIELDS = [
  "pJ",
  "pL",
  "meanDJ",
  "stdDJ",
  "meanDL",
  "stdDL",
  "pMoved",
] as const;

/** Grid and settings of the improvement study. */
export type ImprovementGrid = HillGrid & { groupSize: number; lookup: "nearest" | "bilinear" };

/** The improvement study's step size and gradient-norm clip (hill.md §5). */
export const IMPROVEMENT_STEP = { stepSize: 0.1, clipNorm: 1 } as const;

/** The per-rollout column `name`: one the rollouts always compute, or one asked for. */
function columnOf(c: HillRolloutColumns, name: string): Float64Array {
  const col = c.own[name] ?? (name in c ? c[name as "J"] : undefined);
  if (!col) throw new Error(`rollouts lack column ${name}`);
  return col;
}

/** The per-rollout columns in HILL_COLUMNS order. */
function columnsOf(c: HillRolloutColumns): Float64Array[] {
  return HILL_COLUMNS.map((name) => columnOf(c, name));
}

/** Mean and standard error (sample sd / √n; 0 for a single rollout). */
function meanStderr(xs: Float64Array): [number, number] {
  const values = Array.from(xs);
  return [mean(values), values.length > 1 ? standardError(values) : 0];
}

/** What every landscape row needs: the grid and the seed. */
export interface LandscapeJob {
  /** The grid. */
  grid: HillGrid;
  /** The run's seed. */
  seed: number;
}

/** The landscape row iσ: `LANDSCAPE_FIELDS.length × kCount` values, field-major. */
export function landscapeRow({ grid, seed }: LandscapeJob, iSigma: number): Float64Array {
  const { K, sigma } = gridAxes(grid);
  const nK = K.length;
  const out = new Float64Array(LANDSCAPE_FIELDS.length * nK);
  const root = Rng.fromSeed(seed).child("hill/landscape");
  for (let iK = 0; iK < nK; iK++) {
    const c = hillRollouts({
      policy: { K: K[iK], sigma: sigma[iSigma] },
      rollouts: grid.rollouts,
      rng: root.child(iK, iSigma),
      densityNorm: grid.densityNorm,
      codeColumns: HILL_CODE_COLUMNS,
    });
    const cols = columnsOf(c);
    for (let f = 0; f < cols.length; f++) {
      const [m, se] = meanStderr(cols[f]);
      out[f * nK + iK] = m;
      out[(f + cols.length) * nK + iK] = se;
    }
  }
  return out;
}

/**
 * Per rollout the return of objective `weights`: G_i = Σ_c w_c·column_c[i], summed in
 * HILL_COLUMNS order. Only weighted columns are read, so rollouts need not carry the others.
 * Computed once per objective and batch, then shared by its groups.
 */
export function weightedReturns(c: HillRolloutColumns, weights: readonly number[]): Float64Array {
  const cols = HILL_COLUMNS.map((name, k) => weights[k] ? columnOf(c, name) : null);
  const n = c.J.length, G = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let g = 0;
    for (let k = 0; k < cols.length; k++) {
      const col = cols[k];
      if (col) g += weights[k] * col[i];
    }
    G[i] = g;
  }
  return G;
}

/**
 * Group-mean-baseline REINFORCE estimate of one group (hill.md §5 step 3), unclipped:
 * ĝ = mean_i score_i·(G_i − Ḡ) with G from {@link weightedReturns}. Because Ḡ includes G_i,
 * E[ĝ] = (1 − 1/size)·∇L: the direction is unbiased, the length scaled by 7/8 for groups of 8.
 */
export function groupGradient(
  c: HillRolloutColumns,
  G: Float64Array,
  start: number,
  size: number,
): [number, number] {
  if (!c.scoreK || !c.scoreSigma) throw new Error("rollouts lack the REINFORCE scores");
  let meanG = 0;
  for (let r = 0; r < size; r++) meanG += G[start + r];
  meanG /= size;
  let gK = 0, gS = 0;
  for (let r = 0; r < size; r++) {
    gK += c.scoreK[start + r] * (G[start + r] - meanG);
    gS += c.scoreSigma[start + r] * (G[start + r] - meanG);
  }
  return [gK / size, gS / size];
}

/** One ascent step from a group (hill.md §5 step 4): ĝ clipped to ‖ĝ‖ ≤ 1, times 0.1. */
export function groupStep(
  c: HillRolloutColumns,
  G: Float64Array,
  start: number,
  size: number,
): [number, number] {
  let [gK, gS] = groupGradient(c, G, start, size);
  const norm = Math.hypot(gK, gS);
  if (norm >= IMPROVEMENT_STEP.clipNorm) {
    gK /= norm;
    gS /= norm;
  }
  return [IMPROVEMENT_STEP.stepSize * gK, IMPROVEMENT_STEP.stepSize * gS];
}

/** {@link landscapeRow} as a worker-pool task. */
export const LANDSCAPE_ROWS = workerTask(import.meta.url, "landscapeRow", landscapeRow);

/** What every improvement row needs. */
export interface ImprovementJob {
  /** The grid and the study's settings. */
  grid: ImprovementGrid;
  /** The run's seed. */
  seed: number;
  /** σ-major flat objective panels, one per entry of HILL_PANELS. */
  panels: Float64Array[];
}

/**
 * The improvement row iσ (hill.md §5): fresh rollouts per point, split into groups; per group and
 * objective one clipped REINFORCE step, valued by grid lookup (nearest: quirk H8) in the objective
 * panels of `panels` (σ-major flat arrays, one per entry of HILL_PANELS, computed from the landscape
 * of the same grid and seed). Output: `HILL_PANELS.length × IMPROVEMENT_FIELDS.length × kCount`.
 */
export function improvementRow(
  { grid, seed, panels }: ImprovementJob,
  iSigma: number,
): Float64Array {
  const { K, sigma } = gridAxes(grid);
  const nK = K.length;
  const nF = IMPROVEMENT_FIELDS.length;
  const out = new Float64Array(HILL_PANELS.length * nF * nK);
  const root = Rng.fromSeed(seed).child("hill/improvement");
  const groups = Math.floor(grid.rollouts / grid.groupSize);
  const J = panels[0];
  const dJ = new Float64Array(groups), dL = new Float64Array(groups);
  for (let iK = 0; iK < nK; iK++) {
    const c = hillRollouts({
      policy: { K: K[iK], sigma: sigma[iSigma] },
      rollouts: groups * grid.groupSize,
      rng: root.child(iK, iSigma),
      densityNorm: grid.densityNorm,
      scores: true,
      codeColumns: HILL_CODE_COLUMNS,
    });
    const here = iSigma * nK + iK;
    HILL_PANELS.forEach((panel, p) => {
      const L = panels[p];
      const G = weightedReturns(c, panel.weights);
      let moved = 0;
      for (let g = 0; g < groups; g++) {
        const [stepK, stepS] = groupStep(c, G, g * grid.groupSize, grid.groupSize);
        // σ is clamped to ≥ 0 before the lookup (hill.md §5 step 5).
        const K2 = K[iK] + stepK, s2 = Math.max(0, sigma[iSigma] + stepS);
        dJ[g] = lookupGrid(J, grid, grid.lookup, K2, s2) - J[here];
        dL[g] = lookupGrid(L, grid, grid.lookup, K2, s2) - L[here];
        if (
          nearestIndex(K2, grid.kMin, grid.kMax, nK) !== iK ||
          nearestIndex(s2, grid.sigmaMin, grid.sigmaMax, grid.sigmaCount) !== iSigma
        ) moved++;
      }
      const base = p * nF * nK;
      const stats = [
        positiveFraction(dJ),
        positiveFraction(dL),
        ...meanStd(dJ),
        ...meanStd(dL),
        moved / groups,
      ];
      for (let f = 0; f < nF; f++) out[base + f * nK + iK] = stats[f];
    });
  }
  return out;
}

/** {@link improvementRow} as a worker-pool task. */
export const IMPROVEMENT_ROWS = workerTask(import.meta.url, "improvementRow", improvementRow);

/** Fraction of strictly positive entries (hill.md §5 step 6: strict >). */
function positiveFraction(xs: Float64Array): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] > 0) n++;
  return n / xs.length;
}

/** Mean and population standard deviation (ddof 0, as numpy's std). */
function meanStd(xs: Float64Array): [number, number] {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return [m, Math.sqrt(ss / xs.length)];
}
