/**
 * The benchmark registry: every definition in `benchmarks/`, validated when loaded, and the
 * lookups the CLI needs.
 *
 * @module
 */

import { UsageError } from "../src/errors.ts";
import { HILL_BENCHMARKS, HILL_FUTURE_KL_CHECK, HILL_GRADIENT_BENCHMARKS } from "./hill.ts";
import { MINIGRID_BENCHMARKS } from "./minigrid.ts";
import { PERF_BENCHMARKS } from "./perf.ts";
import {
  type BenchmarkDefinition,
  BenchmarkDefinitionSchema,
  type ProfileName,
  PROFILES,
} from "./schema.ts";

export * from "./schema.ts";

/** Validates definitions: schema, unique ids, and at least one profile each. */
export function validateDefinitions(defs: unknown[]): BenchmarkDefinition[] {
  const seen = new Set<string>();
  return defs.map((def, i) => {
    const checked = BenchmarkDefinitionSchema.safeParse(def);
    const id = (def as { id?: unknown })?.id ?? `#${i}`;
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new UsageError(
        `invalid benchmark definition: ${issue.message}`,
        `benchmark ${id}: field ${issue.path.join(".")}`,
        "fix the definition in benchmarks/",
      );
    }
    if (seen.has(checked.data.id)) {
      throw new UsageError(
        "duplicate benchmark id",
        `benchmark ${id}`,
        "give each definition a unique id",
      );
    }
    seen.add(checked.data.id);
    return checked.data;
  });
}

/** Every benchmark of the suite that `deno task bench` runs. */
export const BENCHMARKS: readonly BenchmarkDefinition[] = validateDefinitions([
  ...HILL_BENCHMARKS,
  ...HILL_GRADIENT_BENCHMARKS,
  HILL_FUTURE_KL_CHECK,
  ...MINIGRID_BENCHMARKS,
]);

/** Speed benchmarks, run by `deno task perf`. */
export const PERF: readonly BenchmarkDefinition[] = validateDefinitions([...PERF_BENCHMARKS]);

/** Checks a `--profile` value. */
export function parseProfile(value: string, where = "--profile"): ProfileName {
  if ((PROFILES as readonly string[]).includes(value)) return value as ProfileName;
  throw new UsageError(`unknown profile '${value}'`, where, `use one of ${PROFILES.join(", ")}`);
}

/** Converts a glob (`*` any run of characters, `?` one) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(
    /\?/g,
    ".",
  );
  return new RegExp(`^${escaped}$`);
}

/**
 * Benchmarks that run under `profile` and match `only` (a glob on the id). A glob matching no
 * benchmark is an error naming the known ids.
 */
export function selectBenchmarks(
  profile: ProfileName,
  only?: string,
  defs: readonly BenchmarkDefinition[] = BENCHMARKS,
): BenchmarkDefinition[] {
  const inProfile = defs.filter((d) => d.profiles[profile] !== undefined);
  if (only === undefined) return inProfile;
  const re = globToRegExp(only);
  const picked = inProfile.filter((d) => re.test(d.id));
  if (picked.length === 0) {
    throw new UsageError(
      `no benchmark matches '${only}' in profile ${profile}`,
      "--only",
      `use a glob over these ids: ${inProfile.map((d) => d.id).join(", ")}`,
    );
  }
  return picked;
}
