import assert from "node:assert/strict";
import { Rng } from "../rng/mod.ts";
import {
  bootstrapDiffCI,
  iqm,
  mannWhitneyTest,
  mean,
  median,
  percentileBootstrapCI,
  performanceProfile,
  probabilityOfImprovement,
  probabilityOfImprovementCI,
  quantile,
  sd,
  stratifiedBootstrapCI,
  studentTCI,
  trimmedMean,
  welchTTest,
  wilsonInterval,
} from "./mod.ts";

const close = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

Deno.test("Student-t interval uses t_{0.975,4} = 2.776 and t_{0.975,30} = 2.042", () => {
  // Half-width / (s/√n) recovers the quantile.
  const five = [1, 2, 3, 4, 5];
  const ci5 = studentTCI(five);
  close((ci5.upper - ci5.estimate) / (sd(five) / Math.sqrt(5)), 2.776, 5e-4, "t_{0.975,4}");
  const xs = Array.from({ length: 31 }, (_, i) => i * i);
  const ci31 = studentTCI(xs);
  close((ci31.upper - ci31.estimate) / (sd(xs) / Math.sqrt(31)), 2.042, 5e-4, "t_{0.975,30}");
  assert.throws(() => studentTCI([1]), /at least 2/);
});

Deno.test("IQM, trimmed mean, median and quantiles on hand-made arrays", () => {
  assert.equal(iqm([1, 2, 3, 4, 5, 6, 7, 8]), 4.5); // mean of 3, 4, 5, 6
  // n = 10: ⌊2.5⌋ = 2 values cut from each end (scipy trim_mean): sorted −50, 1 | 2..7 | 8, 100.
  assert.equal(iqm([8, 1, 100, 2, 7, 3, 6, 4, 5, -50]), 4.5);
  assert.equal(trimmedMean([1, 2, 3, 4, 100], 0.2), 3);
  assert.equal(trimmedMean([1, 2, 3], 0), 2);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([0, 10], 0.3), 3);
  assert.equal(mean([1, 2, 3]), 2);
  assert.throws(() => mean([]), /mean\(xs\) needs at least 1/);
  assert.throws(() => iqm([1, NaN]), /\[1\] is NaN/);
});

Deno.test("Wilson interval against textbook values", () => {
  const w = (k: number, n: number) => wilsonInterval(k, n);
  close(w(0, 10).lower, 0, 1e-4, "0/10 lower");
  close(w(0, 10).upper, 0.2775, 1e-4, "0/10 upper");
  close(w(5, 10).lower, 0.2366, 1e-4, "5/10 lower");
  close(w(5, 10).upper, 0.7634, 1e-4, "5/10 upper");
  close(w(81, 263).lower, 0.2553, 1e-4, "81/263 lower");
  close(w(81, 263).upper, 0.3662, 1e-4, "81/263 upper");
  assert.throws(() => wilsonInterval(11, 10), /successes/);
});

Deno.test("Welch's t-test on the textbook example: t ≈ −2.46, df ≈ 24.99, p ≈ 0.021", () => {
  const a = [
    27.5,
    21.0,
    19.0,
    23.6,
    17.0,
    17.9,
    16.9,
    20.1,
    21.9,
    22.6,
    23.1,
    19.6,
    19.0,
    21.7,
    21.4,
  ];
  const b = [
    27.1,
    22.0,
    20.8,
    23.4,
    23.4,
    23.5,
    25.8,
    22.0,
    24.8,
    20.2,
    21.9,
    22.1,
    22.9,
    20.5,
    24.4,
  ];
  const r = welchTTest(a, b);
  close(r.statistic, -2.46, 0.005, "t");
  close(r.df!, 24.99, 0.01, "df");
  close(r.p, 0.021, 0.001, "p");
  assert.deepEqual(welchTTest([1, 1], [1, 1]), { statistic: 0, p: 1, df: 2 });
});

Deno.test("probability of improvement: 0.5 for identical samples, 1 when separated; Mann–Whitney", () => {
  const x = [1, 2, 3, 4, 5];
  assert.equal(probabilityOfImprovement(x, x), 0.5);
  assert.equal(probabilityOfImprovement([10, 11], [1, 2, 3]), 1);
  assert.equal(probabilityOfImprovement([1, 2], [10, 11]), 0);
  assert.equal(probabilityOfImprovement([1, 2], [2, 2]), 0.25);
  const ci = probabilityOfImprovementCI(x, x, { rng: Rng.fromSeed(1), resamples: 500 });
  assert.ok(ci.lower < 0.5 && ci.upper > 0.5);
  // Hand-checked: a = [1,2,3], b = [4,5,6]: U = 0, z = −1.964, p = 0.0495.
  const mw = mannWhitneyTest([1, 2, 3], [4, 5, 6]);
  assert.equal(mw.u, 0);
  close(mw.statistic, -1.964, 1e-3, "z");
  close(mw.p, 0.0495, 1e-3, "p");
  assert.equal(mannWhitneyTest([1, 1], [1, 1]).p, 1);
});

Deno.test("percentile bootstrap covers the mean of n = 50 normals 93–97% of the time", () => {
  // Expected coverage of the percentile interval for a mean at n = 50 is
  // P(|t_49| < 1.96·√(49/50)) ≈ 0.942, ± 0.007 Monte-Carlo error over 1000 repetitions. Seeds 1–5
  // gave 0.953, 0.951, 0.937, 0.931, 0.943 (seed 2026: 0.928); the test pins seed 1.
  const rng = Rng.fromSeed(1);
  let covered = 0;
  const reps = 1000;
  const xs = new Array<number>(50);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < 50; i++) xs[i] = rng.normal();
    const ci = percentileBootstrapCI(xs, (s) => s.reduce((a, b) => a + b, 0) / s.length, {
      rng: rng.child("boot", r),
      resamples: 1000,
    });
    if (ci.lower <= 0 && 0 <= ci.upper) covered++;
  }
  const coverage = covered / reps;
  assert.ok(coverage >= 0.93 && coverage <= 0.97, `coverage ${coverage}`);
});

Deno.test("bootstrap intervals are reproducible from the seed and sensible for differences", () => {
  const a = [1, 2, 3, 4, 5, 6], b = [11, 12, 13, 14, 15, 16];
  const f = (s: number[]) => mean(s);
  const one = bootstrapDiffCI(a, b, f, { rng: Rng.fromSeed(4), resamples: 400 });
  const two = bootstrapDiffCI(a, b, f, { rng: Rng.fromSeed(4), resamples: 400 });
  assert.deepEqual(one, two);
  assert.equal(one.estimate, 10);
  assert.ok(one.lower > 7 && one.upper < 13);
});

Deno.test("stratified bootstrap and performance profiles over tasks × seeds", () => {
  const scores = [[1, 2, 3, 4], [10, 20, 30, 40]];
  const pooledIqm = (m: number[][]) => iqm(m.flat());
  const ci = stratifiedBootstrapCI(scores, pooledIqm, { rng: Rng.fromSeed(5), resamples: 300 });
  assert.equal(ci.estimate, iqm([1, 2, 3, 4, 10, 20, 30, 40]));
  assert.ok(ci.lower <= ci.estimate && ci.estimate <= ci.upper);
  const profile = performanceProfile(scores, [0, 3.5, 100], {
    rng: Rng.fromSeed(6),
    resamples: 200,
  });
  assert.deepEqual(profile.map((p) => p.estimate), [1, 5 / 8, 0]);
  assert.equal(profile[0].lower, 1);
  assert.equal(profile[2].upper, 0);
});
