import assert from "node:assert/strict";
import { Rng } from "../rng/mod.ts";
import {
  mannWhitneyTest,
  probabilityOfImprovement,
  probabilityOfImprovementCI,
  welchTTest,
} from "./mod.ts";

const close = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

Deno.test("Welch's t-test on the Wikipedia example: t ≈ −2.46, df ≈ 24.99, p ≈ 0.021", () => {
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
  // scipy 1.17.1 ttest_ind(a, b, equal_var=False): t −2.455356398, df 24.988529290, p 0.021378001.
  close(r.statistic, -2.455356398, 1e-8, "t");
  close(r.df, 24.98852929, 1e-7, "df");
  close(r.p, 0.021378001, 1e-8, "p");
  const swapped = welchTTest(b, a);
  assert.equal(swapped.statistic, -r.statistic);
  assert.equal(swapped.p, r.p);
});

Deno.test("Welch's t-test with unequal sizes and variances matches scipy", () => {
  const a = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
  const b = [
    21.5,
    22.8,
    21.0,
    23.0,
    21.6,
    23.6,
    22.5,
    20.7,
    23.4,
    21.8,
    20.7,
    21.7,
    21.5,
    22.5,
    23.6,
    21.5,
    22.5,
    23.5,
    21.5,
    21.8,
  ];
  const r = welchTTest(a, b);
  // scipy 1.17.1 ttest_ind(a, b, equal_var=False): t −1.565433524, df 9.904741249, p 0.148841695.
  close(r.statistic, -1.565433524, 1e-8, "t");
  close(r.df, 9.904741249, 1e-8, "df");
  close(r.p, 0.148841695, 1e-8, "p");
});

Deno.test("Welch's t-test: degenerate variances and input checks", () => {
  assert.deepEqual(welchTTest([1, 1], [1, 1, 1]), { statistic: 0, df: 3, p: 1 });
  assert.deepEqual(welchTTest([2, 2], [1, 1]), { statistic: Infinity, df: 2, p: 0 });
  assert.equal(welchTTest([1, 1], [2, 2]).statistic, -Infinity);
  const oneSided = welchTTest([1, 1, 1], [0, 1, 2]); // q_a = 0: df = n_b − 1
  close(oneSided.df, 2, 1e-12, "df");
  assert.throws(() => welchTTest([1], [1, 2]), /welchTTest\(a\) needs at least 2 values, got 1/);
  assert.throws(() => welchTTest([1, 2], [1, NaN]), /welchTTest\(b\)\[1\] is NaN/);
});

Deno.test("Mann–Whitney U test: normal approximation with tie correction, as scipy", () => {
  // Hand-checked: U = 0, σ² = 9·7/12, z = −4.5/√5.25 = −1.964, p = 0.04953.
  const separated = mannWhitneyTest([1, 2, 3], [4, 5, 6]);
  assert.equal(separated.u, 0);
  close(separated.statistic, -4.5 / Math.sqrt(5.25), 1e-12, "z");
  // scipy 1.17.1 mannwhitneyu(x, y, use_continuity=False, method="asymptotic") below.
  close(separated.p, 0.049534613, 1e-8, "p");
  const tied = mannWhitneyTest([1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 7]);
  assert.equal(tied.u, 7);
  close(tied.p, 0.136778148, 1e-8, "p with ties");
  assert.equal(mannWhitneyTest([6, 7, 3, 4, 2, 3], [3, 5, 2, 2, 1]).u, 23);
  assert.deepEqual(mannWhitneyTest([1, 1], [1, 1]), { u: 2, statistic: 0, p: 1 });
  assert.throws(() => mannWhitneyTest([], [1]), /mannWhitneyTest\(a\) needs at least 1 value/);
});

Deno.test("probability of improvement: 0.5 for identical samples, 1 when fully separated", () => {
  const x = [1, 2, 3, 4, 5];
  assert.equal(probabilityOfImprovement(x, x), 0.5);
  assert.equal(probabilityOfImprovement([3, 3], [3, 3, 3]), 0.5);
  assert.equal(probabilityOfImprovement([10, 11], [1, 2, 3]), 1);
  assert.equal(probabilityOfImprovement([1, 2], [10, 11]), 0);
  assert.equal(probabilityOfImprovement([1, 2], [2, 2]), 0.25); // (0 + ½ + 0 + ½) / 4
  assert.equal(probabilityOfImprovement([1, 3], [2]), 0.5);
  assert.throws(
    () => probabilityOfImprovement([1], [NaN]),
    /probabilityOfImprovement\(y\)\[0\] is NaN/,
  );
});

Deno.test("probability of improvement interval: brackets the estimate, reproducible", () => {
  const x = [0.9, 0.4, 0.7, 0.8, 0.5, 0.6], y = [0.3, 0.5, 0.2, 0.6, 0.4, 0.1];
  const ci = probabilityOfImprovementCI(x, y, { rng: Rng.fromSeed(1), resamples: 500 });
  assert.equal(ci.estimate, probabilityOfImprovement(x, y));
  assert.ok(ci.lower < ci.estimate && ci.estimate <= ci.upper && ci.upper <= 1);
  assert.deepEqual(ci, probabilityOfImprovementCI(x, y, { rng: Rng.fromSeed(1), resamples: 500 }));
  const apart = probabilityOfImprovementCI([5, 6], [1, 2], { rng: Rng.fromSeed(2) });
  assert.deepEqual(apart, { estimate: 1, lower: 1, upper: 1 });
});
