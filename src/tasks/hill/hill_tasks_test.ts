import assert from "node:assert/strict";
import { hillRollouts } from "../../envs/hill/mod.ts";
import { Rng } from "../../rng/mod.ts";
import { mean } from "../../stats/mod.ts";
import { gridAxes, HillGridSchema, lookupGrid } from "./grid.ts";
import { HILL_IMPROVEMENT_TASK, HillImprovementSchema } from "./improvement.ts";
import { computeLandscape } from "./landscape.ts";
import { WorkerPool } from "../../workers/pool.ts";

const grid = HillGridSchema.parse({ kCount: 5, sigmaCount: 3, rollouts: 32 });

Deno.test("landscape grids are identical with 1 and 2 workers, and equal the point streams", async () => {
  const one = await WorkerPool.with(1, (pool) => computeLandscape(grid, 7, pool));
  const two = await WorkerPool.with(2, (pool) => computeLandscape(grid, 7, pool));
  assert.deepEqual(one, two);
  const { K, sigma } = gridAxes(grid);
  const c = hillRollouts({
    policy: { K: K[3], sigma: sigma[2] },
    rollouts: 32,
    rng: Rng.fromSeed(7).child("hill/landscape").child(3, 2),
  });
  assert.equal(one.J[2][3], mean(Array.from(c.J)));
  assert.equal(one.J.length, 3);
  assert.equal(one.J[0].length, 5);
});

Deno.test("grid lookup: nearest ignores moves under half a cell, bilinear interpolates", () => {
  const g = HillGridSchema.parse({
    kMin: 0,
    kMax: 1,
    kCount: 2,
    sigmaMin: 0,
    sigmaMax: 1,
    sigmaCount: 2,
  });
  const values = new Float64Array([0, 1, 2, 3]); // [iσ][iK]: σ=0 → 0, 1; σ=1 → 2, 3
  assert.equal(lookupGrid(values, g, "nearest", 0.4, 0.4), 0);
  assert.equal(lookupGrid(values, g, "nearest", 0.6, 0.6), 3);
  assert.equal(lookupGrid(values, g, "bilinear", 0.5, 0.5), 1.5);
  assert.equal(lookupGrid(values, g, "bilinear", 0.25, 0), 0.25);
  assert.equal(lookupGrid(values, g, "bilinear", -3, 9), 2); // clamped to the grid
});

Deno.test("improvement with nearest lookup on a coarse grid never counts a step as improving", async () => {
  const params = HillImprovementSchema.parse({
    kCount: 3,
    sigmaCount: 3,
    rollouts: 64,
    lookup: "nearest",
  });
  const out = await HILL_IMPROVEMENT_TASK.run({
    params,
    variant: "none",
    lambda: 0,
    seed: 1,
    rng: Rng.fromSeed(1),
    workers: 1,
  });
  // Cells are 3.5 wide in K and 2 in σ; a clipped step moves at most 0.1 (quirk H8).
  assert.equal(out.metrics["meanPJ:none/0"], 0);
  assert.equal(out.metrics["meanPMoved:none/0"], 0);
  const bilinear = await HILL_IMPROVEMENT_TASK.run({
    params: { ...params, lookup: "bilinear" },
    variant: "none",
    lambda: 0,
    seed: 1,
    rng: Rng.fromSeed(1),
    workers: 2,
  });
  // Bilinear lookup sees the small moves: some steps improve J, some do not.
  const p = bilinear.metrics["meanPJ:none/0"];
  assert.ok(p > 0 && p < 1, `mean P(ΔJ>0) = ${p}`);
  // On a grid whose cells are about a step wide, most steps change cell.
  const fine = await HILL_IMPROVEMENT_TASK.run({
    params: HillImprovementSchema.parse({
      kMin: -1,
      kMax: -0.8,
      kCount: 3,
      sigmaMin: 0.4,
      sigmaMax: 0.6,
      sigmaCount: 3,
      rollouts: 64,
    }),
    variant: "none",
    lambda: 0,
    seed: 1,
    rng: Rng.fromSeed(1),
    workers: 1,
  });
  const moved = fine.metrics["meanPMoved:none/0"];
  assert.ok(moved > 0.5 && moved <= 1, `share of steps that change cell = ${moved}`);
});
