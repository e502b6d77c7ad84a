/**
 * Speed of one learner iteration (future-kl.md §10: 1 env step, 1 density step, 1 critic step,
 * 1 actor step, target update) with P2's architecture: density 4×256, critic and actor 2×256,
 * batch 32, replay 1000, on an Empty-16x16-shaped open room (dir 4, x 14, y 14; S = 32, 7 actions).
 * One bench per variant family and backend: `future-kl` (CV, N = 10), `joint` (MV), `action` (no
 * density model).
 *
 * Run: `npx -y deno@2 bench -A src/learners/learner_bench.ts`
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../backend/mod.ts";
import type { Variant } from "../results/schema.ts";
import { Rng } from "../rng/mod.ts";
import { learnerConfig, OffPolicyActorCritic } from "./off_policy_ac.ts";
import { OpenRoomEnv } from "./toy_envs.ts";

/** A learner with the reference architecture, prefilled, on `backend`. */
async function prefilled(backend: BackendName, variant: Variant): Promise<OffPolicyActorCritic> {
  await initBackend(backend);
  const learner = new OffPolicyActorCritic({
    env: new OpenRoomEnv({ size: 14, numEnvs: 1 }),
    config: learnerConfig({ variant, mode: "control" }),
    rng: Rng.fromSeed(0),
  });
  learner.prefill();
  return learner;
}

const cases: [BackendName, Variant][] = [
  ["wasm", "future-kl"],
  ["wasm", "joint"],
  ["wasm", "action"],
  ["cpu", "future-kl"],
];
for (const [backend, variant] of cases) {
  const learner = await prefilled(backend, variant);
  Deno.bench({
    name: `${variant} iteration`,
    group: backend,
    // The cpu backend takes a tenth of a second or more per iteration: fewer samples.
    ...(backend === "cpu" ? { n: 20, warmup: 3 } : { n: 400, warmup: 50 }),
    async fn(b) {
      // Each case's tensors live on its backend, so switch before timing.
      await tf.setBackend(backend);
      b.start();
      learner.iterate();
      b.end();
    },
  });
}
