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

/** Names of the coefficients of h (C), h' (D) and h'' (E). */
export type HillCoefficient =
  | "C3"
  | "C4"
  | "C5"
  | "C6"
  | "D2"
  | "D3"
  | "D4"
  | "D5"
  | "E1"
  | "E2"
  | "E3"
  | "E4";

/** The coefficients, for kernels that must compute the same bits as {@link integrate}. */
export const HILL_POLYNOMIAL: Readonly<Record<HillCoefficient, number>> = Object.freeze({
  C3,
  C4,
  C5,
  C6,
  D2,
  D3,
  D4,
  D5,
  E1,
  E2,
  E3,
  E4,
});

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
  // u/m as u·(1/m), the same rounding as the step kernel.
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
