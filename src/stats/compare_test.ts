import assert from "node:assert/strict";
import { Rng } from "../rng/mod.ts";
import {
  mannWhitneyMinP,
  mannWhitneyTest,
  probabilityOfImprovement,
  probabilityOfImprovementCI,
  speedVerdict,
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
  assert.deepEqual(mannWhitneyTest([1, 1], [1, 1]), {
    u: 2,
    statistic: 0,
    p: 1,
    method: "asymptotic",
  });
  assert.throws(() => mannWhitneyTest([], [1]), /mannWhitneyTest\(a\) needs at least 1 value/);
});

Deno.test("Mann–Whitney U test, exact: the permutation distribution, as scipy", () => {
  // scipy 1.17.1 mannwhitneyu(x, y, method="exact").
  close(mannWhitneyTest([1, 2, 3], [4, 5, 6], { method: "exact" }).p, 0.1, 1e-12, "3 vs 3");
  const a = [1.5, 2.5, 7, 9, 3.1], b = [4, 5, 6, 8, 0.5, 10, 11];
  close(mannWhitneyTest(a, b, { method: "exact" }).p, 0.431818181818, 1e-10, "5 vs 7");
  close(mannWhitneyTest(b, a, { method: "exact" }).p, 0.431818181818, 1e-10, "7 vs 5");
  const x = [0.1257, -0.1321, 0.6404, 0.1049, -0.5357, 0.3616, 1.304, 0.9471, -0.7037, -1.2654];
  const y = [-1.525, 0.5812, -0.4459, 0.0677, 0.2557, 0.4837, 1.2116, 1.8425, 0.6715, 2.1665];
  const xs = [...x, -0.6233, 0.0413], ys = [...y, 0.1348, 1.1515, 1.7035, 0.894, 0.0565];
  const auto = mannWhitneyTest(xs, ys, { method: "auto" });
  assert.equal(auto.method, "exact");
  close(auto.p, 0.066680127429, 1e-10, "12 vs 15");
  // Fully separated: the smallest p there is, 2/C(14, 7).
  const seq = (from: number): number[] => Array.from({ length: 7 }, (_, i) => from + i);
  close(mannWhitneyTest(seq(0), seq(7), { method: "auto" }).p, 2 / 3432, 1e-15, "7 vs 7");
  assert.equal(mannWhitneyTest([1, 2, 2], [2, 3, 4], { method: "auto" }).method, "asymptotic");
});

Deno.test("Mann–Whitney minimum p: 2/C(n + m, n), so 5 vs 5 cannot go below 0.0079", () => {
  close(mannWhitneyMinP(5, 5), 2 / 252, 1e-15, "5 vs 5");
  close(mannWhitneyMinP(6, 6), 2 / 924, 1e-15, "6 vs 6");
  close(mannWhitneyMinP(7, 7), 2 / 3432, 1e-15, "7 vs 7");
  close(mannWhitneyMinP(20, 5), 2 / 53130, 1e-15, "20 vs 5");
  assert.equal(mannWhitneyMinP(1, 1), 1);
});

Deno.test("speed verdict: inconclusive below the test's reach, threshold at least the spread", () => {
  const opts = { alpha: 0.002, threshold: 1.1 };
  const base = [100, 102, 98, 101, 99, 100.5, 99.5];
  // 6 vs 6 can never reach 0.002 (2/924 ≈ 0.0022), even 20% slower.
  const six = speedVerdict(base.slice(0, 6), base.slice(0, 6).map((x) => 0.8 * x), opts);
  assert.equal(six.verdict, "inconclusive");
  assert.equal(six.p, null);
  close(six.ratio, 0.8, 1e-12, "ratio");
  assert.equal(speedVerdict(base, base.map((x) => 0.8 * x), opts).verdict, "slower");
  assert.equal(speedVerdict(base, base.map((x) => 1.25 * x), opts).verdict, "faster");
  // 5% slower, fully separated: significant, but inside asv's factor.
  const small = speedVerdict(base, base.map((x) => 0.95 * x), opts);
  assert.ok(small.p !== null && small.p < 0.002);
  assert.equal(small.verdict, "same");
  // A baseline whose own repeats spread by ×1.5 raises the threshold past a 20% slowdown.
  const noisy = [60, 80, 90, 100, 110, 120, 140, 75, 130];
  const v = speedVerdict(noisy, noisy.map((x) => 0.8 * x), opts);
  assert.ok(v.spread > 1.25 && v.threshold === v.spread, `spread ${v.spread}`);
  assert.equal(v.verdict, "same");
  assert.equal(speedVerdict(noisy, noisy.map((x) => 0.5 * x), opts).verdict, "slower");
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
