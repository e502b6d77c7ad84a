import assert from "node:assert/strict";
import { runCli } from "./cli_process.ts";

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
  assert.deepEqual(Object.keys(metrics), ["final_return", "final_entropy", "iterations"]);
  assert.equal(metrics.iterations, 3);
});

Deno.test("train CLI: bad flags give one error line naming the flag, exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--variant=none", "--mode=explore"], /^error: missing --env \(--env\)/],
    [
      ["--env=MiniGrid-Empty-8x8-v0", "--variant=curious", "--mode=explore"],
      /^error: bad value 'curious' \(--variant\): use one of none, action, state, joint, future-kl$/,
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
