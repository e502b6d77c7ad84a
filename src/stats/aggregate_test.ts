import assert from "node:assert/strict";
import { Rng } from "../rng/mod.ts";
import {
  iqm,
  iqmCurveBootstrap,
  mean,
  percentileBootstrapCI,
  performanceProfile,
  stratifiedBootstrapCI,
} from "./mod.ts";

const pooledIqm = (m: number[][]): number => iqm(m.flat());

Deno.test("stratified bootstrap: IQM of all runs pooled, reproducible from the seed", () => {
  const scores = [[1, 2, 3, 4], [10, 20, 30, 40], [5, 6, 7]];
  const ci = stratifiedBootstrapCI(scores, pooledIqm, { rng: Rng.fromSeed(5), resamples: 300 });
  assert.equal(ci.estimate, iqm([1, 2, 3, 4, 10, 20, 30, 40, 5, 6, 7]));
  assert.ok(ci.lower < ci.estimate && ci.estimate < ci.upper);
  const again = stratifiedBootstrapCI(scores, pooledIqm, { rng: Rng.fromSeed(5), resamples: 300 });
  assert.deepEqual(again, ci);
  const other = stratifiedBootstrapCI(scores, pooledIqm, { rng: Rng.fromSeed(6), resamples: 300 });
  assert.notDeepEqual(other, ci);
});

Deno.test("stratified bootstrap resamples within tasks: each task keeps its runs", () => {
  // Task 0 scores 0, task 1 scores 1, 3 runs each: every stratified resample has three of each,
  // so the pooled mean is always exactly ½ (an unstratified bootstrap would spread it out).
  const ci = stratifiedBootstrapCI([[0, 0, 0], [1, 1, 1]], (m) => mean(m.flat()), {
    rng: Rng.fromSeed(1),
    resamples: 200,
  });
  assert.deepEqual(ci, { estimate: 0.5, lower: 0.5, upper: 0.5 });
  // Per-task statistic: the matrix keeps its tasks × seeds shape.
  const shapes = new Set<string>();
  stratifiedBootstrapCI([[1, 2], [3, 4, 5]], (m) => {
    shapes.add(m.map((row) => row.length).join("×"));
    return mean(m.map(mean));
  }, { rng: Rng.fromSeed(2), resamples: 50 });
  assert.deepEqual([...shapes], ["2×3"]);
});

Deno.test("performance profile: fraction of runs above τ with non-increasing bands", () => {
  const scores = [[1, 2, 3, 4], [10, 20, 30, 40]];
  const taus = [0, 3.5, 4, 15, 100];
  const profile = performanceProfile(scores, taus, { rng: Rng.fromSeed(6), resamples: 500 });
  assert.deepEqual(profile.map((p) => p.tau), taus);
  // Strictly above τ: score 4 does not count at τ = 4.
  assert.deepEqual(profile.map((p) => p.estimate), [1, 5 / 8, 4 / 8, 3 / 8, 0]);
  assert.deepEqual([profile[0].lower, profile[0].upper], [1, 1]);
  assert.deepEqual([profile[4].lower, profile[4].upper], [0, 0]);
  for (let k = 1; k < profile.length; k++) {
    assert.ok(profile[k].lower <= profile[k - 1].lower, `lower band rises at τ = ${taus[k]}`);
    assert.ok(profile[k].upper <= profile[k - 1].upper, `upper band rises at τ = ${taus[k]}`);
  }
  for (const p of profile) assert.ok(p.lower <= p.estimate && p.estimate <= p.upper);
  const again = performanceProfile(scores, taus, { rng: Rng.fromSeed(6), resamples: 500 });
  assert.deepEqual(again, profile);
});

Deno.test("aggregates validate tasks, seeds and thresholds, naming the argument", () => {
  const rng = Rng.fromSeed(0);
  assert.throws(
    () => stratifiedBootstrapCI([], pooledIqm, { rng }),
    /stratifiedBootstrapCI\(scores\) needs at least one task, got 0/,
  );
  assert.throws(
    () => stratifiedBootstrapCI([[1], []], pooledIqm, { rng }),
    /stratifiedBootstrapCI\(scores\[1\]\) needs at least 1 value, got 0/,
  );
  assert.throws(
    () => performanceProfile([[1, 2], [3, NaN]], [0], { rng }),
    /performanceProfile\(scores\[1\]\)\[1\] is NaN/,
  );
  assert.throws(
    () => performanceProfile([[1]], [], { rng }),
    /performanceProfile\(thresholds\) needs at least 1 value/,
  );
  assert.throws(
    () => performanceProfile([[1]], [0], { rng, level: 0 }),
    /performanceProfile level must be in \(0, 1\)/,
  );
});

Deno.test("IQM curve bootstrap: whole runs redrawn, the curve is the replicates' mean", () => {
  const curves = [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [10, 11, 12, 13], [4, 7, 1, 0]];
  const band = iqmCurveBootstrap(curves, { rng: Rng.fromSeed(3), resamples: 500 });
  assert.equal(band.length, 4);
  for (const [p, b] of band.entries()) {
    assert.ok(b.lower <= b.mean && b.mean <= b.upper, `${p}`);
    // At each point, the same resamples as the percentile bootstrap of the IQM of that point.
    const xs = curves.map((c) => c[p]);
    const ci = percentileBootstrapCI(xs, iqm, { rng: Rng.fromSeed(3), resamples: 500 });
    assert.ok(Math.abs(ci.lower - b.lower) < 1e-12 && Math.abs(ci.upper - b.upper) < 1e-12);
  }
  assert.deepEqual(iqmCurveBootstrap(curves, { rng: Rng.fromSeed(3), resamples: 500 }), band);
  const same = iqmCurveBootstrap([[1, 2], [1, 2]], { rng: Rng.fromSeed(1), resamples: 50 });
  assert.deepEqual(same, [{ mean: 1, lower: 1, upper: 1 }, { mean: 2, lower: 2, upper: 2 }]);
  assert.throws(() => iqmCurveBootstrap([[1, 2], [1]], { rng: Rng.fromSeed(1) }), /one length/);
});
