import assert from "node:assert/strict";
import { binCode } from "../../envs/hill/density.ts";
import { SequenceBatch } from "../exploration.ts";
import { SymbolicLayout } from "../../nn/symbolic.ts";
import { countColumn, VisitCount } from "./count.ts";

/** A bin-code table, time-major, from positions `xs[t][i]` (t = 0..T). */
function codesOf(xs: number[][]): Uint8Array {
  return Uint8Array.from(xs.flatMap((row) => row.map(binCode)));
}

Deno.test("hill J_count: Σ γ^t/√N on a chain with known visits, counted per group", () => {
  // Bins have width 0.45 from −4: x = −3.8 is bin 0, −3.3 bin 1, −2.8 bin 2.
  // Group 0 (2 rollouts, T = 3): rollout a visits bins 0, 0, 1; rollout b visits 0, 1, 2.
  // N = (bin 0: 3, bin 1: 2, bin 2: 1); x_T is not counted.
  const gamma = 0.5;
  const xs = [[-3.8, -3.8], [-3.8, -3.3], [-3.3, -2.8], [4.9, 4.9]];
  const col = countColumn(codesOf(xs), { groups: 1, size: 2, T: 3, gamma });
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(col[0], 1 / Math.sqrt(3) + gamma / Math.sqrt(3) + gamma ** 2 / Math.sqrt(2));
  close(col[1], 1 / Math.sqrt(3) + gamma / Math.sqrt(2) + gamma ** 2 / Math.sqrt(1));
  // As two groups of one rollout each, every count is within the rollout alone.
  const apart = countColumn(codesOf(xs), { groups: 2, size: 1, T: 3, gamma });
  close(apart[0], 1 / Math.sqrt(2) + gamma / Math.sqrt(2) + gamma ** 2);
  close(apart[1], 1 + gamma + gamma ** 2);
});

Deno.test("Minigrid count: α_∞/√N(z) of the first state, N over every state observed", async () => {
  // Components (direction, x, y) with x, y ∈ 0..3: a chain walked along x at y = 0.
  const layout = new SymbolicLayout([4, 4, 4], [1, 2]);
  const alphaInf = 0.5;
  const model = new VisitCount({
    layout,
    numActions: 3,
    batchSize: 3,
    settings: { alphaInf } as never,
    rng: undefined as never,
  });
  const state = (x: number): number[] => [0, x, 0];
  // Visits: x = 0 four times, x = 1 once, x = 2 never; rows of two states per call.
  for (const pair of [[0, 0], [0, 1], [0, 3]]) {
    model.observe(Int32Array.from(pair.flatMap(state)), 2);
  }
  const batch = new SequenceBatch(3, 1, 3);
  batch.obs.set([...state(0), ...state(1), ...state(2)]);
  const out = new Float32Array(3);
  await model.reward(batch, null, out);
  assert.deepEqual([...out], [alphaInf / 2, alphaInf, alphaInf].map(Math.fround));
  // The counts are the whole state: a restored copy gives the same bonus, then counts on.
  const copy = new VisitCount({
    layout,
    numActions: 3,
    batchSize: 3,
    settings: { alphaInf } as never,
    rng: undefined as never,
  });
  copy.loadState(model.saveState());
  const again = new Float32Array(3);
  await copy.reward(batch, null, again);
  assert.deepEqual(again, out);
  copy.observe(Int32Array.from([...state(2), ...state(2), ...state(2)]), 3);
  await copy.reward(batch, null, again);
  assert.equal(again[2], Math.fround(alphaInf / Math.sqrt(3)));
  assert.equal(model.learnsDensity, false);
});
