/**
 * `hill/landscape` (hill.md §4): mean and standard error of the raw columns at every (K, σ)
 * of a grid, one result per seed. λ panels are derived from these columns (the variant records,
 * src/exploration/variants/hill.ts), never recomputed per λ.
 *
 * @module
 */

import { type ColumnGrids, HILL_PANELS, panelValues } from "../../exploration/variants/hill.ts";
import { localMaxima } from "../../stats/landscape.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { gridAxes, type HillGrid, HillGridSchema } from "./grid.ts";
import { WorkerPool } from "../../workers/pool.ts";
import { checkpointedRows, type RowRunContext } from "./row_checkpoint.ts";
import { LANDSCAPE_FIELDS, LANDSCAPE_ROWS } from "./rows.ts";

/** σ-major grids of every landscape field, `grid[iσ][iK]`. */
export type LandscapeGrids = Record<typeof LANDSCAPE_FIELDS[number], number[][]>;

/**
 * Computes the landscape grids of `grid` for `seed`, one σ-row per piece on `pool`, resuming from
 * and saving to the run's checkpoint when `ctx` has one.
 */
export async function computeLandscape(
  grid: HillGrid,
  seed: number,
  pool: WorkerPool,
  ctx: RowRunContext = {},
): Promise<LandscapeGrids> {
  const nK = grid.kCount;
  const rows = await checkpointedRows(pool, LANDSCAPE_ROWS, { grid, seed }, {
    count: grid.sigmaCount,
    stage: "landscape",
    ctx,
  });
  const out = {} as LandscapeGrids;
  LANDSCAPE_FIELDS.forEach((field, f) => {
    out[field] = rows.map((row) => Array.from(row.subarray(f * nK, (f + 1) * nK)));
  });
  return out;
}

/** Formats a grid point for summaries. */
function at(K: number[], sigma: number[], iK: number, iS: number): string {
  return `(K = ${K[iK].toFixed(2)}, σ = ${sigma[iS].toFixed(2)})`;
}

/** Metrics, maxima and the text summary of a landscape. */
export function summariseLandscape(
  grid: HillGrid,
  grids: ColumnGrids,
): Omit<TaskOutput, "artifacts"> & {
  maxima: Record<string, { K: number; sigma: number; value: number }[]>;
} {
  const { K, sigma } = gridAxes(grid);
  const metrics: Record<string, number> = {};
  const maxima: Record<string, { K: number; sigma: number; value: number }[]> = {};
  const lines: string[] = [];
  for (const panel of HILL_PANELS) {
    const found = localMaxima(panelValues(grids, panel.weights));
    maxima[panel.id] = found.map((m) => ({ K: K[m.iK], sigma: sigma[m.iSigma], value: m.value }));
    const best = found[0];
    metrics[`max:${panel.id}`] = best.value;
    metrics[`argmaxK:${panel.id}`] = K[best.iK];
    metrics[`argmaxSigma:${panel.id}`] = sigma[best.iSigma];
    const local = found.slice(1, 4).map((m) =>
      `${m.value.toFixed(1)} at ${at(K, sigma, m.iK, m.iSigma)}`
    );
    lines.push(
      `  ${panel.id.padEnd(11)} max ${best.value.toFixed(1).padStart(6)} at ${
        at(K, sigma, best.iK, best.iSigma)
      }` +
        (local.length ? `; other local maxima: ${local.join(", ")}` : ""),
    );
  }
  return {
    metrics,
    maxima,
    summary:
      `hill/landscape ${grid.kCount}×${grid.sigmaCount}, ${grid.rollouts} rollouts per point; ` +
      `maximiser of each panel L = J + λ·bonus:\n${lines.join("\n")}`,
  };
}

/** The `hill/landscape` task kind. */
export const HILL_LANDSCAPE_TASK: TaskDefinition<HillGrid> = {
  kind: "hill/landscape",
  backends: ["js"],
  params: HillGridSchema,
  async run(ctx): Promise<TaskOutput> {
    const grids = await WorkerPool.with(
      ctx.workers,
      (pool) => computeLandscape(ctx.params, ctx.seed, pool, ctx),
    );
    const { K, sigma } = gridAxes(ctx.params);
    const { metrics, maxima, summary } = summariseLandscape(ctx.params, grids);
    return { metrics, summary, artifacts: { K, sigma, ...grids, maxima } };
  },
};
