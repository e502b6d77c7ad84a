import assert from "node:assert/strict";
import { localMaxima } from "./landscape.ts";

Deno.test("localMaxima finds two separated peaks and ignores ripples on a ridge", () => {
  // Two hills along K, a ridge along σ with ±0.1 ripples: one global, one local maximum.
  const grid = Array.from({ length: 9 }, (_, s) =>
    Array.from({ length: 21 }, (_, k) => {
      const ripple = 0.1 * Math.sin(3 * s + k);
      return 10 * Math.exp(-((k - 5) ** 2) / 4) + 7 * Math.exp(-((k - 15) ** 2) / 4) + ripple;
    }));
  const maxima = localMaxima(grid, { minProminence: 1 });
  assert.equal(maxima.length, 2);
  assert.equal(maxima[0].iK, 5);
  assert.equal(maxima[1].iK, 15);
  assert.ok(maxima[0].value > maxima[1].value);
});

Deno.test("localMaxima of a single bump is its top; a flat grid gives one global maximum", () => {
  const bump = [[0, 1, 0], [1, 5, 1], [0, 1, 0]];
  assert.deepEqual(localMaxima(bump), [{ iSigma: 1, iK: 1, value: 5 }]);
  assert.deepEqual(localMaxima([[2, 2], [2, 2]]), [{ iSigma: 0, iK: 0, value: 2 }]);
});
