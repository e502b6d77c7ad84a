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
import type { CodeTable } from "./future_kl.ts";
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

/**
 * A per-rollout column computed after the rollouts from their bin-code table (`codes[t·n + i]`,
 * t = 0..T, the fit bin of x_t as {@link binCode} writes it), e.g. the pooled future-KL of
 * hill.md §9. Variants that bring a column of their own supply one.
 */
export type CodeColumn = (codes: Uint8Array, shape: CodeTable) => Float64Array;

/** Options of {@link hillRollouts}. */
export interface HillRolloutOptions {
  /** The policy θ = (K, σ), or one policy per group of `rollouts` cars. */
  policy: LinearGaussianPolicy | LinearGaussianPolicy[];
  /** Rollouts per group (with a single policy: all rollouts). */
  rollouts: number;
  /** The stream, or one per group; children "policy" and "env" draw ε and ξ. */
  rng: Rng | Rng[];
  /** Env constants; defaults to the reference. */
  env?: Readonly<HillConfig>;
  /** State-density normalisation (quirk H3); default `reference`. */
  densityNorm?: DensityNorm;
  /** Also return the REINFORCE scores of hill.md §5 (default false). */
  scores?: boolean;
  /** Columns to compute from the bin codes, by name (returned in `own`); default none. */
  codeColumns?: Readonly<Record<string, CodeColumn>>;
  /** Also return the states and actions, time-major (default false). */
  trajectories?: boolean;
}

/** States x_t, v_t (t = 0..T) and pre-noise actions a_t (t < T), time-major: `x[t·n + i]`. */
export interface HillTrajectories {
  /** Positions, (T + 1) × n. */
  x: Float64Array;
  /** Velocities, (T + 1) × n. */
  v: Float64Array;
  /** Pre-noise actions, T × n. */
  a: Float64Array;
}

/** Per-rollout discounted columns of hill.md §3, plus what the gradient experiments need. */
export interface HillRolloutColumns {
  /** Σ γ^t (−h(x_{t+1})). */
  J: Float64Array;
  /** Σ γ^t (−log(10⁻⁴ + p̂(x_t))), t = 0..T−1, with p̂ fitted on the rollouts of the group. */
  J_state: Float64Array;
  /** Σ γ^t [1 + (x_t + 3)/6 if −3 ≤ x_t ≤ 3 else −h(x_{t+1})] (quirk H7). */
  J_c: Float64Array;
  /** Σ γ^t (−log π(a_t|x_t)), a_t pre-noise. */
  J_action: Float64Array;
  /** The columns asked for in `codeColumns`, by name. */
  own: Record<string, Float64Array>;
  /** x_T of each rollout. */
  finalX: Float64Array;
  /** States and actions, when asked for. */
  trajectories?: HillTrajectories;
  /** Σ_t (a_t − μ_t)/s² · (x_t − 3), s = σ + 10⁻⁶ (quirk H6); present when asked for. */
  scoreK?: Float64Array;
  /** Σ_t [(a_t − μ_t)²/s³ − 1/s]; present when asked for. */
  scoreSigma?: Float64Array;
}

/**
 * Runs rollouts of the linear-Gaussian policy on the hill, all cars stepped together, and returns
 * the per-rollout columns. With one policy, the state density p̂ is fitted on all rollouts of the
 * call (hill.md §3: "per grid point, on all of that point's rollouts"); with one policy per group,
 * each group is an independent batch with its own streams and its own p̂ (hill.md §5b).
 */
export function hillRollouts(opts: HillRolloutOptions): HillRolloutColumns {
  const env = opts.env ?? HILL_REFERENCE;
  const policies = Array.isArray(opts.policy) ? opts.policy : [opts.policy];
  const streams = Array.isArray(opts.rng) ? opts.rng : [opts.rng];
  const groups = policies.length, size = opts.rollouts, n = groups * size, T = env.horizon;
  if (streams.length !== groups) {
    throw new RangeError(
      `hillRollouts: ${groups} policies need ${groups} streams, got ${streams.length}`,
    );
  }
  const gK = new Float64Array(groups),
    gStd = new Float64Array(groups),
    gS = new Float64Array(groups);
  const gHalfLog = new Float64Array(groups);
  policies.forEach(({ K, sigma }, g) => {
    if (!(sigma >= 0) || !Number.isFinite(K)) {
      throw new RangeError(`policy needs finite K and sigma >= 0, got K=${K}, sigma=${sigma}`);
    }
    gK[g] = K;
    gStd[g] = policyStd(sigma);
    gS[g] = sigma + POLICY_VARIANCE_FLOOR;
    gHalfLog[g] = 0.5 * Math.log(2 * Math.PI * gStd[g] * gStd[g]);
  });
  const batch = new HillBatch(n, streams.map((r) => r.child("env")), env);
  const policyRngs = streams.map((r) => r.child("policy"));
  const gamma = env.gamma, xTarget = env.xTarget;

  const J = new Float64Array(n), J_c = new Float64Array(n), J_action = new Float64Array(n);
  const scoreK = opts.scores ? new Float64Array(n) : undefined;
  const scoreSigma = opts.scores ? new Float64Array(n) : undefined;
  const eps = new Float64Array(n), actions = new Float64Array(n);
  // One bin code per (t, rollout) for x_0..x_T, written sequentially; histograms come afterwards.
  const codes = new Uint8Array((T + 1) * n);
  const cInside = new Uint8Array(n);
  const { x } = batch;
  const traj: HillTrajectories | undefined = opts.trajectories
    ? {
      x: new Float64Array((T + 1) * n),
      v: new Float64Array((T + 1) * n),
      a: new Float64Array(T * n),
    }
    : undefined;

  let discount = 1;
  for (let t = 0; t < T; t++) {
    for (let g = 0; g < groups; g++) {
      policyRngs[g].fillNormal(eps.subarray(g * size, (g + 1) * size));
    }
    for (let g = 0, i = 0; g < groups; g++) {
      const K = gK[g], std = gStd[g], s = gS[g], halfLog = gHalfLog[g];
      for (const end = i + size; i < end; i++) {
        const xi = x[i];
        const e = eps[i];
        actions[i] = K * (xi - xTarget) + std * e;
        J_action[i] += discount * (halfLog + 0.5 * e * e);
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
    }
    if (traj) {
      traj.x.set(x, t * n);
      traj.v.set(batch.v, t * n);
      traj.a.set(actions, t * n);
    }
    batch.step(actions);
    const r = batch.reward;
    for (let i = 0; i < n; i++) {
      J[i] += discount * r[i];
      if (!cInside[i]) J_c[i] += discount * r[i];
    }
    discount *= gamma;
  }
  for (let i = 0; i < n; i++) codes[T * n + i] = binCode(x[i]);
  if (traj) {
    traj.x.set(x, T * n);
    traj.v.set(batch.v, T * n);
  }

  const J_state = stateColumn(codes, {
    groups,
    size,
    T,
    gamma,
    norm: opts.densityNorm ?? "reference",
  });
  const own: Record<string, Float64Array> = {};
  for (const [name, column] of Object.entries(opts.codeColumns ?? {})) {
    own[name] = column(codes, { groups, size, T, gamma });
  }
  return {
    J,
    J_state,
    J_c,
    J_action,
    own,
    finalX: Float64Array.from(x),
    scoreK,
    scoreSigma,
    trajectories: traj,
  };
}

/** J_state per rollout: p̂ fitted per group (weights γ^{t+1} over x_0..x_{T−1}), then Σ γ^t bonus. */
function stateColumn(codes: Uint8Array, shape: CodeTable & { norm: DensityNorm }): Float64Array {
  const { groups, size, T, gamma } = shape, n = groups * size;
  const fitMass = new Float64Array(groups * HILL_BINS);
  // Loops run group by group: a car's group is then known without dividing its index.
  let discount = gamma;
  for (let t = 0; t < T; t++, discount *= gamma) {
    for (let g = 0, k = t * n; g < groups; g++) {
      const mass = g * HILL_BINS;
      for (const end = k + size; k < end; k++) {
        const code = codes[k];
        if (code !== OUTSIDE) fitMass[mass + (code & (ON_EDGE - 1))] += discount;
      }
    }
  }
  const bonus: Float64Array[] = [];
  for (let g = 0; g < groups; g++) {
    bonus.push(
      stateBonusPerSlot(
        densityFromMass(fitMass.subarray(g * HILL_BINS, (g + 1) * HILL_BINS), shape.norm),
      ),
    );
  }
  const out = new Float64Array(n);
  discount = 1;
  for (let t = 0; t < T; t++, discount *= gamma) {
    for (let g = 0, i = 0, k = t * n; g < groups; g++) {
      const own = bonus[g];
      for (const end = i + size; i < end; i++, k++) {
        const code = codes[k];
        out[i] += discount * own[code >= ON_EDGE ? EDGE_SLOT : code];
      }
    }
  }
  return out;
}
