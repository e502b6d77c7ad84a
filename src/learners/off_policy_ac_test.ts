import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { UsageError } from "../errors.ts";
import { SequenceBatch } from "../exploration/mod.ts";
import { Mlp, OneHotRows, SymbolicLayout } from "../nn/mod.ts";
import { VARIANTS } from "../results/schema.ts";
import type { StateTree } from "../checkpoint/mod.ts";
import { Rng } from "../rng/mod.ts";
import type { LearnerEnv } from "./env.ts";
import {
  actorCoefficients,
  LEARNER_DEFAULTS,
  LEARNER_PRESETS,
  learnerConfig,
  LearnerSettingsSchema,
  type OffPolicyAcConfig,
  OffPolicyActorCritic,
  ReplayBuffer,
  trainOffPolicyAc,
} from "./off_policy_ac.ts";
import { OpenRoomEnv } from "./toy_envs.ts";

Deno.test("config: the spec's defaults (future-kl.md §3) and the variant and mode settings", () => {
  const c = learnerConfig({ variant: "future-kl", mode: "control" });
  assert.deepEqual(
    [c.gamma, c.gammaVisitation, c.lrActor, c.lrCritic, c.lrDensity, c.batchSize],
    [0.98, 0.98, 1e-5, 1e-4, 1e-5, 32],
  );
  assert.deepEqual([c.replaySize, c.prefill, c.iterations, c.tau, c.timeLimit], [
    1000,
    1000,
    500_000,
    0.1,
    200,
  ]);
  assert.deepEqual([c.actorHidden, c.criticHidden, c.densityHidden], [
    [256, 256],
    [256, 256],
    [256, 256, 256, 256],
  ]);
  assert.deepEqual([c.initGain, c.adamBeta1, c.adamBeta2, c.adamEps], [1.414, 0.9, 0.999, 1e-8]);
  assert.deepEqual([c.alphaR, c.alphaSac, c.alphaInf, c.horizon], [1, 0.002, 0.01, 10]);
  assert.deepEqual([c.evalEvery, c.evalRollouts, c.evalSteps, c.rewardClip], [200, 64, 200, 1000]);
  assert.equal(c.fidelity, "corrected");
  assert.equal(c.centreAdvantages, true);
  const explore = learnerConfig({ variant: "action", mode: "explore", lambda: 0.01 });
  assert.deepEqual([explore.alphaR, explore.alphaSac, explore.alphaInf], [0, 0.01, 0]);
  assert.equal(
    learnerConfig({ variant: "none", mode: "explore", overrides: { iterations: 5 } }).iterations,
    5,
  );
  assert.equal(Object.keys(LEARNER_DEFAULTS).length + 5, Object.keys(c).length);
});

Deno.test("config: every learner setting has its default and a one-line description in the schema", () => {
  assert.deepEqual(LearnerSettingsSchema.parse({}), LEARNER_DEFAULTS);
  for (const [key, schema] of Object.entries(LearnerSettingsSchema.shape)) {
    assert.match(schema.description ?? "", /^[^\n]{10,100}$/, key);
  }
  for (const [name, preset] of Object.entries(LEARNER_PRESETS)) {
    assert.ok(LearnerSettingsSchema.partial().safeParse(preset).success, name);
  }
  assert.equal(LearnerSettingsSchema.safeParse({ lrActor: 0 }).success, false);
  assert.equal(LearnerSettingsSchema.safeParse({ learningRate: 1e-3 }).success, false);
});

Deno.test("replay: FIFO, sequences wrap in storage order, the newest entry is flagged", () => {
  const replay = new ReplayBuffer(4, 2);
  const add = (i: number) =>
    replay.add({
      obs: Int32Array.of(i, 0),
      row: 0,
      nextObs: Int32Array.of(i + 1, 0),
      action: i % 3,
      reward: i,
      terminated: i === 3 ? 1 : 0,
      truncated: i === 4 ? 1 : 0,
      step: i,
    });
  for (let i = 0; i < 6; i++) add(i);
  assert.equal(replay.size, 4);
  assert.equal(replay.head, 2);
  // Storage now holds 4, 5, 2, 3 (slots 0..3); the newest is 5 at slot 1.
  const batch = new SequenceBatch(64, 3, 2);
  replay.sample(batch, Rng.fromSeed(1));
  const seen = new Set<string>();
  for (let b = 0; b < 64; b++) {
    const firsts = [0, 1, 2].map((j) => batch.obs[(b * 3 + j) * 2]);
    seen.add(firsts.join(","));
    for (let j = 0; j < 3; j++) {
      const e = b * 3 + j, i = batch.obs[e * 2];
      assert.equal(batch.nextObs[e * 2], i + 1);
      assert.deepEqual(
        [batch.actions[e], batch.rewards[e], batch.steps[e]],
        [i % 3, i, i],
      );
      assert.equal(batch.terminated[e], i === 3 ? 1 : 0);
      assert.equal(batch.truncated[e], i === 4 ? 1 : 0);
      assert.equal(batch.newest[e], i === 5 ? 1 : 0);
    }
  }
  assert.deepEqual([...seen].sort(), ["2,3,4", "3,4,5", "4,5,2", "5,2,3"]);
});

Deno.test("actor coefficients: centred advantages and γ^(t − min t) weights of mean 1", () => {
  const out = new Float32Array(3);
  const config = { gamma: 0.5, alphaSac: 0.1, centreAdvantages: true };
  actorCoefficients({
    q: [1, 2, 3],
    logP: [-1, -2, -3],
    steps: Int32Array.of(2, 3, 4),
    config,
    out,
  });
  // A = Q − 0.1 log π = 1.1, 2.2, 3.3, centred: −1.1, 0, 1.1; w ∝ 1, 0.5, 0.25, mean 1.
  const w = [1, 0.5, 0.25].map((v) => v / (1.75 / 3));
  const expected = [-1.1 * w[0], 0, 1.1 * w[2]].map((v) => v / 3);
  out.forEach((v, b) => assert.ok(Math.abs(v - expected[b]) < 1e-6, `${v} vs ${expected[b]}`));
  actorCoefficients({
    q: [1, 2, 3],
    logP: [0, 0, 0],
    steps: Int32Array.of(0, 0, 0),
    config: { ...config, centreAdvantages: false },
    out,
  });
  assert.deepEqual([...out].map((v) => Math.round(v * 3e6) / 1e6), [1, 2, 3]);
});

/** A small config for fast runs on the open room. */
function smallConfig(variant: (typeof VARIANTS)[number], over: Partial<OffPolicyAcConfig> = {}) {
  return learnerConfig({
    variant,
    mode: "control",
    overrides: {
      iterations: 12,
      actorHidden: [16, 16],
      criticHidden: [16, 16],
      densityHidden: [16, 16],
      batchSize: 8,
      replaySize: 64,
      prefill: 64,
      timeLimit: 20,
      evalEvery: 5,
      evalRollouts: 4,
      evalSteps: 20,
      ...over,
    },
  });
}

/** A run on an open room (4×4 unless told) with its own evaluation rooms. */
function roomRun(
  config: OffPolicyAcConfig,
  seed: number,
  extra: Pick<Parameters<typeof trainOffPolicyAc>[0], "checkpoint" | "onEval"> = {},
) {
  return trainOffPolicyAc({
    env: new OpenRoomEnv({ size: 4, numEnvs: 1 }),
    evalEnv: new OpenRoomEnv({ size: 4, numEnvs: config.evalRollouts }),
    config,
    rng: Rng.fromSeed(seed),
    ...extra,
  });
}

Deno.test("every variant runs, frees its tensors and is identical for the same seed and backend", async () => {
  await initBackend("wasm");
  for (const variant of VARIANTS) {
    const before = tf.memory().numTensors;
    const a = await roomRun(smallConfig(variant), 3), b = await roomRun(smallConfig(variant), 3);
    assert.equal(a.failure, undefined, `${variant}: ${a.failure}`);
    assert.equal(a.iterations, 12);
    assert.deepEqual(a.evals.map((e) => e.iteration), [0, 5, 10]);
    assert.deepEqual(a, b, `${variant} is deterministic`);
    const other = await roomRun(smallConfig(variant), 4);
    assert.notDeepEqual(other.evals, a.evals, `${variant} seed matters`);
    assert.equal(tf.memory().numTensors, before, `${variant} leaves no tensor behind`);
  }
});

Deno.test("a run stopped after a checkpoint resumes to exactly the uninterrupted result", async () => {
  await initBackend("wasm");
  const dir = await Deno.makeTempDir();
  try {
    for (const variant of VARIANTS) {
      const config = smallConfig(variant, { iterations: 31 });
      const path = `${dir}/${variant}.ckpt.json`;
      // Runs that save after every evaluation end with a checkpoint of their final state.
      const wholePath = `${dir}/${variant}.whole.json`;
      const whole = await roomRun(config, 5, {
        checkpoint: { path: wholePath, everySeconds: 0, runKey: variant },
      });
      const checkpoint = { path, everySeconds: 0, runKey: variant };
      // The "kill": an evaluation after the checkpoint of iteration 10 throws mid-run.
      await assert.rejects(
        () =>
          roomRun(config, 5, {
            checkpoint,
            onEval: (p) => {
              if (p.iteration === 15) throw new Error("killed");
            },
          }),
        /killed/,
      );
      let resumedAt = -1;
      const resumed = await roomRun(config, 5, {
        checkpoint: { ...checkpoint, onResume: (n) => resumedAt = n },
      });
      assert.equal(resumedAt, 11, `${variant} resumed after iteration 10`);
      assert.deepEqual(resumed, whole, `${variant} resumed run equals the uninterrupted one`);
      // Weights, optimiser moments, replay, streams and envs all end identical.
      assert.equal(await Deno.readTextFile(path), await Deno.readTextFile(wholePath));
      // A checkpoint of another run is refused, naming the file.
      await assert.rejects(
        () => roomRun(config, 5, { checkpoint: { ...checkpoint, runKey: "other" } }),
        (e: Error) => e instanceof UsageError && e.where === path,
      );
      // A checkpoint of another architecture, and a corrupt one, are refused the same way.
      const wider = smallConfig(variant, { iterations: 31, criticHidden: [16, 8] });
      await assert.rejects(
        () => roomRun(wider, 5, { checkpoint }),
        (e: Error) => e instanceof UsageError && e.where === path && /does not fit/.test(e.what),
      );
      await Deno.writeTextFile(path, "{");
      await assert.rejects(
        () => roomRun(config, 5, { checkpoint }),
        (e: Error) => e instanceof UsageError && e.where === path && /not readable/.test(e.what),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a checkpoint whose evals or iteration is out of shape is refused, naming the file", async () => {
  await initBackend("wasm");
  const dir = await Deno.makeTempDir();
  try {
    const config = smallConfig("none", { iterations: 11 });
    const path = `${dir}/run.ckpt.json`;
    const checkpoint = { path, everySeconds: 0, runKey: "k" };
    // Saving after every evaluation leaves the checkpoint of iteration 10.
    await roomRun(config, 5, { checkpoint });
    const saved = JSON.parse(await Deno.readTextFile(path));
    const edits: [string, (t: typeof saved) => void, RegExp][] = [
      ["evals a string", (t) => t.evals = "x", /evals/],
      ["evals of strings", (t) => t.evals = ["x"], /evals/],
      ["iteration -5", (t) => t.learner.iteration = -5, /learner\.iteration: -5/],
      ["iteration 1e12", (t) => t.learner.iteration = 1e12, /learner\.iteration/],
    ];
    for (const [label, edit, re] of edits) {
      const tree = structuredClone(saved);
      edit(tree);
      await Deno.writeTextFile(path, JSON.stringify(tree));
      await assert.rejects(
        () => roomRun(config, 5, { checkpoint }),
        (e: Error) => e instanceof UsageError && e.where === path && re.test(e.what),
        label,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tensor count stays flat across iterations", async () => {
  await initBackend("wasm");
  const learner = new OffPolicyActorCritic({
    env: new OpenRoomEnv({ size: 4, numEnvs: 1 }),
    evalEnv: new OpenRoomEnv({ size: 4, numEnvs: 4 }),
    config: smallConfig("future-kl"),
    rng: Rng.fromSeed(1),
  });
  await learner.prefill();
  await learner.iterate();
  await learner.evaluate();
  const count = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) await learner.iterate();
  await learner.evaluate();
  assert.equal(tf.memory().numTensors, count);
  learner.dispose();
});

Deno.test("a diverging run is recorded as failed, with its reason and the evaluations so far", async () => {
  await initBackend("wasm");
  const result = await roomRun(smallConfig("joint", { divergenceBound: 1e-12 }), 1);
  assert.match(result.failure ?? "", /^critic value .* beyond ±1e-12 \(critic, iteration 0\)$/);
  assert.equal(result.iterations, 0);
  assert.deepEqual(result.evals, []);
});

/** One env per rollout whose first step always ends in a terminal state x = 1 with reward 1. */
class OneStepEnv implements LearnerEnv {
  readonly numActions = 2;
  readonly componentSizes = [2, 1];
  readonly featureComponents = [0, 1] as const;
  readonly observations: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  constructor(readonly numEnvs: number) {
    this.observations = new Int32Array(2 * numEnvs);
    this.rewards = new Float32Array(numEnvs);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
  }
  reset(e: number): void {
    this.observations[2 * e] = 0;
  }
  saveState(): StateTree {
    return {};
  }
  loadState(): void {}
  step(): void {
    this.observations.fill(1, 0);
    for (let e = 0; e < this.numEnvs; e++) this.observations[2 * e + 1] = 0;
    this.rewards.fill(1);
    this.terminated.fill(1);
  }
}

Deno.test("evaluation: the terminal observation repeats with reward 0 until the horizon", async () => {
  await initBackend("wasm");
  const config = smallConfig("none", { evalRollouts: 3, evalSteps: 10, gamma: 0.9 });
  const learner = new OffPolicyActorCritic({
    env: new OneStepEnv(1),
    evalEnv: new OneStepEnv(3),
    config,
    rng: Rng.fromSeed(1),
  });
  const point = await learner.evaluate();
  learner.dispose();
  assert.equal(point.return, 1);
  // x = 0 at t = 0 (weight 1), x = 1 for t = 1..9 (weights 0.9 .. 0.9^9).
  const later = (0.9 - 0.9 ** 10) / 0.1, p0 = 1 / (1 + later);
  assert.ok(Math.abs(point.visitation[0][0] - p0) < 1e-12);
  const h = -(p0 * Math.log(p0) + (1 - p0) * Math.log(1 - p0));
  assert.ok(Math.abs(point.entropy - h) < 1e-12);
});

Deno.test("webgpu, where an adapter exists: networks agree with wasm and a run completes", async () => {
  if (!(await navigator.gpu?.requestAdapter())) return; // backend_test covers the no-adapter error
  const layout = new SymbolicLayout([4, 5], [0, 1]);
  const rows = new OneHotRows(layout, { numActions: 3, maxRows: 6 });
  for (let r = 0; r < 6; r++) rows.push(Int32Array.of(r % 4, r % 5), 0, r % 3);
  const outputs = async (backend: "wasm" | "webgpu"): Promise<Float32Array> => {
    await initBackend(backend);
    const net = Mlp.create({ sizes: [12, 32, 32, 2], gain: 1.414, rng: Rng.fromSeed(4) });
    const out = await net.predict(rows);
    net.dispose();
    return out;
  };
  const wasm = await outputs("wasm"), gpu = await outputs("webgpu");
  assert.ok(wasm.every((v, i) => Math.abs(v - gpu[i]) < 1e-4), `${wasm} vs ${gpu}`);
  const result = await roomRun(smallConfig("future-kl"), 3);
  assert.equal(result.failure, undefined);
  assert.deepEqual(result.evals.map((e) => e.iteration), [0, 5, 10]);
  assert.ok(result.evals.every((e) => Number.isFinite(e.return) && Number.isFinite(e.entropy)));
  await initBackend("wasm");
});
