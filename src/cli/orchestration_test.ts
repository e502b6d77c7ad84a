import assert from "node:assert/strict";
import { readResultFolder, type ResultFile, runIdOf, writeResultFileSync } from "../results/mod.ts";
import { UsageError } from "../errors.ts";
import {
  compareResults,
  comparisonMarkdown,
  main as compareMain,
  type Verdict,
} from "./compare.ts";
import { main as mergeMain, timelessJson } from "./merge.ts";

/**
 * The suite these tests run: the quick profile's `hill/gradient`, 16 runs of about half a second
 * each on one thread (the whole quick profile takes ~25 s, too long to run five times here).
 */
const SUITE = ["--profile=quick", "--only=hill/gradient", "--workers=1"];
const SUITE_RUNS = 16;

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * A CLI process. It runs outside the repository (cwd: the temp folder), so its manifests say
 * commit "unknown": a commit made elsewhere while the tests run cannot make two runs differ.
 */
function command(entry: string, args: string[], piped: boolean): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--config=${ROOT}deno.json`, `${ROOT}src/cli/${entry}`, ...args],
    cwd: Deno.env.get("TMPDIR") ?? "/tmp",
    stdout: piped ? "piped" : "null",
    stderr: piped ? "piped" : "null",
    env: { NO_COLOR: "1" },
  });
}

/** Runs a CLI entry point with args; returns exit code, stdout and stderr. */
async function cli(
  entry: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await command(entry, args, true).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Asserts that two results folders hold the same files, equal apart from the manifest times. */
async function assertSameResults(dir: string, expectedDir: string): Promise<void> {
  const read = async (d: string): Promise<Map<string, string>> =>
    new Map(
      (await readResultFolder(d)).map((f) => [f.path.slice(d.length + 1), timelessJson(f.result)]),
    );
  const [got, expected] = [await read(dir), await read(expectedDir)];
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
  const differing = [...got].filter(([name, text]) => expected.get(name) !== text);
  assert.deepEqual(differing.map(([name]) => name), [], `files of ${dir} differ`);
}

/** Names of the files in a folder. */
function namesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** One uninterrupted, unsharded run of the suite, shared by the tests below. */
let referenceDir: Promise<string> | undefined;
function referenceRun(): Promise<string> {
  referenceDir ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "bench-ref-" });
    const r = await cli("bench.ts", [...SUITE, `--out=${dir}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(namesIn(`${dir}/results`).length, SUITE_RUNS);
    return dir;
  })();
  return referenceDir;
}

Deno.test("bench: kill -9 mid-suite loses only the run in flight; a rerun completes it identically", async () => {
  const uninterrupted = referenceRun(); // alongside: both runs are single-threaded
  const dir = await Deno.makeTempDir({ prefix: "bench-kill-" });
  const child = command("bench.ts", [...SUITE, `--out=${dir}`], false).spawn();
  const t0 = performance.now();
  const results = `${dir}/results`;
  const hasResult = (): boolean => {
    try {
      return namesIn(results).some((n) => n.endsWith(".json"));
    } catch {
      return false;
    }
  };
  while (!hasResult()) {
    assert.ok(performance.now() - t0 < 60_000, "no result file within 60 s");
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGKILL");
  const status = await child.status;
  assert.equal(status.signal, "SIGKILL");
  const kept = namesIn(results).filter((n) => n.endsWith(".json")).length;
  assert.ok(kept >= 1 && kept < SUITE_RUNS, `${kept} files survived the kill`);
  // What a kill between writing a temp file and renaming it leaves (pid 999999: not running).
  await Deno.writeTextFile(`${results}/0123456789abcdef.json.999999.0.tmp`, "{");
  const again = await cli("bench.ts", [...SUITE, `--out=${dir}`]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /removed .*\.999999\.0\.tmp, left by a run killed while writing/);
  assert.match(again.stdout, new RegExp(`${kept} already done, ${SUITE_RUNS - kept} to run`));
  await assertSameResults(results, `${await uninterrupted}/results`);
  assert.deepEqual(namesIn(results).filter((n) => n.endsWith(".tmp")), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bench: learner runs go two at a time, resume from checkpoints after kill -9, and equal one worker's", async () => {
  // Minigrid explore on Empty-16x16, quick: 5 single-threaded learner runs of 200 iterations.
  const suite = ["--profile=quick", "--only=minigrid/explore/*"];
  const one = await Deno.makeTempDir({ prefix: "bench-mg1-" });
  const two = await Deno.makeTempDir({ prefix: "bench-mg2-" });
  const first = await cli("bench.ts", [...suite, "--workers=1", `--out=${one}`]);
  assert.equal(first.code, 0, first.stderr);
  // Two workers, checkpointing after every evaluation; killed once a checkpoint exists.
  const args = [...suite, "--workers=2", "--checkpoint-every=0", `--out=${two}`];
  const child = command("bench.ts", args, false).spawn();
  const t0 = performance.now();
  const checkpointed = (): boolean => {
    try {
      return namesIn(`${two}/checkpoints`).some((n) => n.endsWith(".json"));
    } catch {
      return false;
    }
  };
  while (!checkpointed()) {
    assert.ok(performance.now() - t0 < 60_000, "no checkpoint within 60 s");
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGKILL");
  assert.equal((await child.status).signal, "SIGKILL");
  const again = await cli("bench.ts", args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /resumed from .*checkpoints\/[0-9a-f]{16}\.json after \d+ iterations/);
  await assertSameResults(`${two}/results`, `${one}/results`);
  assert.deepEqual(namesIn(`${two}/checkpoints`), [], "finished runs leave no checkpoint");
  await Deno.remove(one, { recursive: true });
  await Deno.remove(two, { recursive: true });
});

Deno.test("bench --shard 1/3, 2/3, 3/3 merged equal the unsharded run; an empty shard runs 0", async () => {
  const ref = await referenceRun();
  const tmp = await Deno.makeTempDir({ prefix: "bench-shards-" });
  const shards = [1, 2, 3].map((i) =>
    cli("bench.ts", [...SUITE, `--shard=${i}/3`, `--out=${tmp}/s${i}`])
  );
  const empty = cli("bench.ts", [
    "--profile=quick",
    "--only=hill/future-kl-check",
    "--shard=2/2",
    `--out=${tmp}/empty`,
  ]);
  for (const r of await Promise.all(shards)) assert.equal(r.code, 0, r.stderr);
  const e = await empty;
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /bench: ran 0 runs/);
  assert.match(e.stdout, /report: skipped, no result files/);
  assert.deepEqual(namesIn(`${tmp}/empty/results`), []);
  const sizes = [1, 2, 3].map((i) => namesIn(`${tmp}/s${i}/results`).length);
  assert.equal(sizes.reduce((a, b) => a + b), SUITE_RUNS);
  // Shard folders as bench wrote them, as bare results folders (CI artifacts), and empty.
  const m = await cli("merge.ts", [
    `--out=${tmp}/merged`,
    `${tmp}/s1`,
    `${tmp}/s2/results`,
    `${tmp}/s3/`,
    `${tmp}/empty`,
  ]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /empty\/results: 0 result files/);
  assert.match(m.stdout, new RegExp(`merge: ${SUITE_RUNS} runs \\(0 duplicates identical\\)`));
  assert.match(m.stdout, /report: .*merged\/site\/index\.html/);
  await assertSameResults(`${tmp}/merged/results`, `${ref}/results`);
  // Merging again into the same folder, with a shard repeated, changes nothing.
  const again = await cli("merge.ts", [`--out=${tmp}/merged`, `${tmp}/s1`, ref]);
  assert.equal(again.code, 0, again.stderr);
  await assertSameResults(`${tmp}/merged/results`, `${ref}/results`);
  // Two runs of the same code: compare flags nothing.
  const cmp = await cli("compare.ts", ["--baseline", ref, "--candidate", `${tmp}/merged`]);
  assert.equal(cmp.code, 0, cmp.stdout + cmp.stderr);
  assert.match(cmp.stdout, /\*\*No regression\*\* in \d+ comparisons/);
  assert.match(cmp.stdout, /No significant change\./);
  await Deno.remove(tmp, { recursive: true });
});

/** A valid synthetic result; its run id is hashed from its config. */
async function synthetic(opts: {
  benchmark: string;
  seed: number;
  metrics: Record<string, number>;
  repeats?: Record<string, number[]>;
  commit?: string;
}): Promise<ResultFile> {
  const config = {
    benchmark: opts.benchmark,
    variant: "none",
    lambda: 0,
    seed: opts.seed,
    backend: "js",
    params: { size: 3 },
  };
  return {
    schema: 1,
    runId: await runIdOf(config, "test"),
    benchmark: opts.benchmark,
    variant: "none",
    lambda: 0,
    seed: opts.seed,
    config,
    manifest: {
      commit: opts.commit ?? "0123456789abcdef0123456789abcdef01234567",
      dirty: false,
      deno: "2.0.0",
      tfjs: "4.22.0",
      backend: "js",
      adapter: null,
      os: "linux",
      cpus: 2,
      startedAt: "2026-01-01T00:00:00.000Z",
      wallSeconds: 1,
    },
    metrics: opts.metrics,
    ...(opts.repeats ? { artifacts: { repeats: opts.repeats } } : {}),
  };
}

/** Writes results into DIR/results. */
function writeAll(dir: string, results: ResultFile[]): void {
  for (const r of results) writeResultFileSync(`${dir}/results/${r.runId}.json`, r);
}

const THRESHOLDS = { alpha: 0.05, minEffect: 0.05, speedAlpha: 0.002, speedThreshold: 1.1 };
const SPEEDS = [100, 102, 98, 101, 99, 100.5, 99.5].map((x) => x * 1e6);

/** A perf result whose `slow` case is `factor` times the baseline speeds. */
function perf(factor: number): Promise<ResultFile> {
  const slow = SPEEDS.map((x) => x * factor);
  const steady = SPEEDS.map((x, i) => x * (i % 2 ? 1.01 : 0.99));
  return synthetic({
    benchmark: "perf/rng",
    seed: 0,
    metrics: { slow: slow[3], steady: steady[3] },
    repeats: { slow, steady },
  });
}

Deno.test("compare: an injected 20% slowdown is a regression (exit 1); 25% faster is not", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "compare-" });
  writeAll(`${tmp}/base`, [await perf(1)]);
  writeAll(`${tmp}/slow`, [await perf(0.8)]);
  writeAll(`${tmp}/fast`, [await perf(1.25)]);
  const slow = await cli("compare.ts", ["--baseline", `${tmp}/base`, "--candidate", `${tmp}/slow`]);
  assert.equal(slow.code, 1, slow.stdout + slow.stderr);
  assert.match(slow.stdout, /\*\*1 regression\*\* in 2 comparisons: 0 changed, 1 slower/);
  assert.match(
    slow.stdout,
    /\| perf\/rng \| none \| 0 \| slow \| 7\/7 \| .* \| ×0\.8 \(raw\) \| .* \| \*\*slower\*\* \|/,
  );
  assert.doesNotMatch(slow.stdout, /\| steady \|/);
  const fast = await cli("compare.ts", ["--baseline", `${tmp}/base`, "--candidate", `${tmp}/fast`]);
  assert.equal(fast.code, 0, fast.stdout + fast.stderr);
  assert.match(fast.stdout, /\| slow \| 7\/7 \| .* \| ×1\.25 \(raw\) \| .* \| faster \|/);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("compare: Welch + minimum effect over seeds, exact rule for one seed, speed rank test", async () => {
  const metric = (benchmark: string, seeds: number[], values: Record<string, number[]>) =>
    Promise.all(seeds.map((seed, i) =>
      synthetic({
        benchmark,
        seed,
        metrics: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[i]])),
      })
    ));
  const base = [
    ...await metric("hill/gradient", [1, 2, 3], {
      shifted: [0.30, 0.31, 0.29],
      noisy: [0.2, 0.4, 0.3],
      small: [10, 10.01, 9.99],
    }),
    ...await metric("hill/landscape", [1], { same: [7], within: [10], beyond: [10], zero: [0] }),
    await perf(1),
  ];
  const cand = [
    ...await metric("hill/gradient", [1, 2, 3], {
      shifted: [0.36, 0.37, 0.35], // +20%, tight: changed
      noisy: [0.25, 0.45, 0.35], // +17% but p ≈ 0.6: same
      small: [10.2, 10.21, 10.19], // significant but +2%: same
    }),
    ...await metric("hill/landscape", [1], { same: [7], within: [10.3], beyond: [11], zero: [0] }),
    await synthetic({ benchmark: "hill/landscape", seed: 1, metrics: {}, commit: "x" }).then(
      (r) => ({ ...r, config: { ...r.config, params: { size: 4 } } }),
    ),
    await perf(0.95),
  ];
  const cmp = compareResults([base], cand, THRESHOLDS);
  const verdicts = Object.fromEntries(cmp.rows.map((r) => [r.name, r.verdict]));
  const expected: Record<string, Verdict> = {
    shifted: "changed",
    noisy: "same",
    small: "same",
    same: "same",
    within: "same",
    beyond: "changed",
    zero: "same",
    slow: "same",
    steady: "same",
  };
  assert.deepEqual(verdicts, expected);
  assert.deepEqual(cmp.unmatched, { baseline: 0, candidate: 1 });
  const shifted = cmp.rows.find((r) => r.name === "shifted")!;
  assert.ok(shifted.p !== null && shifted.p < 0.01 && Math.abs(shifted.change - 0.2) < 1e-9);
  assert.equal(cmp.rows.find((r) => r.name === "beyond")!.p, null);
  const md = comparisonMarkdown(cmp, {
    ...THRESHOLDS,
    baselineDir: "b",
    candidateDir: "c",
    commits: [["0123456789abcdef"], ["0123456789abcdef"]],
    all: false,
  });
  assert.match(md, /\*\*2 regressions\*\* in 9 comparisons: 2 changed, 0 slower, 0 failed/);
  assert.match(
    md,
    /\| hill\/gradient \| none \| 0 \| shifted \| 3\/3 \| 0\.3 \| 0\.36 \| \+20% \|/,
  );
  assert.match(
    md,
    /\| hill\/landscape \| none \| 0 \| beyond \| 1\/1 \| 10 \| 11 \| \+10% \| – \|/,
  );
  assert.doesNotMatch(md, /\| noisy \|/);
  // Two repeats a side can never reach α in the rank test: inconclusive, never a regression.
  const twoBase = {
    ...await perf(1),
    artifacts: { repeats: { slow: [100, 101], steady: [1, 1] } },
  };
  const twoCand = { ...await perf(1), artifacts: { repeats: { slow: [80, 81], steady: [1, 1] } } };
  const two = compareResults([[twoBase]], [twoCand], THRESHOLDS);
  assert.equal(two.rows.find((r) => r.name === "slow")!.verdict, "inconclusive");
  assert.equal(two.rows.find((r) => r.name === "slow")!.p, null);
  // A run that fails only in the candidate is a regression.
  const failed = compareResults(
    [base],
    [{ ...cand[0], failure: "diverged", metrics: {} }],
    THRESHOLDS,
  );
  assert.deepEqual(failed.rows.map((r) => r.verdict), ["failed"]);
});

Deno.test("merge refuses differing run ids and mixed commits before writing anything", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "merge-" });
  const a = await synthetic({ benchmark: "hill/synthetic", seed: 1, metrics: { J: 1 } });
  const b = await synthetic({ benchmark: "hill/synthetic", seed: 2, metrics: { J: 2 } });
  writeAll(`${tmp}/a`, [a]);
  writeAll(`${tmp}/a2`, [{ ...a, manifest: { ...a.manifest, wallSeconds: 9 } }]);
  writeAll(`${tmp}/conflict`, [{ ...a, metrics: { J: 1.5 } }]);
  writeAll(`${tmp}/other`, [{ ...b, manifest: { ...b.manifest, commit: "fedcba98" } }]);
  const conflict = await cli("merge.ts", [`--out=${tmp}/out`, `${tmp}/a`, `${tmp}/conflict`]);
  assert.equal(conflict.code, 2);
  assert.match(
    conflict.stderr.trim(),
    new RegExp(
      `^error: run ${a.runId} differs between shards at field metrics\\.J \\(.*/a/results/.* vs .*/conflict/results/.*\\): `,
    ),
  );
  const mixed = await cli("merge.ts", [`--out=${tmp}/out`, `${tmp}/a`, `${tmp}/other`]);
  assert.equal(mixed.code, 2);
  assert.match(
    mixed.stderr,
    /^error: shards were made by different code: commit 0123456789abcdef0123456789abcdef01234567 and commit fedcba98 \(manifest\.commit of .*\): .*--allow-mixed-commits/,
  );
  assert.equal(mixed.stderr.trim().split("\n").length, 1);
  assert.ok(!(await Deno.stat(`${tmp}/out`).then(() => true, () => false)), "nothing written");
  const allowed = await cli("merge.ts", [
    `--out=${tmp}/out`,
    "--allow-mixed-commits",
    `${tmp}/a`,
    `${tmp}/a2`,
    `${tmp}/other`,
  ]);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /merge: 2 runs \(1 duplicates identical\), 2 files written/);
  assert.deepEqual(namesIn(`${tmp}/out/results`), [`${a.runId}.json`, `${b.runId}.json`].sort());
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("bad input to bench, merge and compare: one error line naming the field, exit 2", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "bad-" });
  const good = await synthetic({ benchmark: "hill/landscape", seed: 1, metrics: { J: 1 } });
  writeAll(`${tmp}/good`, [good]);
  await Deno.mkdir(`${tmp}/invalid/results`, { recursive: true });
  await Deno.writeTextFile(
    `${tmp}/invalid/results/${good.runId}.json`,
    JSON.stringify({ ...good, variant: "curiosity" }),
  );
  await Deno.mkdir(`${tmp}/renamed/results`, { recursive: true });
  await Deno.writeTextFile(`${tmp}/renamed/results/x.json`, JSON.stringify(good));
  await Deno.mkdir(`${tmp}/empty`);
  await Deno.writeTextFile(`${tmp}/file`, "");
  // As processes: one line on stderr, exit 2.
  const lines: [string, string[], RegExp][] = [
    ["bench.ts", ["--profile=quick", `--out=${tmp}/file`], /exists and is not a folder \(--out\)/],
    ["bench.ts", ["--profile=quick", "--workers=0"], /\(--workers\): give an integer >= 1/],
    [
      "merge.ts",
      [`--out=${tmp}/o`, `${tmp}/good`, `${tmp}/invalid`],
      /invalid result file: .* \(.*invalid\/results\/.*\.json: field variant\)/,
    ],
    [
      "compare.ts",
      ["--baseline", `${tmp}/good`, "--candidate", `${tmp}/good`, "--alpha=1.5"],
      /bad value '1\.5' \(--alpha\): give a number > 0 and < 1/,
    ],
  ];
  for (const [entry, args, re] of lines) {
    const r = await cli(entry, args);
    const label = `${entry} ${args.join(" ")}`;
    assert.equal(r.code, 2, `${label}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, `${label}: ${r.stderr}`);
    assert.match(r.stderr.trim(), /^error: /, label);
    assert.match(r.stderr.trim(), re, label);
  }
  // In this process: the UsageError each entry point throws (runMain prints it as above).
  const thrown: [(args: string[]) => Promise<number>, string[], RegExp][] = [
    [mergeMain, [`${tmp}/good`], /^missing --out \(--out\): usage: deno task merge/],
    [mergeMain, [`--out=${tmp}/o`], /no shard folder given \(SHARD_DIR\)/],
    [mergeMain, ["--out=", `${tmp}/good`], /^empty path \(--out\)/],
    [mergeMain, [`--out=${tmp}/o`, `${tmp}/nope`], /no such folder '.*nope' \(shard folder 1\)/],
    [
      mergeMain,
      [`--out=${tmp}/o`, `${tmp}/renamed`],
      /file name does not match its run id [0-9a-f]{16} \(.*x\.json: field runId\)/,
    ],
    [mergeMain, [`--out=${tmp}/file`, `${tmp}/good`], /exists and is not a folder \(--out\)/],
    [compareMain, ["--baseline", `${tmp}/good`], /missing --candidate \(--candidate\)/],
    [
      compareMain,
      ["--baseline", `${tmp}/good`, "--candidate", `${tmp}/good`, "--speed-threshold=0.9"],
      /\(--speed-threshold\): give a number >= 1/,
    ],
    [
      compareMain,
      ["--baseline", `${tmp}/good`, "--candidate", `${tmp}/empty`],
      /no result files in .*empty \(--candidate\)/,
    ],
    [compareMain, ["--baseline=a", "--candidate=b", "--frob"], /unknown flag --frob/],
  ];
  for (const [main, args, re] of thrown) {
    await assert.rejects(() => main(args), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.exitCode, 2);
      assert.match(e.message, re);
      return true;
    }, args.join(" "));
  }
  assert.ok(!(await Deno.stat(`${tmp}/o`).then(() => true, () => false)), "nothing written");
  await Deno.remove(tmp, { recursive: true });
});
