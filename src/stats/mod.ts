/**
 * Statistics: small pure functions over plain number arrays (rliable style). Randomness, where a
 * function needs it, comes in as an `Rng`.
 *
 * @module
 */

export * from "./summary.ts";
export * from "./intervals.ts";
export * from "./compare.ts";
export * from "./aggregate.ts";
export * from "./landscape.ts";
