/**
 * Number formatting for pages: the same number always gives the same text (no locale, no
 * platform-dependent rounding paths), which the byte-identical site relies on.
 *
 * @module
 */

/**
 * `x` with `digits` significant digits and no trailing zeros: `71.49`, `0.25`, `12346`, `1.172e7`,
 * `3.1e-5`; `–` for a missing or non-finite value.
 */
export function formatNumber(x: number | undefined, digits = 4): string {
  if (x === undefined || !Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
    return `${stripZeros(mantissa)}e${Number(exponent)}`;
  }
  if (abs >= 10 ** digits) return Math.round(x).toString();
  return stripZeros(x.toPrecision(digits));
}

/** `x` with `decimals` decimals (probabilities, fixed-width columns); `–` when missing. */
export function formatFixed(x: number | undefined, decimals: number): string {
  return x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(decimals);
}

/** Drops trailing zeros of a decimal fraction: `0.2500` → `0.25`, `3.000` → `3`. */
function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** An id usable in HTML ids and file names: `hill/gradient state λ=0.1` → `hill-gradient-state-0-1`. */
export function slug(...parts: (string | number)[]): string {
  return parts.join("-").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
}
