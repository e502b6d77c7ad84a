import assert from "node:assert/strict";
import { runCli } from "./cli_process.ts";
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
      /^error: bad value: expected an Empty, SimpleCrossing or FourRooms env id .*\(--env\)/,
    ],
  ];
  for (const [args, re] of cases) {
    const r = await runCli("train.ts", args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr.trim(), re);
  }
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
