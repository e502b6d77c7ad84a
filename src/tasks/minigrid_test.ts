import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { LEARNER_DEFAULTS, LEARNER_PRESETS } from "../learners/mod.ts";
import { Rng } from "../rng/mod.ts";
import {
  MINIGRID_CONTROL_TASK,
  MINIGRID_EXPLORE_TASK,
  minigridOutput,
  MinigridParamsSchema,
  minigridRunSetup,
  secondHalfMean,
  smoothedLast,
} from "./minigrid.ts";
import type { TrainResult } from "../learners/mod.ts";
import { MINIGRID_BENCHMARKS } from "../../benchmarks/minigrid.ts";

Deno.test("minigrid params: symbolic env ids only, reference defaults", () => {
  const p = MinigridParamsSchema.parse({ env: "MiniGrid-FourRooms-v0" });
  assert.deepEqual(p, {
    env: "MiniGrid-FourRooms-v0",
    iterations: 500_000,
    evalEvery: 200,
    evalRollouts: 64,
    fidelity: "corrected",
    preset: "reference",
  });
  assert.equal(MinigridParamsSchema.safeParse({ env: "MiniGrid-DoorKey-8x8-v0" }).success, false);
  assert.equal(MinigridParamsSchema.safeParse({ env: "MiniGrid-Nope-v0" }).success, false);
  assert.equal(
    MinigridParamsSchema.safeParse({ env: "MiniGrid-Empty-16x16-v0", lr: 1 }).success,
    false,
  );
});

Deno.test("minigrid params: a learner setting replaces the preset's, bounds and keys checked", () => {
  const params = MinigridParamsSchema.parse({
    env: "MiniGrid-Empty-8x8-v0",
    preset: "fast",
    lrActor: 3e-4,
    actorHidden: [8],
    centreAdvantages: false,
  });
  // The four every record names have their defaults; the other settings appear only when given.
  assert.deepEqual(Object.keys(params), [
    "env",
    "iterations",
    "evalEvery",
    "evalRollouts",
    "fidelity",
    "preset",
    "lrActor",
    "actorHidden",
    "centreAdvantages",
  ]);
  const { config } = minigridRunSetup({
    params,
    mode: "explore",
    variant: "none",
    rng: Rng.fromSeed(1),
    overrides: { evalSteps: 5 },
  });
  assert.deepEqual(
    [
      config.lrActor,
      config.lrCritic,
      config.actorHidden,
      config.centreAdvantages,
      config.evalSteps,
    ],
    [3e-4, LEARNER_PRESETS.fast.lrCritic, [8], false, 5],
  );
  for (
    const bad of [
      { lrActor: -1 },
      { gamma: 1 },
      { actorHidden: [0] },
      { batchSize: 2.5 },
      { fidelity: "exact" },
      { lr: 1e-3 },
      { alphaSac: 0.1 },
    ]
  ) {
    const r = MinigridParamsSchema.safeParse({ env: "MiniGrid-Empty-8x8-v0", ...bad });
    assert.equal(r.success, false, JSON.stringify(bad));
  }
});

Deno.test("the fast preset multiplies exactly the three learning rates by 10", () => {
  const fast = LEARNER_PRESETS.fast as Record<string, number>;
  assert.deepEqual(Object.keys(fast).sort(), ["lrActor", "lrCritic", "lrDensity"]);
  for (const [k, v] of Object.entries(fast)) {
    const reference = LEARNER_DEFAULTS[k as keyof typeof LEARNER_DEFAULTS] as number;
    assert.ok(Math.abs(v / reference - 10) < 1e-9, k);
  }
  assert.deepEqual(LEARNER_PRESETS.reference, {});
});

Deno.test("final values: width-5 moving average reflected at the end (scipy's default)", () => {
  assert.equal(smoothedLast([1, 2, 3, 4, 5]), (3 + 4 + 5 + 5 + 4) / 5);
  assert.equal(smoothedLast([2, 4]), (2 + 2 + 4 + 4 + 2) / 5);
  assert.equal(smoothedLast([7]), 7);
});

Deno.test("finalAtEval: the series is cut at that evaluation, then smoothed (§5's 2000th of 500k)", () => {
  const evals = [0, 1, 2, 3, 4, 5, 6].map((k) => ({
    iteration: 200 * k,
    return: k,
    entropy: 10 * k,
    visitation: [[1]],
  }));
  const result = { config: {}, iterations: 1400, evals } as unknown as TrainResult;
  const cut = minigridOutput(result, 5).metrics;
  assert.equal(cut.final_return, (2 + 3 + 4 + 4 + 3) / 5);
  assert.equal(cut.final_entropy, 10 * (2 + 3 + 4 + 4 + 3) / 5);
  assert.equal(cut.iterations, 1400);
  assert.equal(minigridOutput(result).metrics.final_return, (4 + 5 + 6 + 6 + 5) / 5);
  // A run that stopped before the kept point (a failure) reads its last evaluation.
  assert.equal(minigridOutput(result, 2000).metrics.final_return, (4 + 5 + 6 + 6 + 5) / 5);
  // The curves keep every evaluation.
  assert.equal(minigridOutput(result, 5).curves?.return.x.length, 7);
  // full reads every run at iteration 399,800: evaluation k (from 1) follows iteration 200·(k − 1).
  for (const def of MINIGRID_BENCHMARKS) {
    const p = MinigridParamsSchema.parse(def.profiles.full!.params);
    assert.equal((p.finalAtEval! - 1) * p.evalEvery, 399_800, def.id);
  }
});

Deno.test("second-half mean: the evaluations at or after half the last iteration", () => {
  assert.equal(secondHalfMean([0, 200, 400, 600, 800], [9, 9, 1, 2, 3]), 2);
  assert.equal(secondHalfMean([0], [5]), 5);
});

Deno.test("a short run on Empty-8x8: metrics, curves, visitation; same seed, same output", async () => {
  await initBackend("wasm");
  const ctx = {
    params: MinigridParamsSchema.parse({
      env: "MiniGrid-Empty-8x8-v0",
      iterations: 25,
      evalEvery: 10,
      evalRollouts: 4,
    }),
    variant: "future-kl" as const,
    lambda: 0.01,
    seed: 3,
    workers: 1,
  };
  const run = () =>
    MINIGRID_EXPLORE_TASK.run({ ...ctx, rng: Rng.fromSeed(3).child("minigrid/explore") });
  const out = await run();
  assert.deepEqual(Object.keys(out.metrics), [
    "final_return",
    "final_entropy",
    "second_half_return",
    "second_half_entropy",
    "iterations",
  ]);
  const entropies = out.curves!.entropy.y;
  assert.equal(out.metrics.second_half_entropy, (entropies[1] + entropies[2]) / 2);
  assert.equal(out.metrics.iterations, 25);
  assert.deepEqual(out.curves?.return.x, [0, 10, 20]);
  const h = out.metrics.final_entropy;
  assert.ok(h > 0 && h <= Math.log(36), `${h}`);
  const visitation = out.artifacts?.visitation as number[][];
  assert.equal(visitation.length, 6);
  assert.equal(visitation[0].length, 6);
  assert.ok(Math.abs(visitation.flat().reduce((a, b) => a + b, 0) - 1) < 1e-9);
  const config = out.artifacts?.learnerConfig as Record<string, unknown>;
  assert.deepEqual([config.variant, config.alphaR, config.alphaInf, config.horizon], [
    "future-kl",
    0,
    0.01,
    10,
  ]);
  assert.deepEqual(await run(), out);
  assert.equal(MINIGRID_CONTROL_TASK.kind, "minigrid/control");
  assert.deepEqual(MINIGRID_EXPLORE_TASK.backends[0], "wasm");
});
