/**
 * `deno task hill --K=… --sigma=… [--rollouts=4096] [--seed=0] [--json]`: one point of the hill
 * objective (hill.md §3), printed as a table or as one JSON line last on stdout.
 *
 * @module
 */

import { hillRollouts } from "../envs/hill/mod.ts";
import { Rng } from "../rng/mod.ts";
import { mean, standardError } from "../stats/summary.ts";
import { UsageError } from "../errors.ts";
import { type FlagSpec, memoryCap, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";

const USAGE = "deno task hill --K=NUMBER --sigma=NUMBER [--rollouts=4096] [--seed=0] [--json]";
/**
 * Largest |K| and σ taken: the action is clipped to [−10, 10], so larger values change nothing
 * but overflow K(x − 3) and the policy's log-density to non-finite numbers.
 */
const MAX_PARAM = 1e6;
/** Bytes one rollout holds: x, v (T + 1 = 101 steps), a (100 steps) and its result columns. */
const BYTES_PER_ROLLOUT = 8 * (3 * 101 + 16);
const MAX_ROLLOUTS = memoryCap(BYTES_PER_ROLLOUT);
const FLAGS: FlagSpec = {
  K: { type: "string", help: `feedback gain K of the policy, |K| <= ${MAX_PARAM} (required)` },
  sigma: {
    type: "string",
    help: `policy standard deviation σ, 0 <= σ <= ${MAX_PARAM} (required)`,
  },
  rollouts: {
    type: "string",
    help: `number of rollouts, 1 to ${MAX_ROLLOUTS} (a quarter of this machine's memory; ` +
      "default 4096)",
  },
  seed: { type: "string", help: "seed, a non-negative integer (default 0)" },
  "density-norm": { type: "string", help: "reference (default, P1's /20 offset) or density" },
  json: { type: "boolean", help: "print one JSON line" },
  help: { type: "boolean", help: "show this help" },
};

/** Mean and standard error (sample sd / √n; 0 for a single rollout). */
function meanAndStderr(xs: Float64Array): { mean: number; stderr: number } {
  const values = Array.from(xs);
  return { mean: mean(values), stderr: values.length > 1 ? standardError(values) : 0 };
}

/** The hill point CLI. */
export function main(args: string[]): number {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const { values } = parsed;
  for (const required of ["K", "sigma"]) {
    if (values[required] === undefined) {
      throw new UsageError(`missing --${required}`, `--${required}`, `usage: ${USAGE}`);
    }
  }
  const K = numberFlag(values, "K", { default: 0, min: -MAX_PARAM, max: MAX_PARAM });
  const sigma = numberFlag(values, "sigma", { default: 0, min: 0, max: MAX_PARAM });
  const rollouts = numberFlag(values, "rollouts", {
    default: 4096,
    min: 1,
    max: MAX_ROLLOUTS,
    integer: true,
  });
  const seed = numberFlag(values, "seed", { default: 0, min: 0, integer: true });
  const norm = (values["density-norm"] as string | undefined) ?? "reference";
  if (norm !== "reference" && norm !== "density") {
    throw new UsageError(`bad value '${norm}'`, "--density-norm", "use reference or density");
  }
  const cols = hillRollouts({
    policy: { K, sigma },
    rollouts,
    rng: Rng.fromSeed(seed).child("hill/point"),
    densityNorm: norm,
  });
  const J = meanAndStderr(cols.J),
    Js = meanAndStderr(cols.J_state),
    Ja = meanAndStderr(cols.J_action);
  const out = { K, sigma, J: J.mean, J_state: Js.mean, J_action: Ja.mean, stderr_J: J.stderr };
  if (values.json) {
    console.log(JSON.stringify(out));
  } else {
    console.log(`hill point K = ${K}, σ = ${sigma}, ${rollouts} rollouts, seed ${seed}`);
    console.log("column      mean        stderr");
    for (const [name, v] of [["J", J], ["J_state", Js], ["J_action", Ja]] as const) {
      console.log(
        `${name.padEnd(10)} ${v.mean.toFixed(4).padStart(10)}  ${v.stderr.toFixed(4).padStart(10)}`,
      );
    }
  }
  return 0;
}

if (import.meta.main) runMain(() => Promise.resolve(main(Deno.args)));
