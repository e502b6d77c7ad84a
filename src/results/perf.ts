/**
 * The artifacts of `perf/*` results and the speed figures read from them: every repeat of a
 * case, raw or normalised by the run's calibration (design.md, "Speed results").
 *
 * @module
 */

import { z } from "zod";
import { quantile } from "../stats/summary.ts";
import type { ResultFile } from "./schema.ts";

const finite = z.number().finite();
const positive = z.number().finite().positive();

/** The calibration record: per case, the JS-loop and wasm-matmul throughputs after each repeat. */
export const PerfCalibrationSchema = z.object({
  version: z.number().int().min(1),
  units: z.object({ js: z.string(), wasm: z.string() }),
  js: z.record(z.array(positive)),
  wasm: z.record(z.array(positive)),
});

/** `perf/*` artifacts: the unit, every repeat per case, and (since calibration 1) calibration. */
export const PerfArtifactsSchema = z.object({
  unit: z.string().min(1),
  repeats: z.record(z.array(finite)),
  calibration: PerfCalibrationSchema.optional(),
}).passthrough();

/** One part of a result's perf artifacts, or undefined when absent or invalid. */
function artifact<T>(r: ResultFile, key: string, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(r.artifacts?.[key]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The run's machine-speed index: the 90th percentile over all its calibration samples of
 * √(JS-loop/s · wasm-flop/s), the geometric mean of both workloads, so JS-bound and wasm-bound
 * cases share one scale. An upper percentile over the whole run, not the sample next to each
 * repeat nor the median: other load only ever slows a sample down, so the fast tail measures
 * the machine, while single 5 ms samples on a loaded machine range over ×4 (2.1e8 to 7.9e8 in
 * one quick run on this project's 2 shared cores) and their median moves by ±10% with how many
 * were hit. Undefined when the result has no calibration.
 */
export function calibrationIndex(r: ResultFile): { version: number; index: number } | undefined {
  const c = artifact(r, "calibration", PerfCalibrationSchema);
  if (!c) return undefined;
  const samples = Object.keys(c.js).flatMap((name) =>
    c.js[name].map((js, i) => Math.sqrt(js * (c.wasm[name]?.[i] ?? NaN)))
  ).filter(Number.isFinite);
  if (samples.length === 0) return undefined;
  return { version: c.version, index: quantile(samples, 0.9) };
}

/** Options of {@link speedSamples}. */
export interface SpeedSampleOptions {
  /** Divide by the run's {@link calibrationIndex} (which must exist). */
  normalised: boolean;
}

/**
 * The repeated throughputs of one speed case (its single figure when no repeats were stored),
 * raw or divided by the run's calibration index.
 */
export function speedSamples(r: ResultFile, name: string, opts: SpeedSampleOptions): number[] {
  const repeats = artifact(r, "repeats", z.record(z.array(finite)))?.[name];
  const raw = repeats && repeats.length > 0 ? repeats : [r.metrics[name]];
  if (!opts.normalised) return raw;
  const c = calibrationIndex(r);
  if (!c) throw new RangeError(`speedSamples: ${r.runId} has no calibration to normalise by`);
  return raw.map((x) => x / c.index);
}

/** Speeds of one case on both sides of a comparison, on a common scale. */
export interface ComparableSpeeds {
  /** Every repeat of the baseline runs. */
  baseline: number[];
  /** Every repeat of the candidate runs. */
  candidate: number[];
  /** Whether they were divided by calibration: only when every run has one of one version. */
  normalised: boolean;
}

/**
 * The repeats of case `name` in baseline and candidate runs, divided by each run's calibration
 * index when every run has a calibration of the same version (else raw: old results, or a
 * changed workload, are never mixed with normalised ones).
 */
export function comparableSpeeds(
  baseline: readonly ResultFile[],
  candidate: readonly ResultFile[],
  name: string,
): ComparableSpeeds {
  const versions = new Set([...baseline, ...candidate].map((r) => calibrationIndex(r)?.version));
  const normalised = versions.size === 1 && !versions.has(undefined);
  const all = (rs: readonly ResultFile[]): number[] =>
    rs.flatMap((r) => speedSamples(r, name, { normalised }));
  return { baseline: all(baseline), candidate: all(candidate), normalised };
}
