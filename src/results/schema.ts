/**
 * The result file of design.md, one per run, as a zod schema.
 *
 * @module
 */

import { z } from "zod";
import { VARIANTS } from "../exploration/variants/mod.ts";

export { type Variant, VARIANTS } from "../exploration/variants/mod.ts";

/** Version of the result-file layout. */
export const RESULT_SCHEMA_VERSION = 1;

const finite = z.number().finite();

/** A curve: x and y arrays of equal length. */
export const CurveSchema = z.object({ x: z.array(finite), y: z.array(finite) }).strict().refine(
  (c) => c.x.length === c.y.length,
  { message: "x and y must have the same length" },
);

/** The run manifest. */
export const ManifestSchema = z.object({
  commit: z.string().min(1),
  dirty: z.boolean(),
  deno: z.string().min(1),
  tfjs: z.string().min(1),
  backend: z.enum(["js", "wasm", "cpu", "webgpu", "tensorflow"]),
  adapter: z.string().nullable(),
  os: z.string().min(1),
  cpus: z.number().int().positive(),
  startedAt: z.string().datetime(),
  wallSeconds: z.number().nonnegative(),
}).strict();

/** Benchmark ids: `hill/…`, `minigrid/explore/<env>`, `minigrid/control/<env>`, `perf/<name>`. */
export const BenchmarkIdSchema = z.string().regex(
  /^(hill\/[a-z-]+|minigrid\/(explore|control)\/[A-Za-z0-9-]+|perf\/[A-Za-z0-9/_.-]+)$/,
  "expected hill/<name>, minigrid/explore|control/<env> or perf/<name>",
);

/** One result file. `failure` is set, and metrics may be empty, when the run failed. */
export const ResultFileSchema = z.object({
  schema: z.literal(RESULT_SCHEMA_VERSION),
  runId: z.string().regex(/^[0-9a-f]{16}$/, "expected 16 hex digits"),
  benchmark: BenchmarkIdSchema,
  variant: z.enum(VARIANTS),
  lambda: finite.nonnegative(),
  seed: z.number().int().nonnegative(),
  config: z.record(z.unknown()),
  manifest: ManifestSchema,
  metrics: z.record(finite),
  curves: z.record(CurveSchema).optional(),
  artifacts: z.record(z.unknown()).optional(),
  failure: z.string().min(1).optional(),
}).strict();

/** A validated result file. */
export type ResultFile = z.infer<typeof ResultFileSchema>;
