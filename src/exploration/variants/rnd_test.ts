import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { type ExplorationSettings, SequenceBatch } from "../exploration.ts";
import { SymbolicLayout } from "../../nn/symbolic.ts";
import { RandomNetworkDistillation, RND } from "./rnd.ts";

const SETTINGS: ExplorationSettings = {
  alphaSac: 0,
  alphaInf: 1,
  horizon: 1,
  gammaVisitation: 0.98,
  lrDensity: 3e-3,
  densityHidden: [32],
  initGain: 1.414,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEps: 1e-8,
  rewardClip: 1000,
  fidelity: "corrected",
};

Deno.test("RND: the error shrinks on states seen often and stays high on unseen ones", async () => {
  await initBackend("cpu");
  // (direction, x, y), x and y ∈ 0..4; the agent only ever reaches x ≤ 1.
  const layout = new SymbolicLayout([4, 5, 5], [1, 2]);
  const B = 16;
  const model = (await RND.minigrid.model())({
    layout,
    numActions: 3,
    batchSize: B,
    settings: SETTINGS,
    rng: Rng.fromSeed(7),
  }) as RandomNetworkDistillation;
  const states = (xs: readonly number[]): Int32Array =>
    Int32Array.from(xs.flatMap((x, i) => [i % 4, x, i % 5]));
  const seen = states(Array.from({ length: B }, (_, i) => i % 2));
  const unseen = states(Array.from({ length: B }, (_, i) => 3 + (i % 2)));
  const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
  const seenBefore = mean(await model.predictionErrors(seen, B));
  const unseenBefore = mean(await model.predictionErrors(unseen, B));
  const batch = new SequenceBatch(B, 1, 3);
  batch.nextObs.set(seen);
  for (let i = 0; i < 150; i++) await model.update(batch);
  const seenAfter = mean(await model.predictionErrors(seen, B));
  const unseenAfter = mean(await model.predictionErrors(unseen, B));
  assert.ok(seenAfter < 0.1 * seenBefore, `seen: ${seenBefore} -> ${seenAfter}`);
  assert.ok(unseenAfter > 0.3 * unseenBefore, `unseen: ${unseenBefore} -> ${unseenAfter}`);
  assert.ok(unseenAfter > 5 * seenAfter, `unseen ${unseenAfter} vs seen ${seenAfter}`);
  // The bonus is the error over its running std: unseen states earn the larger one.
  const mixed = new SequenceBatch(2, 1, 3);
  mixed.nextObs.set([...seen.subarray(0, 3), ...unseen.subarray(0, 3)]);
  const out = new Float32Array(2);
  await model.reward(mixed, null, out);
  assert.ok(out[1] > out[0] && out[0] >= 0, `${out}`);
  model.dispose();
});
