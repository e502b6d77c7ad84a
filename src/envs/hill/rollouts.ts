import type { Rng } from "../../rng/mod.ts";
import { HILL_REFERENCE, type HillConfig } from "./dynamics.ts";
import {
  binCode,
  densityFromMass,
  type DensityNorm,
  EDGE_SLOT,
  HILL_BINS,
  ON_EDGE,
  OUTSIDE,
  stateBonusPerSlot,
} from "./density.ts";
import { HillBatch } from "./hill_batch.ts";

/** P1's linear-Gaussian policy π(a|x) = N(K(x − xTarget), σ² + 10⁻⁶); σ is a standard deviation. */
export interface LinearGaussianPolicy {
  /** Feedback gain K. */
  K: number;
  /** Standard deviation σ ≥ 0. */
  sigma: number;
}

/** Variance floor of the policy (hill.md §2): σ = 0 still has std 0.001. */
export const POLICY_VARIANCE_FLOOR = 1e-6;

/** The policy's actual standard deviation √(σ² + 10⁻⁶). */
export function policyStd(sigma: number): number {
  return Math.sqrt(sigma * sigma + POLICY_VARIANCE_FLOOR);
}

/** Options of {@link hillRollouts}. */
export interface HillRolloutOptions {
  /** The policy θ = (K, σ). */
  policy: LinearGaussianPolicy;
  /** Number of rollouts N. */
  rollouts: number;
  /** Stream for this batch; children "policy" and "env" draw ε and ξ. */
  rng: Rng;
  /** Env constants; defaults to the reference. */
  env?: Readonly<HillConfig>;
  /** State-density normalisation (quirk H3); default `reference`. */
  densityNorm?: DensityNorm;
  /** Also return the REINFORCE scores of hill.md §5 (default false). */
  scores?: boolean;
}

/** Per-rollout discounted columns of hill.md §3, plus what the gradient experiments need. */
export interface HillRolloutColumns {
  /** Σ γ^t (−h(x_{t+1})). */
  J: Float64Array;
  /** Σ γ^t (−log(10⁻⁴ + p̂(x_t))), t = 0..T−1, with p̂ fitted on this batch's rollouts. */
  J_state: Float64Array;
  /** Σ γ^t [1 + (x_t + 3)/6 if −3 ≤ x_t ≤ 3 else −h(x_{t+1})] (quirk H7). */
  J_c: Float64Array;
  /** Σ γ^t (−log π(a_t|x_t)), a_t pre-noise. */
  J_action: Float64Array;
  /** x_T of each rollout. */
  finalX: Float64Array;
  /** Σ_t (a_t − μ_t)/s² · (x_t − 3), s = σ + 10⁻⁶ (quirk H6); present when asked for. */
  scoreK?: Float64Array;
  /** Σ_t [(a_t − μ_t)²/s³ − 1/s]; present when asked for. */
  scoreSigma?: Float64Array;
}

/**
 * Runs N rollouts of the linear-Gaussian policy on the hill, all cars stepped together, and returns
 * the per-rollout columns. The state density p̂ is fitted on all N rollouts of this call (hill.md
 * §3: "per grid point, on all of that point's rollouts").
 */
export function hillRollouts(opts: HillRolloutOptions): HillRolloutColumns {
  const env = opts.env ?? HILL_REFERENCE;
  const n = opts.rollouts;
  const { K, sigma } = opts.policy;
  if (!(sigma >= 0) || !Number.isFinite(K)) {
    throw new RangeError(`policy needs finite K and sigma >= 0, got K=${K}, sigma=${sigma}`);
  }
  const batch = new HillBatch(n, opts.rng.child("env"), env);
  const policyRng = opts.rng.child("policy");
  const std = policyStd(sigma);
  const s = sigma + POLICY_VARIANCE_FLOOR;
  const halfLog2PiVar = 0.5 * Math.log(2 * Math.PI * std * std);
  const gamma = env.gamma, xTarget = env.xTarget;

  const J = new Float64Array(n), J_c = new Float64Array(n), J_action = new Float64Array(n);
  const scoreK = opts.scores ? new Float64Array(n) : undefined;
  const scoreSigma = opts.scores ? new Float64Array(n) : undefined;
  const eps = new Float64Array(n), actions = new Float64Array(n);
  // One bin code per (t, rollout), written sequentially; the histogram is fitted afterwards.
  const codes = new Uint8Array(env.horizon * n);
  const cInside = new Uint8Array(n);
  const { x } = batch;

  let discount = 1;
  for (let t = 0; t < env.horizon; t++) {
    policyRng.fillNormal(eps);
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const e = eps[i];
      actions[i] = K * (xi - xTarget) + std * e;
      J_action[i] += discount * (halfLog2PiVar + 0.5 * e * e);
      // Bonus on x_0..x_{T−1}, reward on x_1..x_T (quirk H5).
      codes[t * n + i] = binCode(xi);
      if (xi >= -3 && xi <= 3) {
        cInside[i] = 1;
        J_c[i] += discount * (1 + (xi + 3) / 6);
      } else cInside[i] = 0;
      if (scoreK && scoreSigma) {
        const d = std * e;
        scoreK[i] += (d / (s * s)) * (xi - xTarget);
        scoreSigma[i] += (d * d) / (s * s * s) - 1 / s;
      }
    }
    batch.step(actions);
    const r = batch.reward;
    for (let i = 0; i < n; i++) {
      J[i] += discount * r[i];
      if (!cInside[i]) J_c[i] += discount * r[i];
    }
    discount *= gamma;
  }

  // Histogram weights γ^{t+1} ∝ γ^t over every x_t of every rollout (numpy fit bins).
  const fitMass = new Float64Array(HILL_BINS);
  discount = gamma;
  for (let t = 0; t < env.horizon; t++, discount *= gamma) {
    for (let k = t * n, end = k + n; k < end; k++) {
      const code = codes[k];
      if (code !== OUTSIDE) fitMass[code & (ON_EDGE - 1)] += discount;
    }
  }
  const bonus = stateBonusPerSlot(densityFromMass(fitMass, opts.densityNorm ?? "reference"));
  const J_state = new Float64Array(n);
  discount = 1;
  for (let t = 0; t < env.horizon; t++, discount *= gamma) {
    for (let i = 0, k = t * n; i < n; i++, k++) {
      const code = codes[k];
      J_state[i] += discount * bonus[code >= ON_EDGE ? EDGE_SLOT : code];
    }
  }
  return { J, J_state, J_c, J_action, finalX: Float64Array.from(x), scoreK, scoreSigma };
}
