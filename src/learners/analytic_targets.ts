/**
 * Exact targets of the learners' analytic checks on the chain of toy_envs.ts, shared by the
 * single-run learner's tests (analytic_test.ts) and the lockstep learner's
 * (lockstep/lockstep_analytic_test.ts): the future-visitation fixed point of T^π, the discounted
 * occupancy d_T, the soft Q^π, and the float64 forward pass and finite differences the gradient
 * checks compare with; and each check's chain and tolerance, so that both learners face the same
 * problem. Plain arrays, no tfjs.
 *
 * @module
 */

import type { ChainOptions } from "./toy_envs.ts";

/** One analytic check's problem: its chain, the episodes' time limit, the discount and the bar. */
export interface ChainCheck {
  /** The chain (ChainEnv's options less the env count and the stream). */
  chain: Omit<ChainOptions, "numEnvs" | "rng">;
  /** Episodes are cut after this many steps (the learner's `timeLimit`). */
  timeLimit: number;
  /** γ of the target: γ_v of a density, γ of the critic. */
  gamma: number;
  /** The largest error that passes. */
  tolerance: number;
}

/**
 * The future-visitation check: a 5-state chain with a terminal right end and episodes cut at 12
 * steps, so that sequences meet terminals, truncations and the write head; the error is the worst
 * KL(exact ‖ learned) over the non-terminal (x, a), in nats.
 */
export const FIXED_POINT_CHECK: ChainCheck = {
  chain: { states: 5, moveProbability: 0.8, terminalEnd: true },
  timeLimit: 12,
  gamma: 0.9,
  tolerance: 0.01,
};

/**
 * The MV check: a reflecting 5-state chain in episodes of exactly 10 steps, so that replay steps
 * are uniform on 0..9 and the loss's optimum is d_T; the error is the total variation.
 */
export const OCCUPANCY_CHECK: ChainCheck = {
  chain: { states: 5, moveProbability: 0.8, terminalEnd: false },
  timeLimit: 10,
  gamma: 0.9,
  tolerance: 0.01,
};

/**
 * The critic check: a 4-state chain with a terminal right end, the actor frozen, α_sac = 0.05; the
 * error is the worst |Q − Q^π| (Adam's steps keep Q within a few 0.01 of the fixed point at the
 * checks' learning rates).
 */
export const SOFT_Q_CHECK: ChainCheck & { alpha: number } = {
  chain: { states: 4, moveProbability: 0.8, terminalEnd: true },
  timeLimit: 15,
  gamma: 0.9,
  alpha: 0.05,
  tolerance: 0.05,
};

/** The gradient checks' bar on |analytic − finite differences| (scaled by max(1, |∇|) where noted). */
export const GRADIENT_TOLERANCE = 1e-4;

/** A chain's transition law `P[x][a][x']` (ChainEnv.transitionLaw). */
export type TransitionLaw = readonly (readonly (readonly number[])[])[];

/** A policy on the chain: `pi[x][a]`. */
export type ChainPolicy = readonly (readonly number[])[];

/** Solves A X = B for square A by Gauss–Jordan elimination with partial pivoting. */
function solve(a: readonly number[][], b: readonly number[][]): number[][] {
  const n = a.length, m = a.map((r) => [...r]), x = b.map((r) => [...r]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    [m[col], m[piv], x[col], x[piv]] = [m[piv], m[col], x[piv], x[col]];
    const d = m[col][col];
    m[col] = m[col].map((v) => v / d);
    x[col] = x[col].map((v) => v / d);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col];
      m[r] = m[r].map((v, j) => v - f * m[col][j]);
      x[r] = x[r].map((v, j) => v - f * x[col][j]);
    }
  }
  return x;
}

/** KL(p ‖ q) in nats. */
export function kl(p: readonly number[], q: readonly number[]): number {
  return p.reduce((s, pi, i) => (pi > 0 ? s + pi * Math.log(pi / q[i]) : s), 0);
}

/** Total variation ½ Σ |p − q|. */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  return p.reduce((s, v, i) => s + Math.abs(v - q[i]), 0) / 2;
}

/** The (x, a) pairs of an n-chain's non-terminal states, and their rows as the learners take them. */
export interface ChainPairs {
  /** [x, a] for x < n − 1, a ∈ {left, right}, in that order. */
  pairs: [number, number][];
  /** Observation rows (x, 0), one per pair. */
  obs: Int32Array;
  /** The pairs' actions. */
  actions: Int32Array;
}

/** Every (x, a) with x a non-terminal state of an n-chain. */
export function chainPairs(n: number): ChainPairs {
  const pairs = Array.from({ length: 2 * (n - 1) }, (_, r): [number, number] => [r >> 1, r & 1]);
  return {
    pairs,
    obs: Int32Array.from(pairs.flatMap(([x]) => [x, 0])),
    actions: Int32Array.from(pairs.map(([, a]) => a)),
  };
}

/** Observation rows (x, 0) of every state of an n-chain. */
export function chainStates(n: number): Int32Array {
  return Int32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 2 : 0));
}

/** P^π(x'|x) = Σ_a π(a|x) P(x'|x, a). */
function policyTransitions(P: TransitionLaw, pi: ChainPolicy): number[][] {
  return P.map((row, x) => row[0].map((_, y) => row.reduce((s, p, a) => s + pi[x][a] * p[y], 0)));
}

/**
 * The fixed point of T^π for each pair: q^π(·|x,a) = (1−γ) P_xa (I − γP^π)^{-1}, the law of the
 * state k ~ Geometric(1−γ) steps after (x, a), a terminal state absorbing.
 */
export function futureFixedPoint(
  P: TransitionLaw,
  pi: ChainPolicy,
  opts: { gamma: number; pairs: readonly (readonly [number, number])[] },
): number[][] {
  const pPi = policyTransitions(P, pi), g = opts.gamma;
  const identity = pPi.map((_, i) => pPi.map((_, j) => (i === j ? 1 : 0)));
  const resolvent = solve(pPi.map((r, i) => r.map((v, j) => identity[i][j] - g * v)), identity);
  return opts.pairs.map(([x, a]) =>
    resolvent[0].map((_, y) => (1 - g) * P[x][a].reduce((s, p, k) => s + p * resolvent[k][y], 0))
  );
}

/**
 * The discounted occupancy of episodes of exactly `steps` steps from state 0:
 * d_T(x) = Σ_{t<T} γ^t P(x_t = x) / Σ_{t<T} γ^t.
 */
export function discountedOccupancy(
  P: TransitionLaw,
  pi: ChainPolicy,
  opts: { gamma: number; steps: number },
): number[] {
  const pPi = policyTransitions(P, pi), n = P.length;
  let p = Array.from({ length: n }, (_, x): number => (x === 0 ? 1 : 0));
  const occupancy = new Array<number>(n).fill(0);
  let mass = 0;
  for (let t = 0; t < opts.steps; t++) {
    p.forEach((v, x) => (occupancy[x] += opts.gamma ** t * v));
    mass += opts.gamma ** t;
    p = p.map((_, y) => p.reduce((s, v, x) => s + v * pPi[x][y], 0));
  }
  return occupancy.map((v) => v / mass);
}

/**
 * The soft Q^π of each pair of {@link chainPairs} on a chain whose last state is terminal with
 * reward 1 on entering it:
 * Q(x,a) = Σ_x' P(x'|x,a)[r(x') + γ·1(x' ≠ end)·Σ_a' π(a'|x')(Q(x',a') − α log π(a'|x'))].
 */
export function softQ(
  P: TransitionLaw,
  pi: ChainPolicy,
  opts: { gamma: number; alpha: number },
): number[] {
  const { gamma, alpha } = opts, end = P.length - 1, { pairs } = chainPairs(P.length);
  const m = pairs.length;
  const lhs = pairs.map(() => new Array<number>(m).fill(0)), rhs = pairs.map(() => [0]);
  pairs.forEach(([x, a], r) => {
    lhs[r][r] += 1;
    P[x][a].forEach((p, next) => {
      if (next === end) {
        rhs[r][0] += p;
        return;
      }
      pi[next].forEach((q, b) => {
        lhs[r][2 * next + b] -= gamma * p * q;
        rhs[r][0] -= gamma * p * q * alpha * Math.log(q);
      });
    });
  });
  return solve(lhs, rhs).map(([v]) => v);
}

/**
 * A tanh MLP of layer widths `sizes` in float64 with exact tanh, from its parameters `theta` laid
 * out as `Mlp.parameters` (each layer's W̃ = [W; b], hidden layers with the constant unit, row-major,
 * layer after layer): outputs of the input rows `x` (each ending in the constant 1).
 */
export function forward64(
  sizes: readonly number[],
  theta: Float64Array,
  x: number[][],
): number[][] {
  let h = x, at = 0;
  const layers = sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const hidden = l < layers - 1, fanIn = sizes[l] + 1, cols = sizes[l + 1] + (hidden ? 1 : 0);
    h = h.map((row) =>
      Array.from({ length: cols }, (_, o) => {
        let z = 0;
        for (let i = 0; i < fanIn; i++) z += row[i] * theta[at + i * cols + o];
        return hidden ? Math.tanh(z) : z;
      })
    );
    at += fanIn * cols;
  }
  return h;
}

/** Central finite differences of `f` at `theta` on `coords`, step 1e−5. */
export function finiteDifferences(
  f: (theta: Float64Array) => number,
  theta: Float64Array,
  coords: readonly number[],
): number[] {
  return coords.map((i) => {
    const plus = theta.slice(), minus = theta.slice();
    plus[i] += 1e-5;
    minus[i] -= 1e-5;
    return (f(plus) - f(minus)) / 2e-5;
  });
}

/** Every 7th of `n` parameters, a spread over all layers. */
export function someCoords(n: number): number[] {
  return Array.from({ length: Math.ceil(n / 7) }, (_, i) => i * 7);
}
