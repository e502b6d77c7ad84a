/**
 * `hill/improvement` (hill.md §5): at every grid point, the probability that one stochastic
 * REINFORCE step improves J and each objective L, with the mean and std of the improvements.
 * Steps are valued on the landscape of the same grid and seed, recomputed here from the same
 * streams as `hill/landscape` (so it equals that result's grids exactly).
 *
 * @module
 */

import { z } from "zod";
import { HILL_PANELS, panelValues } from "../../exploration/variants/hill.ts";
import type { TaskDefinition, TaskOutput } from "../task.ts";
import { gridAxes, HillGridSchema } from "./grid.ts";
import { computeLandscape } from "./landscape.ts";
import { WorkerPool } from "../../workers/pool.ts";
import { IMPROVEMENT_FIELDS, IMPROVEMENT_ROWS } from "./rows.ts";
import { checkpointedRows } from "./row_checkpoint.ts";

/** Parameters: the grid, plus the group size of the REINFORCE estimate (8 in P1). */
export const HillImprovementSchema = HillGridSchema.extend({
  groupSize: z.number().int().min(2).default(8),
  /** How a step is valued on the landscape: P1's `nearest` (quirk H8) or `bilinear`. */
  lookup: z.enum(["nearest", "bilinear"]).default("nearest"),
}).strict();

/** Parameters with defaults applied. */
export type HillImprovementParams = z.infer<typeof HillImprovementSchema>;

/** The `hill/improvement` task kind. */
export const HILL_IMPROVEMENT_TASK: TaskDefinition<HillImprovementParams> = {
  kind: "hill/improvement",
  backends: ["js"],
  params: HillImprovementSchema,
  async run(ctx): Promise<TaskOutput> {
    const p = ctx.params;
    const nK = p.kCount, nS = p.sigmaCount;
    const progress = (offset: number) => (done: number): void =>
      ctx.onProgress?.(offset + done, 2 * nS);
    // One pool for both passes: the workers started for the landscape compute the steps.
    const rows = await WorkerPool.with(ctx.workers, async (pool) => {
      const land = await computeLandscape(p, ctx.seed, pool, { ...ctx, onProgress: progress(0) });
      const panels = HILL_PANELS.map((panel) =>
        Float64Array.from(panelValues(land, panel.weights).flat())
      );
      return await checkpointedRows(pool, IMPROVEMENT_ROWS, { grid: p, seed: ctx.seed, panels }, {
        count: nS,
        stage: "improvement",
        ctx: { ...ctx, onProgress: progress(nS) },
      });
    });
    const nF = IMPROVEMENT_FIELDS.length;
    const metrics: Record<string, number> = {};
    const byPanel: Record<string, Record<string, number[][]>> = {};
    const lines: string[] = [];
    HILL_PANELS.forEach((panel, pi) => {
      const fields: Record<string, number[][]> = {};
      IMPROVEMENT_FIELDS.forEach((field, f) => {
        const start = (pi * nF + f) * nK;
        fields[field] = rows.map((row) => Array.from(row.subarray(start, start + nK)));
      });
      byPanel[panel.id] = fields;
      const mean = (g: number[][]): number => g.flat().reduce((a, b) => a + b, 0) / (nK * nS);
      metrics[`meanPJ:${panel.id}`] = mean(fields.pJ);
      metrics[`meanPL:${panel.id}`] = mean(fields.pL);
      metrics[`meanPMoved:${panel.id}`] = mean(fields.pMoved);
      lines.push(
        `  ${panel.id.padEnd(11)} mean over the grid: P(ΔJ>0) = ${mean(fields.pJ).toFixed(3)}, ` +
          `P(ΔL>0) = ${mean(fields.pL).toFixed(3)}, steps that change cell ${
            mean(fields.pMoved).toFixed(3)
          }`,
      );
    });
    const { K, sigma } = gridAxes(p);
    return {
      metrics,
      summary: `hill/improvement ${nK}×${nS}, ${Math.floor(p.rollouts / p.groupSize)} groups of ` +
        `${p.groupSize} per point, ${p.lookup} lookup:\n${lines.join("\n")}`,
      artifacts: { K, sigma, panels: HILL_PANELS, improvement: byPanel },
    };
  },
};
