import assert from "node:assert/strict";
import { UsageError } from "../../errors.ts";
import { Rng } from "../../rng/mod.ts";
import { GOAL, WALL } from "./generators/layout_builder.ts";
import {
  crossingGap,
  fourRoomsFeatures,
  LayoutBuilder,
  MINIGRID_ENVS,
  type MinigridLayout,
  MinigridVecEnv,
  oneHotSymbolic,
  SymbolicObservations,
  symbolicSpec,
} from "./mod.ts";

/** A walled `size` × `size` room drawn by `draw`, agent at (1, 1) facing right. */
function room(size: number, draw: (b: LayoutBuilder) => void): MinigridLayout {
  const b = new LayoutBuilder({ width: size, height: size }, Rng.fromSeed(0));
  b.wallRect(0, 0, size, size);
  b.set(size - 2, size - 2, GOAL);
  b.agentPos = [1, 1];
  draw(b);
  return b.build(MINIGRID_ENVS.get(`MiniGrid-SimpleCrossingS${size}N1-v0`)!);
}

Deno.test("component sizes and one-hot widths per family", () => {
  const empty = symbolicSpec("MiniGrid-Empty-16x16-v0");
  assert.deepEqual([empty.names, empty.sizes, empty.oneHotWidth], [
    ["dir", "x", "y"],
    [4, 14, 14],
    32,
  ]);
  assert.equal(symbolicSpec("MiniGrid-Empty-8x8-v0").oneHotWidth, 16);
  const s9 = symbolicSpec("MiniGrid-SimpleCrossingS9N1-v0");
  assert.deepEqual(s9.names, ["dir", "x", "y", "gap_x", "gap_y", "gap_orientation"]);
  assert.deepEqual([s9.sizes, s9.oneHotWidth], [[4, 7, 7, 7, 7, 2], 34]);
  assert.deepEqual(
    [11, 13, 15].map((s) => symbolicSpec(`MiniGrid-SimpleCrossingS${s}N1-v0`).oneHotWidth),
    [42, 50, 58],
  );
  const four = symbolicSpec("MiniGrid-FourRooms-v0");
  assert.deepEqual(four.sizes, [4, 17, 17, 17, 17, 17, 17, 17, 17]);
  assert.deepEqual([four.oneHotWidth, four.featureComponents], [140, [1, 2]]);
  assert.throws(
    () => symbolicSpec("MiniGrid-DoorKey-8x8-v0"),
    (e: unknown) => e instanceof UsageError && e.fix.includes("MiniGrid-FourRooms-v0"),
  );
});

Deno.test("crossing gap: orientation 0 in a wall of constant x, 1 of constant y, gap at the edge", () => {
  // Column x = 4 walled except (4, 6).
  const column = room(9, (b) => {
    b.verticalWall(4, 1, 7);
    b.clear(4, 6);
  });
  assert.deepEqual(crossingGap(column), { x: 3, y: 5, orientation: 0 });
  // Row y = 2 walled except its first interior cell (1, 2): the border and beyond count as wall.
  const row = room(9, (b) => {
    b.horizontalWall(1, 2, 7);
    b.clear(1, 2);
  });
  assert.deepEqual(crossingGap(row), { x: 0, y: 1, orientation: 1 });
  assert.throws(() => crossingGap(room(9, () => {})), /exactly one wall gap, found 0/);
  const twoGaps = room(9, (b) => {
    b.verticalWall(4, 1, 7);
    b.clear(4, 2);
    b.clear(4, 6);
  });
  assert.throws(() => crossingGap(twoGaps), /found 2/);
});

Deno.test("FourRooms features: goal and the openings of each wall, ascending", () => {
  const b = new LayoutBuilder({ width: 19, height: 19 }, Rng.fromSeed(0));
  b.wallRect(0, 0, 19, 19);
  b.horizontalWall(0, 9, 19, WALL);
  b.verticalWall(9, 0, 19, WALL);
  for (const [x, y] of [[14, 9], [3, 9], [9, 12], [9, 1]]) b.clear(x, y);
  b.set(5, 16, GOAL);
  b.agentPos = [2, 2];
  const layout = b.build(MINIGRID_ENVS.get("MiniGrid-FourRooms-v0")!);
  assert.deepEqual(fourRoomsFeatures(layout), {
    goal: [4, 15],
    doorsX: [2, 13],
    doorsY: [0, 11],
  });
  const obs = new SymbolicObservations(symbolicSpec("MiniGrid-FourRooms-v0"), 2);
  obs.setLayout(1, { ...layout, agentDir: 3 });
  assert.deepEqual([...obs.values.subarray(9)], [3, 1, 1, 4, 15, 2, 13, 0, 11]);
  b.set(9, 12, WALL);
  assert.throws(() => fourRoomsFeatures(layout), /two openings each, found 2 and 1/);
});

Deno.test("one-hot: one 1 per component at offset + value, into a preallocated buffer", () => {
  const spec = symbolicSpec("MiniGrid-SimpleCrossingS9N1-v0");
  const values = Int32Array.of(2, 0, 6, 3, 3, 1, 0, 1, 2, 3, 4, 0);
  const out = new Float32Array(2 * 34).fill(7);
  oneHotSymbolic(spec, values, out);
  const ones = [...out.keys()].filter((i) => out[i] === 1);
  assert.deepEqual(ones, [2, 4, 17, 21, 28, 33, 34, 39, 47, 55, 63, 66]);
  assert.equal(out.reduce((a, b) => a + b, 0), 12);
  assert.throws(() => oneHotSymbolic(spec, Int32Array.of(4, 0, 0, 0, 0, 0), out), /dir = 4/);
  assert.throws(() => oneHotSymbolic(spec, values, new Float32Array(34)), /2 rows need/);
});

Deno.test("the vec env keeps symbolic values in step with the agent, for generated crossings", () => {
  const env = new MinigridVecEnv({
    envId: "MiniGrid-SimpleCrossingS11N1-v0",
    numEnvs: 8,
    rng: Rng.fromSeed(3),
    symbolic: true,
  });
  const sym = env.symbolic!, draws = Rng.fromSeed(8), actions = new Int32Array(8);
  const out = new Float32Array(8 * sym.spec.oneHotWidth);
  for (let t = 0; t < 300; t++) {
    for (let e = 0; e < 8; e++) actions[e] = draws.int(3);
    env.step(actions);
    oneHotSymbolic(sym.spec, sym.values, out);
    for (let e = 0; e < 8; e++) {
      const v = sym.values.subarray(e * 6, e * 6 + 6), b = env.batch;
      assert.deepEqual([...v.subarray(0, 3)], [b.agentDir[e], b.agentX[e] - 1, b.agentY[e] - 1]);
      // The gap cell is free and lies on an even wall line.
      const [gx, gy] = [v[3] + 1, v[4] + 1];
      assert.equal(b.grid.get(e, gx, gy)[0], 1);
      assert.equal((v[5] === 0 ? gx : gy) % 2, 0);
    }
  }
});
