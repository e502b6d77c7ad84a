import assert from "node:assert/strict";
import { formatFixed, formatNumber, slug } from "./format.ts";

Deno.test("formatNumber: significant digits, no trailing zeros, exponents outside [1e-3, 1e6)", () => {
  const cases: [number | undefined, string][] = [
    [71.4858, "71.49"],
    [0.25, "0.25"],
    [-0.85, "-0.85"],
    [3, "3"],
    [12345.6, "12346"],
    [1.172e7, "1.172e7"],
    [3.1e-5, "3.1e-5"],
    [0, "0"],
    [NaN, "–"],
    [undefined, "–"],
  ];
  for (const [x, text] of cases) assert.equal(formatNumber(x), text, String(x));
  assert.equal(formatNumber(0.123456, 2), "0.12");
  assert.equal(formatFixed(0.5, 3), "0.500");
  assert.equal(formatFixed(Infinity, 3), "–");
});

Deno.test("slug: ids safe in HTML and file names", () => {
  assert.equal(slug("hill/gradient", "state", 0.1), "hill-gradient-state-0-1");
  assert.equal(slug("MiniGrid-Empty-16x16-v0"), "minigrid-empty-16x16-v0");
});
