/**
 * Hill dynamics of P1's `hill-v0` (spec hill.md §1): a damped car on the 1-D height profile
 * h(x), Euler-integrated in sub-steps, with absorbing walls and N(0, 1) noise on every action.
 *
 * @module
 */

/** Every constant of the hill environment, defaults in {@link HILL_REFERENCE}. */
export interface HillConfig {
  /** Reset position x0 (deterministic). */
  x0: number;
  /** Reset velocity v0. */
  v0: number;
  /** Target x of the policy's feedback term K(x − xTarget). */
  xTarget: number;
  /** Decisions per episode, fixed length, no early end. */
  horizon: number;
  /** Discount γ. */
  gamma: number;
  /** Car mass m. */
  mass: number;
  /** Gravity g. */
  gravity: number;
  /** Velocity damping c. */
  damping: number;
  /** Euler sub-steps per decision (decision step 0.1 / sub-step 0.01). */
  subSteps: number;
  /** Euler sub-step δ. */
  subDt: number;
  /** Lower absorbing wall. */
  xMin: number;
  /** Upper absorbing wall. */
  xMax: number;
  /** Std of the N(0, ·) noise the env adds to every action (quirk H1: kept). */
  actionNoiseStd: number;
  /** Actions are clipped to [−actionClip, actionClip] after the noise. */
  actionClip: number;
}

/** The reference constants (hill.md §1). */
export const HILL_REFERENCE: Readonly<HillConfig> = Object.freeze({
  x0: -3,
  v0: 0,
  xTarget: 3,
  horizon: 100,
  gamma: 0.99,
  mass: 0.5,
  gravity: 9.81,
  damping: 0.65,
  subSteps: 10,
  subDt: 0.01,
  xMin: -4,
  xMax: 5,
  actionNoiseStd: 1,
  actionClip: 10,
});

// The spec's decimal coefficients, not the exact fractions they approximate: h'(±3) ≠ 0 by design.
const C3 = -0.0462963;
const C4 = -0.05555556;
const C5 = 0.00308642;
const C6 = 0.00411523;
const D2 = 3 * C3, D3 = 4 * C4, D4 = 5 * C5, D5 = 6 * C6;
const E1 = 2 * D2, E2 = 3 * D3, E3 = 4 * D4, E4 = 5 * D5;

/** Height h(x) = C3 x³ + C4 x⁴ + C5 x⁵ + C6 x⁶. */
export function height(x: number): number {
  return x * x * x * (C3 + x * (C4 + x * (C5 + x * C6)));
}

/** Slope h'(x). */
export function heightSlope(x: number): number {
  return x * x * (D2 + x * (D3 + x * (D4 + x * D5)));
}

/** Curvature h''(x). */
export function heightCurvature(x: number): number {
  return x * (E1 + x * (E2 + x * (E3 + x * E4)));
}

/**
 * Advances one car by one decision with the already-noised, clipped force u: `subSteps` Euler
 * steps, each reading (x, v) at its start. Returns the new x; the new v is written to `out[0]`.
 * A car whose position before a sub-step is at or past a wall stays there with v = 0 (quirk H2).
 */
export function integrate(
  x: number,
  v: number,
  u: number,
  cfg: HillConfig,
  out: Float64Array,
): number {
  const { gravity, damping, subSteps, subDt, xMin, xMax } = cfg;
  // u/m as u·(1/m), the same rounding as integrateBatch.
  const uOverM = u * (1 / cfg.mass);
  for (let k = 0; k < subSteps; k++) {
    if (x <= xMin || x >= xMax) {
      v = 0;
      continue;
    }
    const x2 = x * x;
    const hp = x2 * (D2 + x * (D3 + x * (D4 + x * D5)));
    const hpp = x * (E1 + x * (E2 + x * (E3 + x * E4)));
    const acc = (uOverM - gravity * hp - v * v * hp * hpp) / (1 + hp * hp) - damping * v;
    let xn = x + subDt * v;
    if (xn < xMin) xn = xMin;
    else if (xn > xMax) xn = xMax;
    v = v + subDt * acc;
    x = xn;
  }
  out[0] = v;
  return x;
}

/**
 * {@link integrate} over arrays: car i gets force u[i]; x and v are updated in place. Cars are
 * integrated four at a time in independent chains: each sub-step is a dependent
 * polynomial → division → velocity chain, and interleaving four cars lets the CPU overlap them
 * (about 2× faster here). Bit-identical to calling {@link integrate} per car.
 */
export function integrateBatch(
  x: Float64Array,
  v: Float64Array,
  u: Float64Array,
  cfg: HillConfig,
): void {
  const { subSteps, subDt: dt, xMin: lo, xMax: hi, gravity: g, damping: c } = cfg;
  const invM = 1 / cfg.mass;
  const n = x.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    let xa = x[i], xb = x[i + 1], xc = x[i + 2], xd = x[i + 3];
    let va = v[i], vb = v[i + 1], vc = v[i + 2], vd = v[i + 3];
    const ua = u[i] * invM, ub = u[i + 1] * invM, uc = u[i + 2] * invM, ud = u[i + 3] * invM;
    for (let k = 0; k < subSteps; k++) {
      const wa = xa <= lo || xa >= hi, wb = xb <= lo || xb >= hi;
      const wc = xc <= lo || xc >= hi, wd = xd <= lo || xd >= hi;
      const pa = xa * xa * (D2 + xa * (D3 + xa * (D4 + xa * D5)));
      const pb = xb * xb * (D2 + xb * (D3 + xb * (D4 + xb * D5)));
      const pc = xc * xc * (D2 + xc * (D3 + xc * (D4 + xc * D5)));
      const pd = xd * xd * (D2 + xd * (D3 + xd * (D4 + xd * D5)));
      const qa = xa * (E1 + xa * (E2 + xa * (E3 + xa * E4)));
      const qb = xb * (E1 + xb * (E2 + xb * (E3 + xb * E4)));
      const qc = xc * (E1 + xc * (E2 + xc * (E3 + xc * E4)));
      const qd = xd * (E1 + xd * (E2 + xd * (E3 + xd * E4)));
      const aa = (ua - g * pa - va * va * pa * qa) / (1 + pa * pa) - c * va;
      const ab = (ub - g * pb - vb * vb * pb * qb) / (1 + pb * pb) - c * vb;
      const ac = (uc - g * pc - vc * vc * pc * qc) / (1 + pc * pc) - c * vc;
      const ad = (ud - g * pd - vd * vd * pd * qd) / (1 + pd * pd) - c * vd;
      let na = xa + dt * va, nb = xb + dt * vb, nc = xc + dt * vc, nd = xd + dt * vd;
      na = na < lo ? lo : na > hi ? hi : na;
      nb = nb < lo ? lo : nb > hi ? hi : nb;
      nc = nc < lo ? lo : nc > hi ? hi : nc;
      nd = nd < lo ? lo : nd > hi ? hi : nd;
      if (wa) va = 0;
      else {
        va += dt * aa;
        xa = na;
      }
      if (wb) vb = 0;
      else {
        vb += dt * ab;
        xb = nb;
      }
      if (wc) vc = 0;
      else {
        vc += dt * ac;
        xc = nc;
      }
      if (wd) vd = 0;
      else {
        vd += dt * ad;
        xd = nd;
      }
    }
    x[i] = xa, x[i + 1] = xb, x[i + 2] = xc, x[i + 3] = xd;
    v[i] = va, v[i + 1] = vb, v[i + 2] = vc, v[i + 3] = vd;
  }
  const out = new Float64Array(1);
  for (; i < n; i++) {
    x[i] = integrate(x[i], v[i], u[i], cfg, out);
    v[i] = out[0];
  }
}
