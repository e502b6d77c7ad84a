/**
 * The shape of a benchmark definition: plain data, checked with zod when the registry loads.
 *
 * @module
 */

import { z } from "zod";
import { BenchmarkIdSchema, type Variant, VARIANTS } from "../src/results/schema.ts";

/** Profile names, smallest first (design.md "Runs and profiles"). */
export const PROFILES = ["quick", "default", "full"] as const;

/** A profile name. */
export type ProfileName = typeof PROFILES[number];

/** One variant and the λ values it runs with. */
export const VariantSpecSchema = z.object({
  variant: z.enum(VARIANTS),
  lambdas: z.array(z.number().finite().nonnegative()).min(1),
}).strict();

/** One variant and its λ values (input form). */
export type VariantSpec = z.infer<typeof VariantSpecSchema>;

/**
 * A definition's variants from a λ table, in the table's order. Tables are typed with every
 * variant of the registry that can run there (`Record<Variant, …>`), so a new variant record fails
 * `deno task check` until its λ values are given here.
 */
export function variantsOf(
  table: Readonly<Partial<Record<Variant, readonly number[]>>>,
): VariantSpec[] {
  return Object.entries(table).map(([variant, lambdas]) => ({
    variant: variant as Variant,
    lambdas: [...lambdas!],
  }));
}

/** What a benchmark runs under one profile. */
export const ProfileSpecSchema = z.object({
  /** Seeds, one run per seed (and per variant and λ). */
  seeds: z.array(z.number().int().nonnegative()).min(1),
  /** Task parameters for this profile, validated by the task's own schema. */
  params: z.record(z.unknown()),
  /** Wall-time budget on 2 CPU cores, wasm backend, in seconds. */
  budgetSeconds: z.number().positive(),
  /** How this profile differs from the reference protocol (shown in --list and the report). */
  note: z.string().optional(),
  /**
   * Which of the definition's variants run under this profile (all when absent): a profile may
   * leave out what its time budget cannot hold, e.g. baselines outside the reference protocol.
   */
  variants: z.array(z.enum(VARIANTS)).min(1).optional(),
}).strict();

/** What a benchmark runs under one profile (input form). */
export type ProfileSpec = z.infer<typeof ProfileSpecSchema>;

/** A benchmark definition. */
export const BenchmarkDefinitionSchema = z.object({
  id: BenchmarkIdSchema,
  /** The task kind that runs it (a file in src/tasks/). */
  task: z.string().min(1),
  title: z.string().min(1),
  variants: z.array(VariantSpecSchema).min(1),
  profiles: z.object({
    quick: ProfileSpecSchema.optional(),
    default: ProfileSpecSchema.optional(),
    full: ProfileSpecSchema.optional(),
  }).strict(),
}).strict().superRefine((def, ctx) => {
  const known = new Set(def.variants.map((v) => v.variant));
  for (const [name, prof] of Object.entries(def.profiles)) {
    const unknown = prof?.variants?.find((v) => !known.has(v));
    if (unknown) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["profiles", name, "variants"],
        message: `variant ${unknown} is not among the definition's variants`,
      });
    }
  }
});

/** A benchmark definition (input form). */
export type BenchmarkDefinition = z.infer<typeof BenchmarkDefinitionSchema>;

/** The variants (with their λ values) that `def` runs under `profile`, in the definition's order. */
export function profileVariants(def: BenchmarkDefinition, profile: ProfileSpec): VariantSpec[] {
  return profile.variants
    ? def.variants.filter((v) => profile.variants!.includes(v.variant))
    : def.variants;
}
