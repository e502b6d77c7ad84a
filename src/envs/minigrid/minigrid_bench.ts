/**
 * Speed of the batched Minigrid step, observations included, with uniform random actions and a
 * layout reload whenever an episode ends (as Python Minigrid's anchor resets on episode end).
 * Every case runs {@link STEPS_PER_ITER} env-steps per iteration, so env-steps/s = 16384 × iter/s.
 * Python Minigrid 3.1.0, one core: Empty-16x16 ≈ 11,960 steps/s, DoorKey-8x8 ≈ 10,600 steps/s.
 *
 * Run: `deno bench -A src/envs/minigrid/minigrid_bench.ts`
 *
 * @module
 */

import { MinigridBatch, type MinigridLayout, parseResetRecord, restoreLayout } from "./mod.ts";

/** Env-steps per bench iteration, whatever the batch size. */
const STEPS_PER_ITER = 16384;
const TRACES = new URL("../../../fixtures/minigrid/traces/", import.meta.url);

/** The layout of a fixture trace's reset record. */
function fixtureLayout(file: string): MinigridLayout {
  const first = Deno.readTextFileSync(new URL(file, TRACES)).split("\n")[0];
  return restoreLayout(parseResetRecord(JSON.parse(first))).layout;
}

/** A stepping loop over B copies of `layout` with precomputed random actions (a fixed LCG). */
function randomWalk(layout: MinigridLayout, numEnvs: number): () => void {
  const batch = new MinigridBatch({ numEnvs, maxWidth: layout.width, maxHeight: layout.height });
  for (let e = 0; e < numEnvs; e++) batch.loadLayout(e, layout);
  const rounds = STEPS_PER_ITER / numEnvs;
  const actions = new Int32Array(STEPS_PER_ITER);
  let x = 12345;
  for (let i = 0; i < actions.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    actions[i] = (x >>> 16) % 7;
  }
  const perRound = Array.from(
    { length: rounds },
    (_, r) => actions.subarray(r * numEnvs, (r + 1) * numEnvs),
  );
  const { terminated, truncated } = batch;
  return () => {
    for (let r = 0; r < rounds; r++) {
      batch.step(perRound[r]);
      for (let e = 0; e < numEnvs; e++) {
        if (terminated[e] | truncated[e]) batch.loadLayout(e, layout);
      }
    }
  };
}

const empty = fixtureLayout("MiniGrid-Empty-16x16-v0_seed0.jsonl");
const doorKey = fixtureLayout("MiniGrid-DoorKey-8x8-v0_seed0.jsonl");

for (const numEnvs of [1, 1024]) {
  const stepEmpty = randomWalk(empty, numEnvs);
  Deno.bench(`Empty-16x16 B=${numEnvs}, 16384 env-steps/iter`, { group: "empty" }, stepEmpty);
  const stepDoorKey = randomWalk(doorKey, numEnvs);
  Deno.bench(`DoorKey-8x8 B=${numEnvs}, 16384 env-steps/iter`, { group: "doorkey" }, stepDoorKey);
}
