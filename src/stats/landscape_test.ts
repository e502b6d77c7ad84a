import assert from "node:assert/strict";
import { HILL_PANELS, localMaxima, panelValues } from "./landscape.ts";

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

Deno.test("panelValues weighs the columns: L = J + λ·J_state, joint adds J_action", () => {
  const col = (v: number): number[][] => [[v, v]];
  const columns = {
    J: col(1),
    J_state: col(10),
    J_c: col(100),
    J_action: col(1000),
    J_fkl: col(-1e4),
  };
  const state01 = HILL_PANELS.find((p) => p.id === "state/0.1")!;
  const joint05 = HILL_PANELS.find((p) => p.id === "joint/0.5")!;
  assert.deepEqual(panelValues(columns, state01.weights), [[2, 2]]);
  assert.deepEqual(panelValues(columns, joint05.weights), [[1 + 5 + 500, 506]]);
  const fkl1 = HILL_PANELS.find((p) => p.id === "future-kl/1")!;
  assert.deepEqual(panelValues(columns, fkl1.weights), [[1 - 1e4, 1 - 1e4]]);
});
