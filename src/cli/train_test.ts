import assert from "node:assert/strict";
import { runCli } from "./cli_process.ts";
import { LearnerSettingsSchema } from "../learners/mod.ts";
import { VARIANTS } from "../results/schema.ts";

Deno.test("train CLI: progress lines, then the final metrics as one JSON line", async () => {
  const r = await runCli("train.ts", [
    "--env=MiniGrid-Empty-8x8-v0",
    "--variant=joint",
    "--mode=control",
    "--iterations=3",
    "--seed=1",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^train minigrid\/control\/MiniGrid-Empty-8x8-v0 joint λ=0\.01 seed 1/);
  assert.match(lines[1], /^it +0 +return \d\.\d{3} +entropy \d\.\d{3} /);
  const metrics = JSON.parse(lines.at(-1)!);
  assert.deepEqual(Object.keys(metrics), [
    "final_return",
    "final_entropy",
    "second_half_return",
    "second_half_entropy",
    "iterations",
  ]);
  assert.equal(metrics.iterations, 3);
});

Deno.test("train CLI: bad flags give one error line naming the flag, exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--variant=none", "--mode=explore"], /^error: missing --env \(--env\)/],
    [
      ["--env=MiniGrid-Empty-8x8-v0", "--variant=curious", "--mode=explore"],
      new RegExp(`^error: bad value 'curious' \\(--variant\\): use one of ${VARIANTS.join(", ")}$`),
    ],
    [
      ["--env=MiniGrid-DoorKey-8x8-v0", "--variant=none", "--mode=explore"],
      /^error: bad value 'MiniGrid-DoorKey-8x8-v0' \(--env\): expected an Empty, SimpleCrossing /,
    ],
    [
      ["--env=MiniGrid-Empty-8x8-v0", "--variant=none", "--mode=explore", "--lr-actor=-1"],
      /^error: bad value '-1' \(--lr-actor\): Number must be greater than 0; the default is 0\.00001$/,
    ],
    [
      ["--env=MiniGrid-Empty-8x8-v0", "--variant=none", "--mode=explore", "--actor-hidden=64,x"],
      /^error: bad value '64,x' \(--actor-hidden\): .*; the default is 256,256$/,
    ],
    [
      ["--env=MiniGrid-Empty-8x8-v0", "--variant=none", "--mode=explore", "--lr=1e-3"],
      /^error: unknown flag --lr \(--lr\): usage: /,
    ],
  ];
  for (const [args, re] of cases) {
    const r = await runCli("train.ts", args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr.trim(), re);
  }
});

Deno.test("train CLI: --help lists every learner setting with its description and default", async () => {
  const r = await runCli("train.ts", ["--help"]);
  assert.equal(r.code, 0, r.stderr);
  for (const [key, schema] of Object.entries(LearnerSettingsSchema.shape)) {
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const line = r.stdout.split("\n").find((l) => l.startsWith(`  --${flag}=`));
    assert.ok(line?.includes(`${schema.description} (default `), key);
  }
  assert.match(
    r.stdout,
    /--lr-actor=VALUE +Adam learning rate of the actor \(default 0\.00001; fast: 0\.0001\)/,
  );
  assert.match(r.stdout, /--density-hidden=VALUE .*\(default 256,256,256,256\)/);
});

Deno.test("train CLI: a run killed with SIGKILL resumes from its checkpoint to the same result", async () => {
  const dir = await Deno.makeTempDir({ prefix: "train-kill-" });
  const args = (name: string): string[] => [
    "--env=MiniGrid-Empty-8x8-v0",
    "--variant=future-kl",
    "--mode=control",
    "--iterations=301",
    "--eval-every=50",
    "--seed=2",
    "--json",
    `--checkpoint=${dir}/${name}.json`,
    "--checkpoint-every=0",
  ];
  try {
    const whole = await runCli("train.ts", args("whole"));
    assert.equal(whole.code, 0, whole.stderr);
    // Kill -9 once the run has checkpointed after iteration 100, i.e. mid-run.
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./train.ts", import.meta.url).pathname, ...args("killed")],
      stdout: "piped",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    let seen = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      seen += chunk;
      if (/checkpoint after 101 iterations/.test(seen)) break;
    }
    child.kill("SIGKILL");
    const status = await child.status;
    assert.equal(status.signal, "SIGKILL", "the run was killed before it finished");
    const resumed = await runCli("train.ts", args("killed"));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /resumed from .*killed\.json after (101|151|201|251) iterations/);
    const last = (out: string): string => out.trim().split("\n").at(-1)!;
    assert.equal(last(resumed.stdout), last(whole.stdout));
    // A finished run removes its checkpoint.
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
