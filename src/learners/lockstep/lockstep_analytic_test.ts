/**
 * The lockstep learner against the single-run learner's analytic checks (analytic_targets.ts: the
 * same chains, exact targets and tolerances): its CV density converges to the fixed point of T^π,
 * its MV density to the discounted occupancy d_T, its critic to the exact soft Q^π, and its
 * stacked networks' gradients match finite differences. Each check trains R = 2 runs of different
 * seeds and coefficients, actor frozen (lr_actor = 0) so that π and with it the target are fixed,
 * and checks every run against the target of its own π.
 *
 * The convergence checks train on wasm; where a WebGPU adapter exists the same learner then goes
 * on for a few iterations on webgpu (tfjs moves its tensors there), and every run must still meet
 * its target, read back through webgpu's kernels. Training from scratch on webgpu is out of reach
 * here: on Mesa's llvmpipe an iteration of these learners takes 0.1–0.7 s.
 */

import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type BackendName, hasWebgpuAdapter, initBackend } from "../../backend/mod.ts";
import type { Variant } from "../../results/schema.ts";
import { Rng } from "../../rng/mod.ts";
import {
  type ChainCheck,
  chainPairs,
  type ChainPolicy,
  chainStates,
  discountedOccupancy,
  finiteDifferences,
  FIXED_POINT_CHECK,
  forward64,
  futureFixedPoint,
  GRADIENT_TOLERANCE,
  kl,
  OCCUPANCY_CHECK,
  SOFT_Q_CHECK,
  softQ,
  someCoords,
  totalVariation,
  type TransitionLaw,
} from "../analytic_targets.ts";
import { learnerConfig, type LearnerMode, type OffPolicyAcConfig } from "../off_policy_ac.ts";
import { ChainEnv } from "../toy_envs.ts";
import { LockstepActorCritic, type LockstepRun } from "./mod.ts";
import { StackedMlp } from "./stacked_mlp.ts";

const WEBGPU = await hasWebgpuAdapter();

/**
 * The runs' seeds draw frozen policies that take each action with probability ≥ 0.2 in every state,
 * so that every (x, a) is visited often enough to be learned (seed 2's, right with probability
 * ~0.1 everywhere, leaves x = 3 almost unvisited and its future law unlearnt).
 */
const SEEDS = [8, 12];
const MIN_ACTION_PROBABILITY = 0.2;

/** π(·|x) of every run at every state of an n-chain. */
function policies(learner: LockstepActorCritic, n: number): Promise<ChainPolicy[]> {
  return Promise.all(
    Array.from(
      { length: learner.runs },
      (_, r) => learner.actionProbabilities(r, chainStates(n), n),
    ),
  );
}

/** One run of a check: its seed and λ (the variant's coefficient). */
interface RunSpec {
  seed: number;
  lambda?: number;
}

/** What one run's error is computed from: the chain's law, the run's π and its config. */
interface RunTarget {
  learner: LockstepActorCritic;
  run: number;
  P: TransitionLaw;
  pi: ChainPolicy;
  config: OffPolicyAcConfig;
}

/**
 * Trains runs of `variant` in `mode` on the check's chain (one per spec, actor frozen, with
 * `overrides`) for `iterations.wasm` iterations on wasm and checks each run's error against
 * `check.tolerance`; then, where an adapter exists, `iterations.webgpu` more on webgpu, checked
 * again.
 */
async function convergesOnBothBackends(opts: {
  name: string;
  check: ChainCheck;
  variant: Variant;
  mode: LearnerMode;
  specs: readonly RunSpec[];
  overrides: Partial<OffPolicyAcConfig>;
  iterations: { wasm: number; webgpu: number };
  error: (target: RunTarget) => Promise<number>;
}): Promise<void> {
  const { check } = opts, n = check.chain.states;
  const envs = opts.specs.map(({ seed }) =>
    new ChainEnv({ ...check.chain, numEnvs: 1, rng: Rng.fromSeed(seed).child("env") })
  );
  const runs: LockstepRun[] = opts.specs.map(({ seed, lambda }, r) => ({
    config: learnerConfig({
      variant: opts.variant,
      mode: opts.mode,
      lambda,
      overrides: {
        gamma: check.gamma,
        gammaVisitation: check.gamma,
        timeLimit: check.timeLimit,
        lrActor: 0,
        actorHidden: [8],
        ...opts.overrides,
      },
    }),
    env: envs[r],
    rng: Rng.fromSeed(seed).child("learner"),
  }));
  await initBackend("wasm");
  const learner = new LockstepActorCritic({ runs });
  try {
    (await policies(learner, n)).forEach((p, r) =>
      assert.ok(
        Math.min(...p.flat()) >= MIN_ACTION_PROBABILITY,
        `run ${r}'s frozen π takes an action with probability < ${MIN_ACTION_PROBABILITY}: ` +
          "its target is not learnable in this budget, pick another seed",
      )
    );
    await learner.prefill();
    const stages: [BackendName, number][] = [["wasm", opts.iterations.wasm]];
    if (WEBGPU) stages.push(["webgpu", opts.iterations.webgpu]);
    else console.log("  no WebGPU adapter here: the webgpu part is skipped");
    for (const [backend, iterations] of stages) {
      await initBackend(backend);
      const start = performance.now();
      for (let it = 0; it < iterations; it++) await learner.iterate();
      const seconds = (performance.now() - start) / 1000;
      const pi = await policies(learner, n), errors: number[] = [];
      for (let r = 0; r < runs.length; r++) {
        const P = envs[r].transitionLaw();
        errors.push(await opts.error({ learner, run: r, P, pi: pi[r], config: runs[r].config }));
      }
      console.log(
        `  ${backend}, ${iterations} iterations (${seconds.toFixed(1)} s): ${opts.name} = ${
          errors.map((e) => e.toFixed(5)).join(", ")
        }`,
      );
      errors.forEach((e, r) =>
        assert.ok(e < check.tolerance, `${backend}, run ${r}: ${opts.name} ${e}`)
      );
    }
  } finally {
    learner.dispose();
  }
}

Deno.test("lockstep: each run's q(z|s,a) converges to its fixed point of T^π (corrected sampler)", async () => {
  const check = FIXED_POINT_CHECK, { pairs, obs, actions } = chainPairs(check.chain.states);
  await convergesOnBothBackends({
    name: "max KL(exact ‖ learned)",
    check,
    variant: "future-kl",
    mode: "explore",
    specs: [{ seed: SEEDS[0] }, { seed: SEEDS[1], lambda: 0.05 }],
    // A large replay (see analytic_test.ts), and a large batch at a higher rate than the
    // single-run check's to converge in fewer iterations: on wasm, the batched products cost
    // ~10× the single-run ones per row.
    overrides: {
      lrDensity: 2e-3,
      densityHidden: [16, 16],
      criticHidden: [8],
      batchSize: 1024,
      replaySize: 20000,
      prefill: 20000,
    },
    // 8 webgpu iterations are enough to fail it when the gradients' sign is flipped there.
    iterations: { wasm: 1000, webgpu: 8 },
    error: async ({ learner, run, P, pi }) => {
      const laws = await learner.componentLaws(run, obs, actions);
      const exact = futureFixedPoint(P, pi, { gamma: check.gamma, pairs });
      return Math.max(...exact.map((law, i) => kl(law, laws[i][0])));
    },
  });
});

Deno.test("lockstep: each run's MV d_ψ converges to its discounted occupancy d_T", async () => {
  const check = OCCUPANCY_CHECK;
  await convergesOnBothBackends({
    name: "TV(d_T, d_ψ)",
    check,
    variant: "state",
    mode: "explore",
    specs: [{ seed: SEEDS[0] }, { seed: SEEDS[1], lambda: 0.05 }],
    // Episodes of exactly T steps fill the buffer (see analytic_test.ts).
    overrides: {
      lrDensity: 2e-3,
      criticHidden: [8],
      batchSize: 512,
      replaySize: check.timeLimit * 2000,
      prefill: check.timeLimit * 2000,
    },
    iterations: { wasm: 2500, webgpu: 60 },
    error: async ({ learner, run, P, pi }) => {
      const exact = discountedOccupancy(P, pi, { gamma: check.gamma, steps: check.timeLimit });
      return totalVariation(exact, (await learner.mvProbabilities(run))[0]);
    },
  });
});

Deno.test("lockstep: with the actor frozen, each run's Q converges to its exact soft Q^π", async () => {
  const check = SOFT_Q_CHECK, { obs, actions } = chainPairs(check.chain.states);
  await convergesOnBothBackends({
    name: "max |Q − Q^π|",
    check,
    // `action` with λ = α_sac: the check's α, and twice it for the second run.
    variant: "action",
    mode: "control",
    specs: [{ seed: SEEDS[0], lambda: check.alpha }, { seed: SEEDS[1], lambda: 2 * check.alpha }],
    overrides: {
      lrCritic: 2e-4,
      criticHidden: [32, 32],
      batchSize: 128,
      replaySize: 5000,
      prefill: 5000,
    },
    iterations: { wasm: 1500, webgpu: 10 },
    error: async ({ learner, run, P, pi, config }) => {
      const q = await learner.qValues(run, obs, actions);
      const exact = softQ(P, pi, { gamma: check.gamma, alpha: config.alphaSac });
      return Math.max(...exact.map((v, i) => Math.abs(v - q[i])));
    },
  });
});

for (const backend of ["wasm", "webgpu"] as const) {
  Deno.test({
    name: `lockstep ${backend}: the stacked networks' gradients match finite differences per run`,
    ignore: backend === "webgpu" && !WEBGPU,
    fn: async () => {
      await initBackend(backend);
      const R = 3, rows = 4, sizes = [5, 6, 6, 1];
      const net = StackedMlp.create({
        sizes,
        gain: 1.414,
        rngs: Array.from({ length: R }, (_, r) => Rng.fromSeed(20 + r)),
      });
      const xRng = Rng.fromSeed(30), y = [0.3, -0.2, 1.1, 0.5];
      const x = Array.from(
        { length: R * rows },
        () => [...Array.from({ length: 5 }, () => xRng.normal()), 1],
      );
      const grads = await net.gradients(Float32Array.from(x.flat()), rows, (q, g) => {
        for (let i = 0; i < q.length; i++) g[i] = (2 * (q[i] - y[i % rows])) / rows;
      });
      const dW = await Promise.all(grads.map((g) => g.data()));
      tf.dispose(grads);
      let worst = 0;
      for (let r = 0; r < R; r++) {
        // Run r's parameters and gradient, layer after layer (Mlp.parameters' layout).
        const layers = await net.runParameters(r);
        const theta = Float64Array.from(layers.flatMap((l) => Array.from(l)));
        const grad = dW.flatMap((d, l) =>
          Array.from(d.subarray(r * layers[l].length, (r + 1) * layers[l].length))
        );
        const xs = x.slice(r * rows, (r + 1) * rows);
        const loss = (th: Float64Array): number =>
          forward64(sizes, th, xs).reduce((s, [q], b) => s + (q - y[b]) ** 2 / rows, 0);
        const coords = someCoords(theta.length), fd = finiteDifferences(loss, theta, coords);
        const runWorst = Math.max(...coords.map((i, k) => Math.abs(grad[i] - fd[k])));
        assert.ok(runWorst < GRADIENT_TOLERANCE, `run ${r}: max |∇L − FD| = ${runWorst}`);
        worst = Math.max(worst, runWorst);
      }
      console.log(`  ${backend}: max |∇L − FD| = ${worst.toExponential(2)}`);
      net.dispose();
    },
  });
}
