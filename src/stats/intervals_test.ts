import assert from "node:assert/strict";
import { Rng } from "../rng/mod.ts";
import {
  bootstrapDiffCI,
  mean,
  median,
  newcombeInterval,
  percentileBootstrapCI,
  sd,
  studentTCI,
  wilsonInterval,
} from "./mod.ts";

const close = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

/** The t quantile a Student-t interval used: its half-width over s/√n. */
const tUsed = (xs: number[], level?: number): number => {
  const ci = studentTCI(xs, { level });
  return (ci.upper - ci.estimate) / (sd(xs) / Math.sqrt(xs.length));
};

Deno.test("Student-t interval uses t_{0.975,4} = 2.776 and t_{0.975,30} = 2.042", () => {
  close(tUsed([1, 2, 3, 4, 5]), 2.776, 5e-4, "t_{0.975,4}");
  close(tUsed(Array.from({ length: 31 }, (_, i) => i * i)), 2.042, 5e-4, "t_{0.975,30}");
  close(tUsed([1, 2, 3, 4, 5], 0.99), 4.604, 5e-4, "t_{0.995,4}");
  const ci = studentTCI([1, 2, 3, 4, 5]); // 3 ± 2.776·√2.5/√5
  close(ci.lower, 3 - 2.7764451 * Math.sqrt(0.5), 1e-6, "lower");
  assert.equal(ci.estimate, 3);
  assert.throws(() => studentTCI([1]), /studentTCI\(xs\) needs at least 2 values/);
  assert.throws(() => studentTCI([1, 2], { level: 1 }), /studentTCI level must be in \(0, 1\)/);
});

Deno.test("Wilson interval against textbook values", () => {
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
    [81, 263, 0.2553, 0.3662],
  ];
  for (const [k, n, lower, upper] of cases) {
    const w = wilsonInterval(k, n);
    close(w.lower, lower, 1e-4, `${k}/${n} lower`);
    close(w.upper, upper, 1e-4, `${k}/${n} upper`);
    assert.equal(w.estimate, k / n);
  }
  assert.equal(wilsonInterval(0, 10).lower, 0);
  assert.equal(wilsonInterval(10, 10).upper, 1);
  const w99 = wilsonInterval(5, 10, { level: 0.99 });
  assert.ok(w99.lower < 0.2366 && w99.upper > 0.7634);
  assert.throws(() => wilsonInterval(11, 10), /wilsonInterval\(successes\) must be an integer/);
  assert.throws(() => wilsonInterval(0, 0), /wilsonInterval\(trials\) must be an integer >= 1/);
  assert.throws(() => wilsonInterval(NaN, 10), RangeError);
});

Deno.test("percentile bootstrap covers the mean of n = 50 normals 93–97 % of the time", () => {
  // The percentile interval of a mean at n = 50 covers about P(|t₄₉| < 1.96·√(49/50)) = 0.942,
  // ± 0.007 Monte-Carlo standard error over 1000 repetitions, so 0.93 is only 1.6 standard errors
  // below it. Seeds 1–8 gave 0.953, 0.951, 0.937, 0.931, 0.943, 0.944, 0.938, 0.926 (mean 0.940);
  // the test pins seed 1.
  const rng = Rng.fromSeed(1);
  const reps = 1000, xs = new Array<number>(50);
  const sampleMean = (s: number[]): number => {
    let sum = 0;
    for (const v of s) sum += v;
    return sum / s.length;
  };
  let covered = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < xs.length; i++) xs[i] = rng.normal();
    const ci = percentileBootstrapCI(xs, sampleMean, {
      rng: rng.child("boot", r),
      resamples: 1000,
    });
    if (ci.lower <= 0 && 0 <= ci.upper) covered++;
  }
  const coverage = covered / reps;
  console.log(`percentile bootstrap coverage, n = 50, 1000 × 1000: ${coverage}`);
  assert.ok(coverage >= 0.93 && coverage <= 0.97, `coverage ${coverage}`);
});

Deno.test("bootstrap intervals are reproducible from the seed and differ across seeds", () => {
  const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
  const at = (seed: number) => percentileBootstrapCI(xs, mean, { rng: Rng.fromSeed(seed) });
  assert.deepEqual(at(7), at(7));
  assert.notDeepEqual(at(7), at(8));
  assert.equal(at(7).estimate, 4);
  const narrow = percentileBootstrapCI(xs, mean, { rng: Rng.fromSeed(7), level: 0.5 });
  assert.ok(narrow.lower >= at(7).lower && narrow.upper <= at(7).upper);
});

Deno.test("bootstrapDiffCI brackets statistic(a) − statistic(b)", () => {
  const a = [11, 12, 13, 14, 15, 16], b = [1, 2, 3, 4, 5, 6];
  const one = bootstrapDiffCI(a, b, { rng: Rng.fromSeed(4), resamples: 400 });
  assert.deepEqual(one, bootstrapDiffCI(a, b, { rng: Rng.fromSeed(4), resamples: 400 }));
  assert.equal(one.estimate, 10);
  assert.ok(one.lower > 7 && one.lower < 10 && one.upper > 10 && one.upper < 13);
  const med = bootstrapDiffCI(b, a, { rng: Rng.fromSeed(4), statistic: median });
  assert.equal(med.estimate, -10);
  assert.ok(med.upper < 0);
});

Deno.test("bootstrap intervals validate their inputs and options", () => {
  const rng = Rng.fromSeed(0);
  assert.throws(
    () => percentileBootstrapCI([], median, { rng }),
    /percentileBootstrapCI\(xs\) needs at least 1 value/,
  );
  assert.throws(
    () => percentileBootstrapCI([1, NaN], median, { rng }),
    /percentileBootstrapCI\(xs\)\[1\] is NaN/,
  );
  assert.throws(
    () => percentileBootstrapCI([1, 2], median, { rng, resamples: 0 }),
    /percentileBootstrapCI resamples must be an integer >= 1, got 0/,
  );
  assert.throws(
    () => percentileBootstrapCI([1, 2], median, { rng, level: 95 }),
    /percentileBootstrapCI level must be in \(0, 1\), got 95/,
  );
  assert.throws(
    () => percentileBootstrapCI([1, 2], () => NaN, { rng }),
    /statistic returned NaN on bootstrap replicate 0/,
  );
  assert.throws(() => bootstrapDiffCI([1], [], { rng }), /bootstrapDiffCI\(b\) needs at least 1/);
});

Deno.test("Newcombe's hybrid score interval matches his 1998 worked example", () => {
  // Newcombe (1998), Statistics in Medicine 17:873, Table II example (a): 56/70 − 48/80.
  const d = newcombeInterval({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
  assert.ok(Math.abs(d.estimate - 0.2) < 1e-12);
  assert.ok(Math.abs(d.lower - 0.0524) < 5e-5, `lower ${d.lower}`);
  assert.ok(Math.abs(d.upper - 0.3339) < 5e-5, `upper ${d.upper}`);
  // Equal counts: symmetric around 0; bounds stay within [−1, 1] at the extremes.
  const same = newcombeInterval({ successes: 5, trials: 10 }, { successes: 5, trials: 10 });
  assert.ok(Math.abs(same.lower + same.upper) < 1e-12);
  const extreme = newcombeInterval({ successes: 10, trials: 10 }, { successes: 0, trials: 10 });
  assert.ok(extreme.upper <= 1 && extreme.lower > 0);
});
