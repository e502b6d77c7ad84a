/**
 * The test kit every variant record passes (CONTRIBUTING.md, "Add a variant"): a new record file
 * is checked here without a line of its own. Per record: its Minigrid bonus is finite and the same
 * for the same seed; its model's state survives a checkpoint file; its hill part, if any, gives
 * finite, seed-determined columns and titled panels; a result file of it is readable, so the
 * report shows it; and `bench --list` names it.
 */

import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { hillRollouts } from "../../envs/hill/mod.ts";
import { readCheckpointSync, writeCheckpointSync } from "../../checkpoint/mod.ts";
import { parseResultFile } from "../../results/io.ts";
import { Rng } from "../../rng/mod.ts";
import { createExploration, variantWeights } from "../mod.ts";
import { type ExplorationSettings, SequenceBatch } from "../exploration.ts";
import { SymbolicLayout } from "../../nn/symbolic.ts";
import { HILL_CODE_COLUMNS, HILL_COLUMNS, HILL_PANELS, hillWeights, panelTitle } from "./hill.ts";
import { type Variant, VARIANT_RECORDS, VARIANTS } from "./mod.ts";

const LAYOUT = new SymbolicLayout([4, 5, 5], [1, 2]);
const B = 8, N = 10, C = LAYOUT.components;

/** The learner's settings for `variant`, with small networks. */
function settings(variant: Variant): ExplorationSettings {
  return {
    ...variantWeights(variant),
    gammaVisitation: 0.98,
    lrDensity: 1e-3,
    densityHidden: [16],
    initGain: 1.414,
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEps: 1e-8,
    rewardClip: 1000,
    fidelity: "corrected",
  };
}

/** A replay-like batch of sequences of random states, from `seed`. */
function batchOf(seed: number): SequenceBatch {
  const batch = new SequenceBatch(B, N, C);
  const rng = Rng.fromSeed(seed);
  const draw = (a: Int32Array): void => {
    for (let i = 0; i < a.length; i++) a[i] = rng.int(LAYOUT.sizes[i % C]);
  };
  draw(batch.obs);
  draw(batch.nextObs);
  for (let i = 0; i < batch.steps.length; i++) batch.steps[i] = i % N;
  return batch;
}

const POLICY = (_obs: Int32Array, rows: number, out: Int32Array): Promise<void> => {
  out.fill(2, 0, rows);
  return Promise.resolve();
};

/** A model's checkpoint state. */
type State = Awaited<ReturnType<ReturnType<typeof createExploration>["saveState"]>>;

/**
 * Builds `variant`'s model from `seed` and runs one iteration (states observed, a density step),
 * or instead loads `state`; saves its state, runs a second density step and returns r_int.
 */
async function drive(
  variant: Variant,
  seed: number,
  state?: State,
): Promise<{ rewards: Float32Array; saved: State }> {
  const model = createExploration(variant, {
    layout: LAYOUT,
    numActions: 7,
    batchSize: B,
    settings: settings(variant),
    rng: Rng.fromSeed(seed),
  });
  try {
    if (state) model.loadState(state);
    else {
      const batch = batchOf(1);
      model.observe?.(batch.obs, B * N);
      if (model.learnsDensity) await model.update(batch, POLICY);
    }
    const saved = await model.saveState();
    if (model.learnsDensity) await model.update(batchOf(2), POLICY);
    const rewards = new Float32Array(B).fill(NaN);
    await model.reward(batchOf(3), POLICY, rewards);
    return { rewards, saved };
  } finally {
    model.dispose();
  }
}

for (const record of VARIANT_RECORDS) {
  Deno.test(`variant kit, ${record.id}: Minigrid bonus finite, seed-determined, checkpointed`, async () => {
    await initBackend("cpu");
    const a = await drive(record.id, 11), b = await drive(record.id, 11);
    assert.ok(a.rewards.every(Number.isFinite), `${record.id}: ${a.rewards}`);
    assert.deepEqual(b.rewards, a.rewards, "same seed, same bonus");
    // Through a checkpoint file into a fresh model of the same configuration: it goes on exactly
    // as the saved one did.
    const path = await Deno.makeTempFile({ suffix: ".json" });
    try {
      writeCheckpointSync(path, a.saved);
      const resumed = await drive(record.id, 11, readCheckpointSync(path)!);
      assert.deepEqual(resumed.rewards, a.rewards, "resumed from the checkpoint");
    } finally {
      await Deno.remove(path);
    }
  });

  Deno.test(`variant kit, ${record.id}: readable as a result, shown by the hill page if it runs there`, () => {
    const result = {
      schema: 1,
      runId: "0123456789abcdef",
      benchmark: "minigrid/explore/MiniGrid-Empty-16x16-v0",
      variant: record.id,
      lambda: 0.01,
      seed: 1,
      config: {},
      manifest: {
        commit: "x",
        dirty: false,
        deno: "2",
        tfjs: "4.22.0",
        backend: "wasm",
        adapter: null,
        os: "linux",
        cpus: 2,
        startedAt: "2026-01-01T00:00:00.000Z",
        wallSeconds: 1,
      },
      metrics: { final_entropy: 1 },
    };
    assert.equal(parseResultFile(JSON.stringify(result), "kit").variant, record.id);
    assert.ok(record.title.length > 0 && record.definition.includes("R^int"));
    if (!("hill" in record)) return;
    const panels = HILL_PANELS.filter((p) => p.variant === record.id);
    assert.equal(panels.length, record.hill.panelLambdas.length);
    for (const p of panels) assert.match(panelTitle(p), new RegExp(`^(${record.id} λ=|J \\()`));
    const w = hillWeights(record.id, 0.5);
    assert.equal(w.length, HILL_COLUMNS.length);
    assert.ok(w.every(Number.isFinite) && w[0] === 1);
    const columns = (seed: number): Float64Array[] => {
      const c = hillRollouts({
        policy: { K: -0.5, sigma: 1 },
        rollouts: 16,
        rng: Rng.fromSeed(seed),
        codeColumns: HILL_CODE_COLUMNS,
      });
      return HILL_COLUMNS.map((name) => c.own[name] ?? c[name as "J"]);
    };
    const [x, y] = [columns(5), columns(5)];
    assert.deepEqual(x, y, "same seed, same columns");
    assert.ok(x.every((col) => col.every(Number.isFinite)));
  });
}

Deno.test("variant kit: bench --list names every variant", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "src/cli/bench.ts", "--list", "--profile", "quick"],
    cwd: new URL("../../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const text = new TextDecoder().decode(out.stdout);
  const listed = new Set([...text.matchAll(/(?:variants: |; )([a-z-]+) λ/g)].map((m) => m[1]));
  assert.deepEqual([...VARIANTS].filter((v) => !listed.has(v)), []);
});
