/**
 * Result files: schema, run ids, atomic write, validated read.
 *
 * @module
 */

export * from "./schema.ts";
export * from "./canonical_json.ts";
export * from "./io.ts";
export * from "./perf.ts";

/**
 * Version of the code that produces results. It is part of every run id: bump it when a change
 * alters results, so cached result files of older code are not reused.
 */
export const CODE_VERSION = "0.2.0";
