/**
 * The lockstep learner: run r of a batch ends with the same result as the same run alone (R = 1),
 * byte for byte, for each density shape, on wasm and (where an adapter exists) on webgpu; its runs
 * start from the single-run learner's networks; its gradients match finite differences; and its
 * critic converges to the exact soft Q^π of a chain with the actor frozen.
 */

import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../../backend/mod.ts";
import type { Variant } from "../../results/schema.ts";
import { Rng } from "../../rng/mod.ts";
import { minigridOutput, type MinigridParams, minigridRunSetup } from "../../tasks/minigrid.ts";
import { learnerConfig, type OffPolicyAcConfig, OffPolicyActorCritic } from "../off_policy_ac.ts";
import { ChainEnv } from "../toy_envs.ts";
import { LockstepActorCritic, lockstepKey, type LockstepRun, trainLockstep } from "./mod.ts";
import { stackedMatMul, StackedMlp } from "./stacked_mlp.ts";

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

async function hasAdapter(): Promise<boolean> {
  return !!(await navigator.gpu?.requestAdapter());
}

for (const backend of ["wasm", "webgpu"] as const) {
  for (const [shape, specs] of Object.entries(SHAPES)) {
    Deno.test(`lockstep ${backend}, ${shape}: run r of a batch ends as the run alone`, async () => {
      if (backend === "webgpu" && !(await hasAdapter())) return;
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
    if (backend === "webgpu" && !(await hasAdapter())) continue;
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

/** The outputs of run `r`'s network in float64 with exact tanh, from its layer weights. */
function forward64(sizes: readonly number[], layers: Float64Array[], x: number[][]): number[][] {
  let h = x;
  const L = sizes.length - 1;
  for (let l = 0; l < L; l++) {
    const hidden = l < L - 1, fanIn = sizes[l] + 1, cols = sizes[l + 1] + (hidden ? 1 : 0);
    h = h.map((row) =>
      Array.from({ length: cols }, (_, o) => {
        let z = 0;
        for (let i = 0; i < fanIn; i++) z += row[i] * layers[l][i * cols + o];
        return hidden ? Math.tanh(z) : z;
      })
    );
  }
  return h;
}

Deno.test("lockstep wasm: the stacked networks' gradients match finite differences per run", async () => {
  await initBackend("wasm");
  const R = 3, rows = 4, sizes = [5, 6, 6, 1];
  const net = StackedMlp.create({
    sizes,
    gain: 1.414,
    rngs: Array.from({ length: R }, (_, r) => Rng.fromSeed(20 + r)),
  });
  const xRng = Rng.fromSeed(30), y = [0.3, -0.2, 1.1, 0.5];
  const x = Array.from(
    { length: R * rows },
    () => [...Array.from({ length: 5 }, () => xRng.normal()), 1],
  );
  const grads = await net.gradients(Float32Array.from(x.flat()), rows, (q, g) => {
    for (let i = 0; i < q.length; i++) g[i] = (2 * (q[i] - y[i % rows])) / rows;
  });
  const dW = await Promise.all(grads.map((g) => g.data()));
  for (let r = 0; r < R; r++) {
    const theta = (await net.runParameters(r)).map((p) => Float64Array.from(p));
    const xs = x.slice(r * rows, (r + 1) * rows);
    const loss = (th: Float64Array[]): number =>
      forward64(sizes, th, xs).reduce((s, [q], b) => s + (q - y[b]) ** 2 / rows, 0);
    let worst = 0;
    theta.forEach((layer, l) => {
      for (let i = 0; i < layer.length; i += 5) {
        const plus = theta.map((t) => t.slice()), minus = theta.map((t) => t.slice());
        plus[l][i] += 1e-5;
        minus[l][i] -= 1e-5;
        const fd = (loss(plus) - loss(minus)) / 2e-5;
        worst = Math.max(worst, Math.abs(dW[l][r * layer.length + i] - fd));
      }
    });
    assert.ok(worst < 1e-4, `run ${r}: max |∇L − FD| = ${worst}`);
  }
  tf.dispose(grads);
  net.dispose();
});

/** Solves A X = b for square A by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = a.length, m = a.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((r, i) => r[n] / r[i]);
}

/** With the actor frozen, each run's critic converges to the exact soft Q^π of its chain. */
export async function lockstepSoftQError(
  backend: BackendName,
  iterations: number,
): Promise<number> {
  await initBackend(backend);
  const n = 4, gamma = 0.9, alpha = 0.05;
  const runs: LockstepRun[] = [1, 2].map((seed) => {
    const config = learnerConfig({
      variant: "action",
      mode: "control",
      lambda: alpha,
      overrides: {
        gamma,
        lrActor: 0,
        lrCritic: 2e-4,
        actorHidden: [8],
        criticHidden: [32, 32],
        batchSize: 128,
        replaySize: 5000,
        prefill: 5000,
        timeLimit: 15,
      },
    });
    const env = new ChainEnv({
      states: n,
      moveProbability: 0.8,
      terminalEnd: true,
      numEnvs: 1,
      rng: Rng.fromSeed(seed).child("env"),
    });
    return { config, env, rng: Rng.fromSeed(seed + 2) };
  });
  const learner = new LockstepActorCritic({ runs });
  await learner.prefill();
  for (let it = 0; it < iterations; it++) await learner.iterate();
  const P = runs[0].env instanceof ChainEnv ? runs[0].env.transitionLaw() : [];
  const states = Int32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 2 : 0));
  const pairs = Array.from({ length: 2 * (n - 1) }, (_, r) => [r >> 1, r & 1]);
  let worst = 0;
  for (let r = 0; r < runs.length; r++) {
    const pi = await learner.actionProbabilities(r, states, n);
    const q = await learner.qValues(
      r,
      Int32Array.from(pairs.flatMap(([x]) => [x, 0])),
      Int32Array.from(pairs.map(([, a]) => a)),
    );
    const m = pairs.length, lhs = pairs.map(() => new Array<number>(m).fill(0));
    const rhs = new Array<number>(m).fill(0);
    pairs.forEach(([x, a], row) => {
      lhs[row][row] += 1;
      P[x][a].forEach((p, next) => {
        if (next === n - 1) {
          rhs[row] += p;
          return;
        }
        for (let b = 0; b < 2; b++) {
          lhs[row][2 * next + b] -= gamma * p * pi[next][b];
          rhs[row] -= gamma * p * pi[next][b] * alpha * Math.log(pi[next][b]);
        }
      });
    });
    const exact = solve(lhs, rhs);
    worst = Math.max(worst, ...exact.map((v, i) => Math.abs(v - q[i])));
  }
  learner.dispose();
  return worst;
}

Deno.test("lockstep wasm: with the actor frozen, each run's Q converges to the exact soft Q^π", async () => {
  const worst = await lockstepSoftQError("wasm", 1500);
  console.log(`  lockstep critic: max |Q − Q^π| = ${worst.toFixed(4)}`);
  assert.ok(worst < 0.05, `${worst}`);
});
