/**
 * The lockstep learner: run r of a batch ends with the same result as the same run alone (R = 1),
 * byte for byte, for each density shape, on wasm and (where an adapter exists) on webgpu; and its
 * runs start from the single-run learner's networks. Its analytic checks (gradients, fixed points,
 * soft Q^π) are in lockstep_analytic_test.ts.
 */

import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type BackendName, hasWebgpuAdapter, initBackend } from "../../backend/mod.ts";
import type { Variant } from "../../results/schema.ts";
import { Rng } from "../../rng/mod.ts";
import { minigridOutput, type MinigridParams, minigridRunSetup } from "../../tasks/minigrid.ts";
import { type OffPolicyAcConfig, OffPolicyActorCritic } from "../off_policy_ac.ts";
import { LockstepActorCritic, lockstepKey, type LockstepRun, trainLockstep } from "./mod.ts";
import { stackedMatMul } from "./stacked_mlp.ts";

const PARAMS: MinigridParams = {
  env: "MiniGrid-Empty-16x16-v0",
  iterations: 21,
  evalEvery: 10,
  evalRollouts: 4,
  fidelity: "corrected",
  preset: "fast",
};

/** Tiny networks and batches, so a test run costs little. */
const TINY: Partial<OffPolicyAcConfig> = {
  // Wider than 48, where tfjs-wasm's single-batch product would round differently (stacked_mlp.ts).
  actorHidden: [64],
  criticHidden: [64],
  densityHidden: [64, 16],
  batchSize: 8,
  replaySize: 64,
  prefill: 64,
  evalSteps: 12,
};

interface RunSpec {
  variant: Variant;
  mode: "explore" | "control";
  lambda?: number;
  seed: number;
}

/**
 * llvmpipe (Mesa's software WebGPU) is ~100× slower than wasm on these programs: there the runs
 * are shorter and the batches smaller.
 */
let short = false;

function lockstepRun(spec: RunSpec): LockstepRun {
  return minigridRunSetup({
    params: short ? { ...PARAMS, iterations: 11 } : PARAMS,
    ...spec,
    rng: Rng.fromSeed(spec.seed).child("bench", spec.variant, spec.lambda ?? 0),
    overrides: short ? { ...TINY, evalSteps: 4 } : TINY,
  });
}

/**
 * Each run's result as the task writes it (metrics, curves, artifacts) and its final networks
 * (rounding differences rarely flip a sampled action in a short run, so the weights are compared
 * too), as JSON.
 */
async function results(specs: readonly RunSpec[]): Promise<string[]> {
  const nets: string[] = [];
  const out = await trainLockstep({
    runs: specs.map(lockstepRun),
    onEnd: async (learner) => {
      for (let r = 0; r < specs.length; r++) {
        nets.push(
          JSON.stringify(
            await learner.saveRunNetworks(r),
            (_, v) => v instanceof Float32Array ? Array.from(v) : v,
          ),
        );
      }
    },
  });
  return out.map((r, i) => JSON.stringify(minigridOutput(r)) + nets[i]);
}

/** The batch of `specs` against each run alone; returns the results of the batch. */
async function assertIndependentOfR(specs: readonly RunSpec[]): Promise<string[]> {
  const batch = await results(specs);
  for (let r = 0; r < specs.length; r++) {
    const [alone] = await results([specs[r]]);
    assert.equal(batch[r], alone, `run ${r} (${JSON.stringify(specs[r])}) differs from R = 1`);
  }
  return batch;
}

const SHAPES: Record<string, RunSpec[]> = {
  "none (none, action)": [
    { variant: "action", mode: "explore", seed: 1 },
    { variant: "none", mode: "control", seed: 2 },
    { variant: "action", mode: "explore", lambda: 0.05, seed: 3 },
  ],
  "MV (state, joint)": [
    { variant: "state", mode: "explore", seed: 1 },
    { variant: "joint", mode: "control", seed: 2 },
  ],
  "CV (future-kl)": [
    { variant: "future-kl", mode: "explore", seed: 1 },
    { variant: "future-kl", mode: "control", lambda: 0.05, seed: 2 },
    { variant: "future-kl", mode: "explore", seed: 3 },
  ],
};

for (const backend of ["wasm", "webgpu"] as const) {
  for (const [shape, specs] of Object.entries(SHAPES)) {
    Deno.test(`lockstep ${backend}, ${shape}: run r of a batch ends as the run alone`, async () => {
      if (backend === "webgpu" && !(await hasWebgpuAdapter())) return;
      await initBackend(backend as BackendName);
      short = backend === "webgpu";
      const before = tf.memory().numTensors;
      const batch = await assertIndependentOfR(short ? specs.slice(0, 2) : specs);
      // The runs differ from each other (seeds and coefficients are used).
      assert.equal(new Set(batch).size, batch.length);
      assert.equal(tf.memory().numTensors, before, "tensors leaked");
    });
  }
}

Deno.test("lockstep: runs of one key batch; other settings or density shapes are refused", () => {
  const cv = lockstepRun({ variant: "future-kl", mode: "explore", seed: 1 });
  const mv = lockstepRun({ variant: "state", mode: "explore", seed: 1 });
  const none = lockstepRun({ variant: "none", mode: "control", seed: 1 });
  const action = lockstepRun({ variant: "action", mode: "explore", seed: 2 });
  assert.equal(lockstepKey(none.config), lockstepKey(action.config));
  assert.notEqual(lockstepKey(cv.config), lockstepKey(mv.config));
  assert.notEqual(lockstepKey(mv.config), lockstepKey(none.config));
  const slower = { ...none, config: { ...none.config, lrActor: 1e-6 } };
  assert.notEqual(lockstepKey(slower.config), lockstepKey(action.config));
  assert.throws(() => new LockstepActorCritic({ runs: [cv, mv] }), /differ beyond/);
  // A bonus this learner does not implement is refused, not trained as `none`.
  const count = lockstepRun({ variant: "count", mode: "explore", seed: 1 });
  assert.throws(() => lockstepKey(count.config), /does not implement the count bonus/);
});

Deno.test("lockstep wasm: a run starts from the single-run learner's networks", async () => {
  await initBackend("wasm");
  const spec: RunSpec = { variant: "future-kl", mode: "explore", seed: 4 };
  const single = new OffPolicyActorCritic(lockstepRun(spec));
  const other = lockstepRun({ variant: "future-kl", mode: "explore", seed: 5 });
  const lockstep = new LockstepActorCritic({ runs: [other, lockstepRun(spec)] });
  const obs = Int32Array.from([0, 1, 1, 0, 5, 7, 2, 3, 9]);
  const expected = await single.actionProbabilities(obs, 3);
  const got = await lockstep.actionProbabilities(1, obs, 3);
  got.flat().forEach((p, i) => assert.ok(Math.abs(p - expected.flat()[i]) < 1e-6, `${p}`));
  const q = await lockstep.qValues(1, obs, Int32Array.of(0, 3, 6));
  const q1 = await single.qValues(obs, Int32Array.of(0, 3, 6));
  q.forEach((v, i) => assert.ok(Math.abs(v - q1[i]) < 1e-5, `${v} vs ${q1[i]}`));
  single.dispose();
  lockstep.dispose();
});

Deno.test("stackedMatMul: a run's product is bit for bit the same at R = 1 and R = 5", async () => {
  for (const backend of ["wasm", "webgpu"] as const) {
    if (backend === "webgpu" && !(await hasWebgpuAdapter())) continue;
    await initBackend(backend);
    const rng = Rng.fromSeed(9), R = 5, [m, k, n] = [3, 257, 40];
    const a = new Float32Array(R * m * k), b = new Float32Array(R * k * n);
    rng.fillNormal(a);
    rng.fillNormal(b);
    for (const t of [{}, { transposeA: true }, { transposeB: true }]) {
      const run = (x: Float32Array, y: Float32Array, r: number): Promise<Float32Array> =>
        tf.tidy(() => {
          const ta = tf.tensor3d(x, [r, ...(t.transposeA ? [k, m] : [m, k])] as never);
          const tb = tf.tensor3d(y, [r, ...(t.transposeB ? [n, k] : [k, n])] as never);
          return stackedMatMul(ta, tb, t);
        }).data() as Promise<Float32Array>;
      const all = await run(a, b, R);
      for (let r = 0; r < R; r++) {
        const one = await run(
          a.subarray(r * m * k, (r + 1) * m * k),
          b.subarray(r * k * n, (r + 1) * k * n),
          1,
        );
        assert.deepEqual(
          one,
          all.slice(r * m * n, (r + 1) * m * n),
          `${backend} ${JSON.stringify(t)} run ${r}`,
        );
      }
    }
  }
});
