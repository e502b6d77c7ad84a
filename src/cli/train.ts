/**
 * `deno task train --env=ID --variant=V --mode=explore|control [--iterations=N] [--seed=S]
 * [--backend=B] [--json]`: one Minigrid learning run, CleanRL style (the run `deno task bench`
 * makes for `minigrid/<mode>/<env>` with the same seed and λ). Prints a progress line per
 * evaluation; `--json` prints the final metrics as one JSON line last. A run that diverges prints
 * its reason and exits 1.
 *
 * @module
 */

import { type BackendName, initBackend, parseBackend } from "../backend/mod.ts";
import { variantRecord, variantWeights } from "../exploration/mod.ts";
import { CODE_VERSION } from "../results/mod.ts";
import { type Variant, VARIANTS } from "../results/schema.ts";
import { runStream } from "../tasks/task.ts";
import { minigridOutput, MinigridParamsSchema, runMinigrid } from "../tasks/minigrid.ts";
import { RunFailure, UsageError } from "../errors.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";

const USAGE = "deno task train --env=ID --variant=V --mode=explore|control [--iterations=N] " +
  "[--seed=S] [--backend=B] [--preset=P] [--eval-every=N] [--checkpoint=PATH] " +
  "[--checkpoint-every=S] [--fresh] [--json]";
/** Most iterations: 2000× the reference protocol's 500k, far past any run's time. */
const MAX_ITERATIONS = 1e9;
const FLAGS: FlagSpec = {
  env: { type: "string", help: "Minigrid env id with a symbolic observation (required)" },
  variant: { type: "string", help: `exploration variant: ${VARIANTS.join(", ")} (required)` },
  mode: { type: "string", help: "explore (reward not learned) or control (required)" },
  iterations: {
    type: "string",
    help: `training iterations, 1 to ${MAX_ITERATIONS} (default 500000)`,
  },
  seed: { type: "string", help: "seed, a non-negative integer (default 0)" },
  backend: { type: "string", help: "wasm (default), cpu, webgpu or tensorflow" },
  fidelity: { type: "string", help: "corrected (default) or reference (P2's sampler quirks)" },
  preset: {
    type: "string",
    help: "reference (default: the spec's learning rates) or fast (see README: reduced profiles)",
  },
  "eval-every": { type: "string", help: "evaluate every N iterations (default 200)" },
  checkpoint: {
    type: "string",
    help: "checkpoint file (default out/train/<mode>-<env>-<variant>-seed<S>.ckpt.json)",
  },
  "checkpoint-every": {
    type: "string",
    help: "seconds between checkpoints (default 300); a rerun resumes from the file",
  },
  fresh: { type: "boolean", help: "delete an existing checkpoint and start afresh" },
  json: { type: "boolean", help: "print the final metrics as one JSON line last" },
  help: { type: "boolean", help: "show this help" },
};

/** A required flag's value, or a usage error naming it. */
function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") {
    throw new UsageError(`missing --${name}`, `--${name}`, `usage: ${USAGE}`);
  }
  return v;
}

/** Checks a value against a list, naming the allowed ones. */
function oneOf<T extends string>(value: string, allowed: readonly T[], where: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`bad value '${value}'`, where, `use one of ${allowed.join(", ")}`);
}

/** The train CLI. */
export async function main(args: string[]): Promise<number> {
  const flags = parseCommand(args, FLAGS, { usage: USAGE });
  if (!flags) return 0;
  const { values } = flags;
  const env = required(values, "env");
  const variant: Variant = oneOf(required(values, "variant"), VARIANTS, "--variant");
  const mode = oneOf(required(values, "mode"), ["explore", "control"] as const, "--mode");
  const iterations = numberFlag(values, "iterations", {
    default: 500_000,
    min: 1,
    max: MAX_ITERATIONS,
    integer: true,
  });
  const seed = numberFlag(values, "seed", { default: 0, min: 0, integer: true });
  const backend: BackendName = parseBackend((values.backend as string | undefined) ?? "wasm");
  if (backend === "js") {
    throw new UsageError("backend js has no neural nets", "--backend", "use wasm, cpu or webgpu");
  }
  const evalEvery = numberFlag(values, "eval-every", { default: 200, min: 1, integer: true });
  const checkpointEvery = numberFlag(values, "checkpoint-every", { default: 300, min: 0 });
  const parsed = MinigridParamsSchema.safeParse({
    env,
    iterations,
    evalEvery,
    fidelity: (values.fidelity as string | undefined) ?? "corrected",
    preset: (values.preset as string | undefined) ?? "reference",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `bad value: ${issue.message}`,
      `--${issue.path.join(".")}`,
      `usage: ${USAGE}`,
    );
  }
  const params = parsed.data;
  const checkpointPath = (values.checkpoint as string | undefined) ??
    `out/train/${mode}-${env}-${variant}-seed${seed}.ckpt.json`;
  if (checkpointPath === "" || checkpointPath.endsWith("/")) {
    throw new UsageError(`bad path '${checkpointPath}'`, "--checkpoint", "give a file path");
  }
  if ((await Deno.stat(checkpointPath).catch(() => null))?.isDirectory) {
    throw new UsageError(`'${checkpointPath}' is a folder`, "--checkpoint", "give a file path");
  }
  await initBackend(backend);
  // λ: the variant's own weight (objective.md §6), as the suite's definitions run it.
  const target = variantRecord(variant).minigrid.lambdaSets;
  const lambda = target ? variantWeights(variant)[target] : 0;
  const benchmark = `minigrid/${mode}/${env}`;
  console.log(
    `train ${benchmark} ${variant} λ=${lambda} seed ${seed}, ${iterations} iterations on ` +
      `${backend} (${params.fidelity})`,
  );
  if (values.fresh) await Deno.remove(checkpointPath).catch(() => {});
  const t0 = performance.now();
  let startIteration = 0;
  const result = await runMinigrid({
    params,
    mode,
    variant,
    lambda,
    // The stream `deno task bench` gives this run.
    rng: runStream({ seed, benchmark, variant, lambda }),
    checkpoint: {
      path: checkpointPath,
      everySeconds: checkpointEvery,
      // Same run = same flags that shape the numbers, on the same code and backend.
      runKey: JSON.stringify({ benchmark, variant, lambda, seed, params, backend, CODE_VERSION }),
      onResume: (done) => {
        startIteration = done;
        console.log(`resumed from ${checkpointPath} after ${done} iterations`);
      },
      onSave: (done) => console.log(`checkpoint after ${done} iterations -> ${checkpointPath}`),
    },
    onEval: (point) => {
      const msPerIteration = (performance.now() - t0) / (point.iteration + 1 - startIteration);
      console.log(
        `it ${String(point.iteration).padStart(7)}  return ${point.return.toFixed(3)}  ` +
          `entropy ${point.entropy.toFixed(3)}  ${msPerIteration.toFixed(1)} ms/it`,
      );
    },
  });
  // The result is printed below; a finished (or failed) run has nothing left to resume.
  await Deno.remove(checkpointPath).catch(() => {});
  const out = minigridOutput(result);
  console.log(out.summary);
  if (values.json) {
    console.log(
      JSON.stringify({ ...out.metrics, ...(out.failure ? { failure: out.failure } : {}) }),
    );
  }
  if (out.failure) {
    throw new RunFailure(`run failed: ${out.failure}`, benchmark, "lower the learning rates");
  }
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
