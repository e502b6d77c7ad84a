import assert from "node:assert/strict";
import {
  iqm,
  mean,
  median,
  movingAverage,
  quantile,
  sd,
  standardError,
  trimmedMean,
  variance,
} from "./mod.ts";

Deno.test("iqm is the 25 %-trimmed mean, cutting ⌊n/4⌋ from each end (scipy trim_mean)", () => {
  assert.equal(iqm([1, 2, 3, 4, 5, 6, 7, 8]), 4.5); // mean of 3, 4, 5, 6
  assert.equal(iqm([8, 1, 100, 2, 7, 3, 6, 4, 5, -50]), 4.5); // n = 10: cut 2, keep 2..7
  assert.equal(iqm([1, 2, 3, 4, 5, 6, 100]), 4); // n = 7: cut 1, keep 2..6
  assert.equal(iqm([1, 2, 3, 4, 100]), 3); // n = 5: cut 1, keep 2..4
  assert.equal(iqm([1, 2, 30]), 11); // n = 3: nothing cut
  assert.equal(iqm([7]), 7);
  // Reference: scipy 1.17.1, trim_mean(x, 0.25) gives 4.5, 4.5, 4.0, 3.0 for the first four.
});

Deno.test("trimmedMean cuts whole values only", () => {
  assert.equal(trimmedMean([1, 2, 3, 4, 100], 0.2), 3);
  assert.equal(trimmedMean([1, 2, 3, 4, 100], 0.39), 3); // ⌊1.95⌋ = 1
  assert.equal(trimmedMean([1, 2, 3], 0), 2);
  assert.equal(trimmedMean([5, 1], 0.49), 3);
  assert.throws(() => trimmedMean([1, 2], 0.5), /trimmedMean\(proportion\) must be in \[0, 0\.5\)/);
  assert.throws(() => trimmedMean([1, 2], NaN), RangeError);
});

Deno.test("quantile is type 7 (numpy's default); median; mean, variance, sd, standard error", () => {
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.ok(Math.abs(quantile([4, 3, 2, 1], 0.1) - 1.3) < 1e-12); // numpy.quantile: 1.3
  assert.equal(quantile([3, 1, 4, 1, 5, 9, 2, 6], 0.25), 1.75); // numpy.quantile: 1.75
  assert.ok(Math.abs(quantile([3, 1, 4, 1, 5, 9, 2, 6], 0.9) - 6.9) < 1e-12); // numpy: 6.9
  assert.equal(quantile([0, 10], 0), 0);
  assert.equal(quantile([0, 10], 1), 10);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(mean([1, 2, 3]), 2);
  const xs = [2, 4, 4, 4, 5, 5, 7, 9]; // Σ(x − 5)² = 32
  assert.equal(variance(xs), 32 / 7);
  assert.equal(sd(xs), Math.sqrt(32 / 7));
  assert.equal(standardError(xs), Math.sqrt(32 / 7 / 8));
});

Deno.test("summaries reject empty, short and non-finite input, naming the argument", () => {
  assert.throws(() => mean([]), /^RangeError: mean\(xs\) needs at least 1 value, got 0$/);
  assert.throws(() => iqm([1, NaN]), /^RangeError: iqm\(xs\)\[1\] is NaN; values must be finite/);
  assert.throws(() => median([Infinity]), /median\(xs\)\[0\] is Infinity/);
  assert.throws(() => sd([1]), /sd\(xs\) needs at least 2 values, got 1/);
  assert.throws(() => standardError([1]), /standardError\(xs\) needs at least 2 values/);
  assert.throws(() => variance([]), RangeError);
  assert.throws(() => quantile([1, 2], 1.5), /quantile\(p\) must be in \[0, 1\], got 1\.5/);
  assert.throws(() => quantile([1, 2], NaN), RangeError);
});

Deno.test("movingAverage reflects at the edges like scipy's uniform_filter1d", () => {
  // scipy.ndimage.uniform_filter1d([1, 2, 3, 4, 5, 6], 5) = [1.8, 2.2, 3, 4, 4.8, 5.2]
  const out = movingAverage([1, 2, 3, 4, 5, 6], 5);
  [1.8, 2.2, 3, 4, 4.8, 5.2].forEach((v, i) => assert.ok(Math.abs(out[i] - v) < 1e-12, `${i}`));
  // Shorter than the window: reflected again. [7] → 7; [1, 3] → reflect … 3 1 | 1 3 | 3 1 …
  assert.deepEqual(movingAverage([7], 5), [7]);
  assert.deepEqual(movingAverage([1, 3], 5), [(3 + 1 + 1 + 3 + 3) / 5, (1 + 1 + 3 + 3 + 1) / 5]);
  assert.deepEqual(movingAverage([1, 2], 1), [1, 2]);
  assert.throws(() => movingAverage([1, 2], 4), /odd integer/);
});
