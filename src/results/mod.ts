/**
 * Result files: schema, run ids, validated write and read, results folders.
 *
 * @module
 */

export * from "./schema.ts";
export * from "./canonical_json.ts";
export * from "./io.ts";
export * from "./result_folder.ts";
export * from "./perf.ts";

/**
 * Version of the code that produces results. It is part of every run id: bump it when a change
 * alters results, so cached result files of older code are not reused.
 */
export const CODE_VERSION = "0.2.0";
