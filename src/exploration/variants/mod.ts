/**
 * The registry of exploration variants: one record a file in this folder (see `variant.ts`), and
 * what the suite derives from them. Adding a variant is a new record file, its line here and its
 * λ values in `benchmarks/`. What the hill studies derive (columns, panels, weights) is in `hill.ts`.
 *
 * The order is the suite's: `none` first (the baseline), then the hill's panel order of paper 1
 * (`state` before `action`), then the project's variants.
 *
 * @module
 */

import { ACTION } from "./action.ts";
import { COUNT } from "./count.ts";
import { FUTURE_KL } from "./future_kl.ts";
import { JOINT } from "./joint.ts";
import { NONE } from "./none.ts";
import { RND } from "./rnd.ts";
import { STATE } from "./state.ts";
import type { VariantRecord } from "./variant.ts";

export * from "./variant.ts";

/** Every variant's record, in the suite's order. */
export const VARIANT_RECORDS = [NONE, STATE, ACTION, JOINT, FUTURE_KL, COUNT, RND] as const;

/** An exploration variant id. */
export type Variant = typeof VARIANT_RECORDS[number]["id"];

/** The id of a variant that runs on the hill (its record has a hill part). */
export type HillVariant = Extract<typeof VARIANT_RECORDS[number], { hill: unknown }>["id"];

/** Exploration variant ids (objective.md §3), in the suite's order. */
export const VARIANTS = VARIANT_RECORDS.map((r) => r.id) as unknown as readonly [
  Variant,
  ...Variant[],
];

/** The record of `variant`. */
export function variantRecord(variant: Variant): VariantRecord<Variant> {
  return VARIANT_RECORDS.find((r) => r.id === variant)! as VariantRecord<Variant>;
}
