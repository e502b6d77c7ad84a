/**
 * A `hill/landscape` result as the report uses it: axes, raw column grids and the objective of
 * any quantity (a raw column or a panel `L = J + λ·bonus`, derived here, never stored per λ).
 *
 * @module
 */

import type { HillQuantity } from "../../benchmarks/reference.ts";
import type { ResultFile } from "../results/mod.ts";
import { type ColumnGrids, panelsFor, panelValues } from "../exploration/variants/hill.ts";
import { LandscapeArtifactsSchema, LandscapeConfigSchema, taskOf } from "./artifacts.ts";
import { formatNumber } from "./format.ts";
import { cmp } from "./groups.ts";

/** One landscape result, parsed. */
export interface LandscapeView {
  /** The result file. */
  result: ResultFile;
  /** K axis. */
  K: number[];
  /** σ axis. */
  sigma: number[];
  /** Raw columns, `grid[iσ][iK]`. */
  columns: ColumnGrids;
  /** Rollouts per grid point. */
  rollouts: number;
}

/** Every successful `hill/landscape` result, parsed, in result order. */
export function landscapeViews(results: readonly ResultFile[]): LandscapeView[] {
  return results.filter((r) => taskOf(r) === "hill/landscape" && !r.failure).map((result) => {
    const a = LandscapeArtifactsSchema.parse(result.artifacts);
    const { params } = LandscapeConfigSchema.parse(result.config);
    return { result, K: a.K, sigma: a.sigma, columns: a.columns, rollouts: params.rollouts };
  });
}

/**
 * The landscape the fidelity table and the trajectory maps use: the finest (most grid points ×
 * rollouts), ties broken by seed and run id, so the choice is stable.
 */
export function finestLandscape(views: readonly LandscapeView[]): LandscapeView | undefined {
  const size = (v: LandscapeView): number => v.K.length * v.sigma.length * v.rollouts;
  return [...views].sort((a, b) =>
    size(b) - size(a) || a.result.seed - b.result.seed || cmp(a.result.runId, b.result.runId)
  )[0];
}

/** The grid of a quantity, or undefined for an unknown panel id. */
export function quantityGrid(view: LandscapeView, q: HillQuantity): number[][] | undefined {
  if (!q.startsWith("L:")) return view.columns[q as "J" | "J_state" | "J_action"];
  const panel = panelsFor(view.columns).find((p) => p.id === q.slice(2));
  return panel && panelValues(view.columns, panel.weights);
}

/** Index of the axis value nearest to v (the first on a tie). */
export function nearestOnAxis(axis: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < axis.length; i++) {
    if (Math.abs(axis[i] - v) < Math.abs(axis[best] - v)) best = i;
  }
  return best;
}

/** `(K = -0.85, σ = 0.2)`. */
export function pointLabel(K: number, sigma: number): string {
  return `(K = ${formatNumber(K, 3)}, σ = ${formatNumber(sigma, 3)})`;
}
