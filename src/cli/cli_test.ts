import assert from "node:assert/strict";
import { helpText } from "./args.ts";
import { runCli } from "./cli_process.ts";

Deno.test("hill point CLI: --json prints one JSON line last", async () => {
  const r = await runCli("hill.ts", [
    "--K=-1",
    "--sigma",
    "0",
    "--rollouts=256",
    "--seed=2",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const last = r.stdout.trim().split("\n").at(-1)!;
  const v = JSON.parse(last);
  assert.deepEqual(Object.keys(v), ["K", "sigma", "J", "J_state", "J_action", "stderr_J"]);
  assert.ok(Math.abs(v.J - 71.6) < 1.5);
});

Deno.test("hill point CLI: bad flags give one error line naming the flag, exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["--K=abc", "--sigma=1"],
      /^error: bad value 'abc' \(--K\): give a number >= -1000000 and <= 1000000$/,
    ],
    [["--K=1", "--sigma=-0.5"], /\(--sigma\): give a number >= 0/],
    [["--K=1", "--sigma=1", "--rollouts=0"], /\(--rollouts\): give an integer >= 1/],
    [["--K=1", "--sigma=1", "--seed=1.5"], /\(--seed\)/],
    [["--K=1", "--sigma=1", "--frobnicate=2"], /unknown flag --frobnicate/],
    [["--sigma=1"], /missing --K/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli("hill.ts", args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr.trim(), re);
  }
});

Deno.test("bench --list prints ids, variants, λ, seeds and budgets; bad profile or glob exit 2", async () => {
  const r = await runCli("bench.ts", ["--list", "--profile=quick"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /hill\/landscape/);
  assert.match(r.stdout, /variants: none λ ∈ \{0\}/);
  assert.match(r.stdout, /seeds: +1234/);
  assert.match(r.stdout, /budget: /);
  const bad = await runCli("bench.ts", ["--list", "--profile=huge"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown profile 'huge' \(--profile\): use one of quick, default, full/);
  const none = await runCli("bench.ts", ["--profile=quick", "--only=minigrid/nothing*"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no benchmark matches .* use a glob over these ids: hill\//);
  const shard = await runCli("bench.ts", ["--profile=quick", "--shard=3/2"]);
  assert.equal(shard.code, 2);
  assert.match(shard.stderr, /\(--shard\)/);
});

/** Result files of a folder with the two time fields blanked. */
async function timeless(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    const r = JSON.parse(await Deno.readTextFile(`${dir}/${e.name}`));
    r.manifest.startedAt = "";
    r.manifest.wallSeconds = 0;
    out.set(e.name, JSON.stringify(r));
  }
  return out;
}

Deno.test("bench: same profile and seeds give identical result files whatever the workers; rerun skips", async () => {
  const a = await Deno.makeTempDir(), b = await Deno.makeTempDir();
  const ra = await runCli("bench.ts", [
    "--profile=quick",
    "--only=hill/landscape",
    `--out=${a}`,
    "--workers=1",
  ]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.match(ra.stdout, /report: .*index\.html/);
  const rb = await runCli("bench.ts", [
    "--profile=quick",
    "--only=hill/landscape",
    `--out=${b}`,
    "--workers=2",
  ]);
  assert.equal(rb.code, 0, rb.stderr);
  const fa = await timeless(`${a}/results`), fb = await timeless(`${b}/results`);
  assert.equal(fa.size, 1);
  assert.deepEqual(fa, fb);
  const again = await runCli("bench.ts", [
    "--profile=quick",
    "--only=hill/landscape",
    `--out=${a}`,
  ]);
  assert.match(again.stdout, /1 already done, 0 to run/);
  const html = await Deno.readTextFile(`${a}/site/index.html`);
  assert.match(html, /hill\/landscape/);
  await Deno.remove(a, { recursive: true });
  await Deno.remove(b, { recursive: true });
});

Deno.test("report lists a corrupt result file and still builds; exit 1 when none is valid", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/results`);
  await Deno.writeTextFile(`${dir}/results/broken.json`, "{ not json");
  const none = await runCli("report.ts", ["--results", `${dir}/results`, "--out", `${dir}/site`]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error: no valid result file/);
  const ok = await runCli("bench.ts", ["--profile=quick", "--only=hill/landscape", `--out=${dir}`]);
  assert.equal(ok.code, 0, ok.stderr);
  const html = await Deno.readTextFile(`${dir}/site/index.html`);
  assert.match(html, /broken\.json/);
  assert.match(html, /not valid JSON/);
  const missing = await runCli("report.ts", ["--results", `${dir}/nope`, "--out", `${dir}/s`]);
  assert.equal(missing.code, 2);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("perf writes perf/<name> result files: metrics map cases to throughputs, with repeats", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCli("perf.ts", ["--profile=quick", "--only=perf/hill", `--out=${dir}`]);
  assert.equal(r.code, 0, r.stderr);
  const files = [...Deno.readDirSync(`${dir}/results`)].map((e) => e.name);
  assert.equal(files.length, 1);
  for (const name of files) {
    const res = JSON.parse(await Deno.readTextFile(`${dir}/results/${name}`));
    assert.match(res.benchmark, /^perf\//);
    for (const [key, value] of Object.entries(res.metrics)) {
      assert.ok((value as number) > 0, key);
      // quick takes 7 repeats, each followed by a calibration sample.
      assert.equal(res.artifacts.repeats[key].length, 7);
      assert.equal(res.artifacts.calibration.js[key].length, 7);
      assert.equal(res.artifacts.calibration.wasm[key].length, 7);
    }
    assert.equal(res.artifacts.calibration.version, 1);
    if (res.benchmark === "perf/hill") assert.ok("env-steps/b4096/w1" in res.metrics);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("help text: every flag's description starts two spaces after the longest flag", () => {
  const text = helpText("tool [flags]", {
    a: { type: "boolean", help: "short flag" },
    "a-much-longer-flag": { type: "string", help: "long flag" },
  });
  assert.deepEqual(text.split("\n"), [
    "usage: tool [flags]",
    "",
    "  --a" + " ".repeat(25) + "short flag",
    "  --a-much-longer-flag=VALUE  long flag",
  ]);
});
