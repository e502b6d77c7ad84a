/**
 * What the report reads from a result's `artifacts` (and `config`), per task kind, as zod schemas.
 * The result schema leaves artifacts open (`record(unknown)`); checking them here, when a file is
 * loaded, turns a malformed artifact into an entry of the index's unreadable list instead of a
 * crash halfway through a page.
 *
 * @module
 */

import { z } from "zod";
import { type ColumnGrids, HILL_BASE_COLUMNS, HILL_COLUMNS } from "../exploration/variants/hill.ts";
import { PerfArtifactsSchema, type ResultFile } from "../results/mod.ts";

const finite = z.number().finite();
const grid = z.array(z.array(finite));

/**
 * `hill/landscape`: axes and the raw column grids of HILL_COLUMNS, `grid[iσ][iK]`. A variant's
 * own column may be missing (a landscape from before the variant); its panels are then not shown.
 */
export const LandscapeArtifactsSchema = z.object({
  K: z.array(finite).min(2),
  sigma: z.array(finite).min(2),
}).passthrough().transform((a, ctx) => {
  const columns: ColumnGrids = {};
  for (const name of HILL_COLUMNS) {
    if (a[name] === undefined && !HILL_BASE_COLUMNS.includes(name)) continue;
    const parsed = grid.safeParse(a[name]);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: [name], message: "expected a grid of finite numbers" });
      return z.NEVER;
    }
    const g = columns[name] = parsed.data;
    if (g.length !== a.sigma.length || g.some((row) => row.length !== a.K.length)) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `expected ${a.sigma.length} rows (σ) of ${a.K.length} values (K)`,
      });
    }
  }
  return { K: a.K, sigma: a.sigma, columns };
});

/** The part of a `hill/landscape` config the report needs: rollouts per point. */
export const LandscapeConfigSchema = z.object({
  params: z.object({ rollouts: z.number().int().positive() }).passthrough(),
}).passthrough();

/** `hill/improvement`: per panel id, P(ΔJ>0) and P(ΔL>0) grids. */
export const ImprovementArtifactsSchema = z.object({
  K: z.array(finite).min(2),
  sigma: z.array(finite).min(2),
  improvement: z.record(z.object({ pJ: grid, pL: grid }).passthrough()),
}).passthrough().superRefine((a, ctx) => {
  for (const [id, p] of Object.entries(a.improvement)) {
    for (const g of [p.pJ, p.pL]) {
      if (g.length !== a.sigma.length || g.some((row) => row.length !== a.K.length)) {
        ctx.addIssue({
          code: "custom",
          path: ["improvement", id],
          message: `expected ${a.sigma.length} rows (σ) of ${a.K.length} values (K)`,
        });
      }
    }
  }
});

/** `hill/gradient`: outcome per run and a sample of θ trajectories. */
export const GradientArtifactsSchema = z.object({
  crossed: z.array(z.union([z.literal(0), z.literal(1)])),
  finalJ: z.array(finite),
  trajectories: z.array(
    z.object({ run: z.number().int().nonnegative(), K: z.array(finite), sigma: z.array(finite) })
      .passthrough(),
  ),
}).passthrough();

/** The part of a `hill/gradient` config the report needs: the domain the runs move in. */
export const GradientConfigSchema = z.object({
  params: z.object({
    kMin: finite,
    kMax: finite,
    sigmaMax: finite,
    start: z.string(),
    startK: finite.optional(),
    startSigma: finite.optional(),
  }).passthrough(),
}).passthrough();

/** `hill/future-kl-check`: pooled-bin and nested J_fkl grids, `grid[iσ][iK]`, and M. */
export const FutureKlCheckArtifactsSchema = z.object({
  K: z.array(finite).min(1),
  sigma: z.array(finite).min(1),
  pooled: grid,
  nested: grid,
  M: z.number().int().positive(),
}).passthrough().superRefine((a, ctx) => {
  for (const name of ["pooled", "nested"] as const) {
    const g = a[name];
    if (g.length !== a.sigma.length || g.some((row) => row.length !== a.K.length)) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `expected ${a.sigma.length} rows (σ) of ${a.K.length} values (K)`,
      });
    }
  }
});

/** `perf/*`: the unit of the throughputs, every repeat per case, and the calibration. */
export { PerfArtifactsSchema };

/** Minigrid runs: an optional visitation-count grid `visitation[y][x]`. */
export const MinigridArtifactsSchema = z.object({ visitation: grid.optional() }).passthrough();

/** The task kind of a result: `config.task` when present (hill/gradient-uniform runs hill/gradient). */
export function taskOf(r: ResultFile): string {
  return typeof r.config.task === "string" ? r.config.task : r.benchmark;
}

/** What to check of a result of each task kind: [where, schema] pairs. */
function checksFor(r: ResultFile): [string, z.ZodTypeAny, unknown][] {
  const task = taskOf(r);
  if (task === "hill/landscape") {
    return [
      ["artifacts", LandscapeArtifactsSchema, r.artifacts],
      ["config", LandscapeConfigSchema, r.config],
    ];
  }
  if (task === "hill/improvement") return [["artifacts", ImprovementArtifactsSchema, r.artifacts]];
  if (task === "hill/future-kl-check") {
    return [["artifacts", FutureKlCheckArtifactsSchema, r.artifacts]];
  }
  if (task === "hill/gradient") {
    return [
      ["artifacts", GradientArtifactsSchema, r.artifacts],
      ["config", GradientConfigSchema, r.config],
    ];
  }
  if (task.startsWith("perf/")) return [["artifacts", PerfArtifactsSchema, r.artifacts]];
  if (task.startsWith("minigrid/")) {
    return [["artifacts", MinigridArtifactsSchema, r.artifacts ?? {}]];
  }
  return [];
}

/**
 * Why the report cannot use a schema-valid result's artifacts, in the one-line error shape, or
 * undefined when it can. Failed runs are not checked: they may stop before writing artifacts.
 */
export function artifactProblem(r: ResultFile, path: string): string | undefined {
  if (r.failure) return undefined;
  for (const [where, schema, value] of checksFor(r)) {
    const checked = schema.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = [where, ...issue.path].join(".");
      return `invalid ${taskOf(r)} result: ${issue.message} (${path}: field ${field}): ` +
        "delete the file and rerun the benchmark to regenerate it";
    }
  }
  return undefined;
}
