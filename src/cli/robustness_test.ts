/**
 * What a careless user does to the commands (issue #16): output folders that hold other files,
 * paths that cannot be written, relative paths from a subfolder, absurd sizes, negative values,
 * symlinked results, two processes on one folder, Ctrl-C. Each test fails without its fix.
 */

import assert from "node:assert/strict";
import { UsageError, WriteFailure } from "../errors.ts";
import { replayTrace } from "../envs/minigrid/mod.ts";
import { BENCHMARKS, selectBenchmarks } from "../../benchmarks/mod.ts";
import { loadResults } from "../report/mod.ts";
import { readCheckpointSync, writeCheckpointSync } from "../checkpoint/mod.ts";
import { readResultFolder } from "../results/mod.ts";
import { MARKER } from "../results/owned_folder.ts";
import { parseFlags } from "./args.ts";
import { main as benchMain } from "./bench.ts";
import { runCli } from "./cli_process.ts";
import { main as hillMain } from "./hill.ts";
import { main as mergeMain } from "./merge.ts";
import { main as reportMain } from "./report.ts";
import { benchmarksIgnoringBackend, prepareOutDir } from "./runner.ts";
import { main as trainMain } from "./train.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;
/** Two small valid result files of the fixtures. */
const SMALL = ["1b13bbe2ceb65277.json", "51e97d30c3f05c42.json"];

/** Copies the small fixture results into `dir`. */
async function smallResults(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const f of SMALL) await Deno.copyFile(`${FIXTURES}results/${f}`, `${dir}/${f}`);
}

/** Every path under `dir` with its content, to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) Object.assign(out, await snapshot(path));
    else out[path] = await Deno.readTextFile(path);
  }
  return out;
}

/** Asserts that `run` throws a {@link UsageError} with this exit code whose message matches. */
async function refuses(
  run: () => Promise<unknown> | unknown,
  exitCode: number,
  re: RegExp,
): Promise<void> {
  await assert.rejects(async () => await run(), (e: unknown) => {
    assert.ok(e instanceof UsageError, String((e as Error)?.stack ?? e));
    assert.equal(e.exitCode, exitCode, e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

const exists = (p: string): Promise<boolean> => Deno.lstat(p).then(() => true, () => false);

Deno.test("report --out a folder holding files it did not write: exit 2, every file still there", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "own-" });
  try {
    await smallResults(`${tmp}/out/results`);
    await Deno.writeTextFile(`${tmp}/out/notes.txt`, "mine");
    const before = await snapshot(`${tmp}/out`);
    // Row 1: the bench folder itself, and a folder of the user's.
    await refuses(
      () => reportMain(["--results", `${tmp}/out/results`, "--out", `${tmp}/out`]),
      2,
      /holds '.*\/out\/notes\.txt', which report did not write \(--out\)/,
    );
    await Deno.remove(`${tmp}/out/notes.txt`);
    await refuses(
      () => reportMain(["--results", `${tmp}/out/results`, "--out", `${tmp}/out`]),
      2,
      /holds '.*\/out\/results', which report did not write/,
    );
    await Deno.writeTextFile(`${tmp}/out/notes.txt`, "mine");
    assert.deepEqual(await snapshot(`${tmp}/out`), before);
    await refuses(
      () => reportMain(["--results", `${tmp}/out`, "--out", `${tmp}/out/notes.txt`]),
      2,
      /exists and is not a folder \(--out\)/,
    );
    // Row 4: a bench --out folder is taken for its results/.
    const site = `${tmp}/site`;
    assert.equal(await reportMain(["--results", `${tmp}/out`, "--out", site]), 0);
    assert.ok(await exists(`${site}/index.html`) && await exists(`${site}/${MARKER}`));
    // Its own site is rebuilt in place; a file added by the user stops it.
    assert.equal(await reportMain(["--results", `${tmp}/out`, "--out", site]), 0);
    await Deno.writeTextFile(`${site}/mine.html`, "mine");
    await refuses(
      () => reportMain(["--results", `${tmp}/out`, "--out", site]),
      2,
      /holds '.*site\/mine\.html'/,
    );
    assert.equal(await Deno.readTextFile(`${site}/mine.html`), "mine");
    // Nothing is left beside it: no temp folder, no lock.
    assert.deepEqual((await Array.fromAsync(Deno.readDir(tmp))).map((e) => e.name).sort(), [
      "out",
      "site",
    ]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("unwritable --out: one 'cannot write' line, exit 1, nothing partial; stale temp folders go", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "wr-" });
  try {
    await smallResults(`${tmp}/results`);
    // Row 2: an empty value.
    await refuses(() => reportMain(["--results", `${tmp}/results`, "--out="]), 2, /empty path/);
    // Rows 2, 3: a path that cannot be written (a file where a folder must be).
    await Deno.writeTextFile(`${tmp}/file`, "");
    await refuses(
      () => reportMain(["--results", `${tmp}/results`, "--out", `${tmp}/file/site`]),
      1,
      /^cannot write .*\/file: .* \(--out\): /,
    );
    await refuses(
      () => benchMain(["--only", "hill/gradient", "--out", `${tmp}/file/out`]),
      1,
      /^cannot write .*file.*\(--out\)/,
    );
    // A temp folder of a dead process (pid beyond pid_max) is removed by the next run.
    await Deno.mkdir(`${tmp}/site.tmp-999999999/assets`, { recursive: true });
    await Deno.writeTextFile(`${tmp}/site.old-999999999`, "");
    assert.equal(await reportMain(["--results", `${tmp}/results`, "--out", `${tmp}/site`]), 0);
    assert.ok(!(await exists(`${tmp}/site.tmp-999999999`)));
    assert.ok(!(await exists(`${tmp}/site.old-999999999`)));
    // Checkpoints (row 11): a write error names the path; a symlink loop is a read error.
    assert.throws(
      () => writeCheckpointSync(`${tmp}/file/c.json`, { a: 1 }),
      (e: unknown) =>
        e instanceof WriteFailure && e.exitCode === 1 &&
        /^cannot write .*file\/c\.json: .* \(--checkpoint\): /.test(e.message),
    );
    await Deno.symlink(`${tmp}/loop`, `${tmp}/loop`);
    assert.throws(
      () => readCheckpointSync(`${tmp}/loop`),
      (e: unknown) => e instanceof UsageError && /cannot read the checkpoint/.test(e.message),
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("train refuses an empty or folder --checkpoint before it trains", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "ck-" });
  try {
    const base = ["--env=MiniGrid-Empty-8x8-v0", "--variant=none", "--mode=explore"];
    await refuses(() => trainMain([...base, "--checkpoint="]), 2, /\(--checkpoint\)/);
    await refuses(() => trainMain([...base, `--checkpoint=${tmp}`]), 2, /is a folder/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("flags: negative values after a space, a leading --, messages naming the argument", async () => {
  const spec = {
    K: { type: "string", help: "" },
    force: { type: "boolean", help: "" },
    profile: { type: "string", help: "" },
  } as const;
  // Row 7.
  assert.equal(parseFlags(["--K", "-1"], spec, { usage: "u" }).values.K, "-1");
  assert.equal(hillMain(["--K", "-1", "--sigma", "0.5", "--rollouts", "8", "--json"]), 0);
  // Row 8.
  assert.equal(
    parseFlags(["--", "--profile", "quick"], spec, { usage: "u" }).values.profile,
    "quick",
  );
  // Row 9.
  await refuses(() => benchMain(["extra"]), 2, /^unexpected argument 'extra' \(extra\)/);
  await refuses(() => benchMain(["--force=yes"]), 2, /^flag --force takes no value, got 'yes'/);
  await refuses(() => benchMain(["--out", "--force"]), 2, /^flag --out needs a value \(--out\)/);
  // Row 6: limits before allocation.
  await refuses(() => hillMain(["--K=1", "--sigma=1", "--rollouts=1e9"]), 2, /\(--rollouts\)/);
  await refuses(
    () => hillMain(["--K=1e308", "--sigma=1"]),
    2,
    /\(--K\): give a number >= -1000000/,
  );
  await refuses(() => hillMain(["--K=1", "--sigma=Infinity"]), 2, /\(--sigma\)/);
  await refuses(() => benchMain(["--workers=1e9"]), 2, /\(--workers\)/);
});

Deno.test("bench --backend that no selected benchmark uses is refused, not ignored", () => {
  const hill = selectBenchmarks("quick", "hill/*", BENCHMARKS);
  assert.throws(
    () => benchmarksIgnoringBackend(hill, "cpu"),
    /no selected benchmark runs on backend cpu \(--backend\)/,
  );
  const all = selectBenchmarks("quick", undefined, BENCHMARKS);
  assert.deepEqual(benchmarksIgnoringBackend(all, "wasm"), hill.map((d) => d.id));
});

Deno.test("a result file that is a symlink is read by report, merge and compare", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "ln-" });
  try {
    await smallResults(`${tmp}/real`);
    await Deno.mkdir(`${tmp}/linked`);
    for (const f of SMALL) await Deno.symlink(`${tmp}/real/${f}`, `${tmp}/linked/${f}`);
    assert.equal((await readResultFolder(`${tmp}/linked`)).length, SMALL.length);
    assert.equal((await loadResults([`${tmp}/linked`])).results.length, SMALL.length);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("merge --allow-mixed-commits merges one run made by two commits", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "mix-" });
  try {
    const name = SMALL[0];
    const result = JSON.parse(await Deno.readTextFile(`${FIXTURES}results/${name}`));
    await Deno.mkdir(`${tmp}/a`);
    await Deno.mkdir(`${tmp}/b`);
    await Deno.writeTextFile(`${tmp}/a/${name}`, JSON.stringify(result));
    result.manifest.commit = "fedcba9876543210fedcba9876543210fedcba98";
    await Deno.writeTextFile(`${tmp}/b/${name}`, JSON.stringify(result));
    await refuses(() => mergeMain([`--out=${tmp}/o`, `${tmp}/a`, `${tmp}/b`]), 2, /commit/);
    const args = [`--out=${tmp}/o`, "--allow-mixed-commits", `${tmp}/a`, `${tmp}/b`];
    assert.equal(await mergeMain(args), 0);
    assert.ok(await exists(`${tmp}/o/results/${name}`));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("minigrid:replay accepts a trace ending in a blank line", async () => {
  const text = await Deno.readTextFile(
    `${FIXTURES}minigrid/traces/MiniGrid-DoorKey-8x8-v0_seed0.jsonl`,
  );
  assert.equal(replayTrace(`${text.trimEnd()}\n\n`).status, "ok");
  assert.equal(replayTrace(`${text.trimEnd()}\n  \n\n`).status, "ok");
});

Deno.test("an output folder is locked: a second writer exits 2 naming the holder; a dead one's lock is taken", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "lock-" });
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  try {
    await Deno.mkdir(`${tmp}/out`);
    await Deno.writeTextFile(`${tmp}/out/.lock`, `${sleeper.pid}\n`);
    await refuses(
      () => prepareOutDir(`${tmp}/out`, { flag: "--out", writer: "bench" }),
      2,
      new RegExp(`in use by another process \\(pid ${sleeper.pid},.*\\(--out\\)`),
    );
    await Deno.writeTextFile(`${tmp}/out/.lock`, "999999999\n");
    await prepareOutDir(`${tmp}/out`, { flag: "--out", writer: "bench" });
    assert.equal((await Deno.readTextFile(`${tmp}/out/.lock`)).trim(), String(Deno.pid));
  } finally {
    sleeper.kill();
    await sleeper.status;
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("bench: Ctrl-C ends with one line and exit 130, the lock released; paths are the caller's", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "int-" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./bench.ts", import.meta.url).pathname,
        "--profile=quick",
        "--only=hill/landscape",
        "--out=rel",
      ],
      // Row 5: `deno task` runs in the project root and names the caller's folder in INIT_CWD.
      env: { NO_COLOR: "1", INIT_CWD: tmp },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!/to run/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    assert.ok(await exists(`${tmp}/rel/.lock`), seen);
    child.kill("SIGINT");
    await reader.cancel();
    const { code } = await child.status;
    const stderr = new TextDecoder().decode(
      (await new Response(child.stderr).arrayBuffer()) as ArrayBuffer,
    );
    assert.equal(code, 130);
    assert.match(stderr.trim(), /^error: interrupted \(Ctrl-C\): /);
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.ok(!(await exists(`${tmp}/rel/.lock`)), "lock released");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a relative --out of report means the caller's folder (INIT_CWD)", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "cwd-" });
  try {
    await smallResults(`${tmp}/res`);
    const r = await runCli("report.ts", ["--results", "res", "--out", "site"], {
      env: { INIT_CWD: tmp },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(await exists(`${tmp}/site/index.html`));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
