/**
 * `deno run -A src/cli/gpu_check.ts [--dry-run] [--out DIR]`: the device check of the lockstep
 * learner (`ci/gpu_check.sh` runs its bundle on a GPU machine). Prints the WebGPU adapter; for
 * R ∈ {1, 15, 150, 900} `future-kl` runs on Empty-16x16 with the spec's networks, the
 * milliseconds per lockstep iteration (after a warm-up; every iteration reads back what sampling
 * needs, so the time is the GPU's), run-iterations per second and WebGPU dispatches per iteration;
 * then trains a 10,000-iteration Empty-16x16 explore batch of 15 seeds × 5 variants through
 * `bench`'s lockstep path and writes its result files to OUT/results.
 *
 * `--dry-run`: the same steps at tiny sizes (R ∈ {1, 2}, 1 seed × 5 variants × 2 iterations, one
 * evaluation), for llvmpipe. `--batches 1,15` replaces the table's R values.
 *
 * A lent GPU is held for minutes, so the batch must end in time: `--budget S` (default 300) caps
 * its predicted seconds. The prediction is the three density shapes' batches one after the other at
 * the table's slowest per-iteration time for R ≤ 30 (all of them dispatch from one JS thread);
 * where 10,000 iterations would not fit, the batch trains fewer (a multiple of the evaluation
 * interval) and says so.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import type { BenchmarkDefinition } from "../../benchmarks/mod.ts";
import { switchBackend } from "../backend/manifest.ts";
import { LockstepActorCritic } from "../learners/lockstep/mod.ts";
import { Rng } from "../rng/mod.ts";
import { MinigridParamsSchema, minigridRunSetup } from "../tasks/minigrid.ts";
import { type FlagSpec, numberFlag, parseCommand } from "./args.ts";
import { runMain, UsageError } from "./errors.ts";
import { executeLockstepBatch, lockstepBatches } from "./lockstep_batches.ts";
import { planRuns, prepareOutDir } from "./runner.ts";

const USAGE = "deno run -A src/cli/gpu_check.ts [--dry-run] [--batches R,R,…] [--out DIR]";
const FLAGS: FlagSpec = {
  "dry-run": { type: "boolean", help: "tiny sizes (llvmpipe): R in {1, 2}, 1 seed, 2 iterations" },
  batches: { type: "string", help: "the speed table's R values, e.g. 1,15 (default 1,15,150,900)" },
  budget: {
    type: "string",
    help: "seconds the explore batch may take by the table's prediction (default 300)",
  },
  out: {
    type: "string",
    help: "output folder of the batch's result files (default out/gpu-check)",
  },
  help: { type: "boolean", help: "show this help" },
};

/** Sizes of the check. */
interface CheckSizes {
  batches: number[];
  warmup: number;
  timed: number;
  prefill: number;
  seeds: number;
  iterations: number;
  evalEvery: number;
  evalRollouts: number;
}

const FULL: CheckSizes = {
  batches: [1, 15, 150, 900],
  warmup: 5,
  timed: 20,
  prefill: 1000,
  seeds: 15,
  iterations: 10_000,
  evalEvery: 200,
  evalRollouts: 64,
};

const DRY: CheckSizes = {
  batches: [1, 2],
  warmup: 1,
  timed: 2,
  prefill: 40,
  seeds: 1,
  iterations: 2,
  evalEvery: 2,
  evalRollouts: 4,
};

/**
 * Counts the programs tfjs-webgpu dispatches while `work` runs (its `runWebGPUProgram`, the one
 * path every compute kernel takes), by program class.
 */
async function countDispatches(work: () => Promise<void>): Promise<Map<string, number>> {
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...a: unknown[]) => unknown };
  const run = backend.runWebGPUProgram;
  const counts = new Map<string, number>();
  backend.runWebGPUProgram = (...a: unknown[]) => {
    const name = (a[0] as object).constructor.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return run.apply(backend, a);
  };
  try {
    await work();
  } finally {
    backend.runWebGPUProgram = run;
  }
  return counts;
}

/** One row of the speed table: R `future-kl` runs stepped `timed` times after a warm-up. */
async function timeBatch(R: number, sizes: CheckSizes): Promise<{ row: string; ms: number }> {
  const params = MinigridParamsSchema.parse({ env: "MiniGrid-Empty-16x16-v0" });
  const runs = Array.from({ length: R }, (_, r) =>
    minigridRunSetup({
      params,
      mode: "explore",
      variant: "future-kl",
      rng: Rng.fromSeed(r).child("gpu-check"),
      overrides: { prefill: sizes.prefill },
    }));
  const learner = new LockstepActorCritic({ runs });
  try {
    await learner.prefill();
    for (let i = 0; i < sizes.warmup; i++) await learner.iterate();
    const counts = await countDispatches(() => learner.iterate());
    const dispatches = [...counts.values()].reduce((a, b) => a + b, 0);
    if (R === sizes.batches[0]) {
      const kinds = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
      console.log(`dispatches per iteration by program: ${kinds.join(", ")}`);
    }
    const t0 = performance.now();
    for (let i = 0; i < sizes.timed; i++) await learner.iterate();
    const ms = (performance.now() - t0) / sizes.timed;
    const row = `| ${R} | ${ms.toFixed(1)} | ${(R * 1000 / ms).toPrecision(3)} | ${dispatches} |`;
    return { row, ms };
  } finally {
    learner.dispose();
  }
}

async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE });
  if (!parsed) return 0;
  const sizes = { ...(parsed.values["dry-run"] ? DRY : FULL) };
  if (parsed.values.batches !== undefined) {
    const list = String(parsed.values.batches).split(",").map(Number);
    if (!list.every((r) => Number.isInteger(r) && r >= 1)) {
      throw new UsageError(
        `bad value '${parsed.values.batches}'`,
        "--batches",
        "give positive integers separated by commas, e.g. 1,15",
      );
    }
    sizes.batches = list;
  }
  const budget = numberFlag(parsed.values, "budget", { default: 300, min: 0, minExclusive: true });
  const environment = await switchBackend("webgpu");
  console.log(`adapter: ${environment.adapter ?? "none"} (tfjs ${tf.version.tfjs})`);
  console.log("future-kl on Empty-16x16, spec networks (actor/critic [256, 256], density 4 × 256)");
  console.log("| R | ms / iteration | run-iterations / s | dispatches / iteration |");
  console.log("|---|---|---|---|");
  let slowest = 0;
  for (const R of sizes.batches) {
    const { row, ms } = await timeBatch(R, sizes);
    console.log(row);
    if (R <= 30) slowest = Math.max(slowest, ms);
  }
  const fits = Math.max(
    sizes.evalEvery,
    Math.floor(budget * 1000 / (3 * slowest) / sizes.evalEvery) * sizes.evalEvery,
  );
  if (slowest > 0 && fits < sizes.iterations) {
    console.log(
      `explore batch: ${sizes.iterations} iterations would take ≈ ` +
        `${(3 * slowest * sizes.iterations / 1000).toFixed(0)} s by the table; ` +
        `training ${fits} to fit --budget ${budget}`,
    );
    sizes.iterations = fits;
  }

  const { resultsDir } = await prepareOutDir(
    (parsed.values.out as string | undefined) ?? "out/gpu-check",
    { flag: "--out", writer: "gpu-check" },
  );
  const def: BenchmarkDefinition = {
    id: "minigrid/explore/MiniGrid-Empty-16x16-v0",
    task: "minigrid/explore",
    title: "gpu check: Minigrid explore, Empty-16x16",
    variants: [
      { variant: "future-kl", lambdas: [0.01] },
      { variant: "joint", lambdas: [0.01] },
      { variant: "action", lambdas: [0.002] },
      { variant: "state", lambdas: [0.01] },
      { variant: "none", lambdas: [0] },
    ],
    profiles: {
      full: {
        seeds: Array.from({ length: sizes.seeds }, (_, i) => 12345 + i),
        params: {
          env: "MiniGrid-Empty-16x16-v0",
          iterations: sizes.iterations,
          evalEvery: sizes.evalEvery,
          evalRollouts: sizes.evalRollouts,
        },
        budgetSeconds: 480,
        note: "gpu check",
      },
    },
  };
  const runs = await planRuns([def], { profile: "full", backend: "webgpu", resultsDir });
  const t0 = performance.now();
  // The shapes' batches run at once: each waits on its read-backs, so on a GPU they overlap.
  await Promise.all(
    lockstepBatches(runs, runs.length).map(async (batch) => {
      const t = performance.now();
      const variants = [...new Set(batch.map((r) => r.variant))].join(", ");
      let shown = 0;
      const done = await executeLockstepBatch(batch, {
        environment,
        onProgress: (_run, iteration, total) => {
          // One line per tenth of the batch, so a log cut off by a time limit says how far it got.
          if (iteration * 10 >= (shown + 1) * total) {
            shown = Math.floor(iteration * 10 / total);
            console.log(
              `  ${variants}: ${iteration}/${total} after ` +
                `${((performance.now() - t) / 1000).toFixed(1)} s`,
            );
          }
        },
      });
      const s = (performance.now() - t) / 1000;
      const failed = done.filter((d) => d.result.failure).length;
      console.log(
        `batch of ${batch.length} (${variants}): ` +
          `${sizes.iterations} iterations in ${s.toFixed(1)} s, ${failed} failed`,
      );
    }),
  );
  console.log(
    `explore batch: ${runs.length} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
      `result files in ${resultsDir}`,
  );
  return 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
