/**
 * `deno task train --env=ID --variant=V --mode=explore|control [--seed=S] [--backend=B]
 * [--preset=P] [--<learner setting>=VALUE …] [--json]`: one Minigrid learning run, CleanRL style
 * (the run `deno task bench` makes for `minigrid/<mode>/<env>` with the same seed and λ). Every
 * learner setting is a flag (`lrActor` → `--lr-actor`), with the description and default of
 * {@link LearnerSettingsSchema} in --help; the Minigrid task's params schema checks the values.
 * Prints a progress line per evaluation; `--json` prints the final metrics as one JSON line last.
 * A run that diverges prints its reason and exits 1.
 *
 * @module
 */

import { type BackendName, initBackend, parseBackend } from "../backend/mod.ts";
import { variantRecord, variantWeights } from "../exploration/mod.ts";
import { CODE_VERSION } from "../results/mod.ts";
import { type Variant, VARIANTS } from "../results/schema.ts";
import { runStream } from "../tasks/task.ts";
import { minigridOutput, MinigridParamsSchema, runMinigrid } from "../tasks/minigrid.ts";
import {
  LEARNER_DEFAULTS,
  LEARNER_PRESETS,
  LearnerPresetSchema,
  type LearnerSettings,
  LearnerSettingsSchema,
} from "../learners/mod.ts";
import { RunFailure, UsageError } from "../errors.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";

const USAGE = "deno task train --env=ID --variant=V --mode=explore|control [--seed=S] " +
  "[--backend=B] [--preset=P] [--<learner setting>=VALUE …] [--checkpoint=PATH] " +
  "[--checkpoint-every=S] [--fresh] [--json]";

/** A learner setting's flag: `lrActor` → `lr-actor`. */
function flagName(setting: string): string {
  return setting.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A value as a flag takes it: widths comma-separated. */
function flagText(value: unknown): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** Each learner setting's flag, the setting it sets, and its help: description and defaults. */
const SETTING_FLAGS = Object.entries(LearnerSettingsSchema.shape).map(([setting, schema]) => {
  const key = setting as keyof LearnerSettings;
  const presets = Object.entries(LEARNER_PRESETS).flatMap(([name, preset]) =>
    key in preset ? [`; ${name}: ${flagText(preset[key])}`] : []
  );
  const help = `${schema.description} (default ${flagText(LEARNER_DEFAULTS[key])}${
    presets.join("")
  })`;
  return { flag: flagName(setting), setting: key, help };
});

const FLAGS: FlagSpec = {
  env: { type: "string", help: "Minigrid env id with a symbolic observation (required)" },
  variant: { type: "string", help: `exploration variant: ${VARIANTS.join(", ")} (required)` },
  mode: { type: "string", help: "explore (reward not learned) or control (required)" },
  seed: { type: "string", help: "seed, a non-negative integer (default 0)" },
  backend: { type: "string", help: "wasm (default), cpu, webgpu or tensorflow" },
  preset: {
    type: "string",
    help: `${LearnerPresetSchema.description} (default ${LearnerPresetSchema.parse(undefined)})`,
  },
  ...Object.fromEntries(
    SETTING_FLAGS.map(({ flag, help }) => [flag, { type: "string" as const, help }]),
  ),
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

const HELP_FOOTER = "A learner setting given as a flag replaces the preset's; widths are " +
  "comma-separated (--actor-hidden=64,64; empty for none), switches true or false.";

/**
 * A learner setting's flag text as its default's type (numbers, true/false, comma-separated
 * widths), for the schema to check; what does not convert stays as it is and fails the check.
 */
function settingValue(text: string, like: unknown): unknown {
  const number = (t: string): number => t.trim() === "" ? NaN : Number(t);
  if (typeof like === "number") return number(text);
  if (typeof like === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (Array.isArray(like)) return text.trim() === "" ? [] : text.split(",").map(number);
  return text;
}

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
  const flags = parseCommand(args, FLAGS, { usage: USAGE, helpFooter: HELP_FOOTER });
  if (!flags) return 0;
  const { values } = flags;
  const env = required(values, "env");
  const variant: Variant = oneOf(required(values, "variant"), VARIANTS, "--variant");
  const mode = oneOf(required(values, "mode"), ["explore", "control"] as const, "--mode");
  const seed = numberFlag(values, "seed", { default: 0, min: 0, integer: true });
  const backend: BackendName = parseBackend((values.backend as string | undefined) ?? "wasm");
  if (backend === "js") {
    throw new UsageError("backend js has no neural nets", "--backend", "use wasm, cpu or webgpu");
  }
  const checkpointEvery = numberFlag(values, "checkpoint-every", { default: 300, min: 0 });
  const settings = SETTING_FLAGS.flatMap(({ flag, setting }) => {
    const text = values[flag];
    return typeof text === "string"
      ? [[setting, settingValue(text, LEARNER_DEFAULTS[setting])] as const]
      : [];
  });
  const parsed = MinigridParamsSchema.safeParse({
    env,
    preset: values.preset,
    ...Object.fromEntries(settings),
  });
  if (!parsed.success) {
    // Every params key comes from the flag of the same name.
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]), flag = flagName(key);
    const fallback = Object.hasOwn(LEARNER_DEFAULTS, key)
      ? `; the default is ${flagText(LEARNER_DEFAULTS[key as keyof LearnerSettings])}`
      : "";
    throw new UsageError(`bad value '${values[flag]}'`, `--${flag}`, issue.message + fallback);
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
    `train ${benchmark} ${variant} λ=${lambda} seed ${seed}, ${params.iterations} iterations on ` +
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
