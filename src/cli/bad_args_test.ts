/**
 * Generated bad arguments for every CLI (issue #16): each case is a valid command line of one CLI
 * with one defect put in at a random place (an unknown flag, a value a flag refuses, a value given
 * to a switch, a missing value, a stray argument, a short flag). Every case must be refused as a
 * usage error, exit 2, with a one-line message: in this process for most cases (spawning is
 * slow), and as a process for a sample of each CLI, where stderr must be exactly one `error:`
 * line and no stack trace. Seeded through src/rng, so every run checks the same cases.
 */

import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { Rng } from "../rng/mod.ts";
import { main as benchMain } from "./bench.ts";
import { runCli } from "./cli_process.ts";
import { main as compareMain } from "./compare.ts";
import { main as hillMain } from "./hill.ts";
import { main as mergeMain } from "./merge.ts";
import { main as replayMain } from "./minigrid_replay.ts";
import { main as perfMain } from "./perf.ts";
import { main as reportMain } from "./report.ts";
import { main as trainMain } from "./train.ts";

/** One CLI as the generator sees it. */
interface CliShape {
  /** Entry file in src/cli/. */
  entry: string;
  /** Its main function. */
  main: (args: string[]) => Promise<number> | number;
  /** A valid command line, as [flag, value] pairs (value null for a switch). */
  base: [string, string | null][];
  /** Positional arguments of the valid command line. */
  positionals?: string[];
  /** Switches it knows. */
  switches: string[];
  /** Values each flag refuses. */
  bad: Record<string, string[]>;
}

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;
const TMP = await Deno.makeTempDir({ prefix: "badargs-" });
// Two small results, so the cases that read a folder stay quick.
const RESULTS = await Deno.makeTempDir({ prefix: "badargs-results-" });
for (const name of ["1b13bbe2ceb65277.json", "51e97d30c3f05c42.json"]) {
  await Deno.copyFile(`${FIXTURES}results/${name}`, `${RESULTS}/${name}`);
}
const TRACE = `${FIXTURES}minigrid/traces/MiniGrid-DoorKey-8x8-v0_seed0.jsonl`;
const NUMBER_JUNK = ["", "abc", "NaN", "1e999", "-Infinity", "0x", "1,5", "--"];

const CLIS: CliShape[] = [
  {
    entry: "hill.ts",
    main: hillMain,
    base: [["K", "-1"], ["sigma", "0.5"], ["rollouts", "8"]],
    switches: ["json"],
    bad: {
      K: [...NUMBER_JUNK, "1e7", "-1e308"],
      sigma: [...NUMBER_JUNK, "-0.1", "1e7"],
      rollouts: [...NUMBER_JUNK, "0", "1.5", "-8", "1e12"],
      seed: [...NUMBER_JUNK, "-1", "0.5"],
      "density-norm": ["", "x", "Reference"],
    },
  },
  {
    entry: "bench.ts",
    main: benchMain,
    base: [["profile", "quick"], ["only", "hill/gradient"], ["out", `${TMP}/bench`]],
    switches: ["force", "list"],
    bad: {
      profile: ["", "x", "QUICK"],
      only: ["nomatch/*", ""],
      backend: ["", "x", "cpu"],
      shard: ["", "0/1", "2/1", "1/0", "x"],
      workers: [...NUMBER_JUNK, "0", "1.5", "1e9"],
      "checkpoint-every": [...NUMBER_JUNK, "-1"],
      out: [""],
    },
  },
  {
    entry: "report.ts",
    main: reportMain,
    base: [["results", RESULTS], ["out", `${TMP}/site`]],
    switches: [],
    bad: { out: ["", RESULTS, FIXTURES], results: ["", `${TMP}/missing`, TRACE] },
  },
  {
    entry: "merge.ts",
    main: mergeMain,
    base: [["out", `${TMP}/merged`]],
    positionals: [RESULTS],
    switches: ["allow-mixed-commits"],
    bad: { out: ["", FIXTURES] },
  },
  {
    entry: "compare.ts",
    main: compareMain,
    base: [["baseline", RESULTS], ["candidate", RESULTS]],
    switches: ["all"],
    bad: {
      baseline: ["", `${TMP}/missing`],
      candidate: ["", `${TMP}/missing`],
      alpha: [...NUMBER_JUNK, "0", "1", "1.5"],
      "min-effect": [...NUMBER_JUNK, "-1"],
      "speed-threshold": [...NUMBER_JUNK, "0.9"],
    },
  },
  {
    entry: "train.ts",
    main: trainMain,
    base: [
      ["env", "MiniGrid-Empty-8x8-v0"],
      ["variant", "none"],
      ["mode", "explore"],
      ["iterations", "10"],
    ],
    switches: ["fresh", "json"],
    bad: {
      env: ["", "x", "MiniGrid-Nope-v0"],
      variant: ["", "curiosity"],
      mode: ["", "both"],
      iterations: [...NUMBER_JUNK, "0", "1e10", "2.5"],
      seed: [...NUMBER_JUNK, "-1"],
      backend: ["", "js", "x"],
      fidelity: ["", "x"],
      preset: ["", "slow"],
      "eval-every": [...NUMBER_JUNK, "0"],
      "checkpoint-every": [...NUMBER_JUNK, "-1"],
      checkpoint: ["", TMP],
    },
  },
  {
    entry: "perf.ts",
    main: perfMain,
    base: [["profile", "quick"], ["only", "perf/rng"], ["out", `${TMP}/perf`]],
    switches: [],
    bad: { profile: ["", "x"], only: ["nomatch"], out: [""] },
  },
  {
    entry: "minigrid_replay.ts",
    main: replayMain,
    base: [],
    positionals: [TRACE],
    switches: [],
    bad: {},
  },
];

/** A random lower-case name of 2 to 9 letters. */
function word(rng: Rng): string {
  const n = 2 + rng.int(8);
  return Array.from({ length: n }, () => String.fromCharCode(97 + rng.int(26))).join("");
}

/** `--name value` or `--name=value`, at random. */
function flagTokens(rng: Rng, name: string, value: string | null): string[] {
  if (value === null) return [`--${name}`];
  return rng.int(2) === 0 ? [`--${name}=${value}`] : [`--${name}`, value];
}

/** One bad command line for `cli`, and what its defect is. */
function badCase(rng: Rng, cli: CliShape): { args: string[]; defect: string } {
  const badFlags = Object.keys(cli.bad);
  const kinds = ["unknown", "short", "stray", "switch-value", "missing-value", "bad-value"]
    .filter((k) => k !== "switch-value" || cli.switches.length > 0)
    .filter((k) => k !== "stray" || cli.positionals === undefined)
    .filter((k) => k !== "bad-value" || badFlags.length > 0)
    .filter((k) => k !== "missing-value" || cli.base.length > 0 || badFlags.length > 0);
  const kind = kinds[rng.int(kinds.length)];
  let defect: string[];
  let drop: string | undefined;
  let atEnd = false;
  const valueFlags = [...new Set([...cli.base.map(([f]) => f), ...badFlags])];
  if (kind === "unknown") {
    let name = word(rng);
    while (valueFlags.includes(name) || cli.switches.includes(name) || name === "help") {
      name = word(rng);
    }
    defect = flagTokens(rng, name, rng.int(2) ? word(rng) : null);
  } else if (kind === "short") {
    defect = [`-${word(rng)[0]}`];
  } else if (kind === "stray") {
    defect = [word(rng)];
  } else if (kind === "switch-value") {
    const name = cli.switches[rng.int(cli.switches.length)];
    defect = [`--${name}=${["yes", "1", "", "false"][rng.int(4)]}`];
  } else if (kind === "missing-value") {
    const name = valueFlags[rng.int(valueFlags.length)];
    // Last, or followed by another flag: either way it has no value.
    drop = name;
    atEnd = rng.int(2) === 0;
    defect = atEnd ? [`--${name}`] : [`--${name}`, "--help"];
  } else {
    const name = badFlags[rng.int(badFlags.length)];
    const values = cli.bad[name];
    drop = name;
    defect = flagTokens(rng, name, values[rng.int(values.length)]);
    // An empty value after a space would read as a missing one; keep it inline.
    if (defect.length === 2 && defect[1] === "") defect = [`--${name}=`];
  }
  const groups = cli.base.filter(([f]) => f !== drop).map(([f, v]) => flagTokens(rng, f, v));
  const at = atEnd ? groups.length : rng.int(groups.length + 1);
  groups.splice(at, 0, defect);
  return { args: [...groups.flat(), ...(cli.positionals ?? [])], defect: `${kind} ${defect}` };
}

/** Cases per CLI in this process, and as processes. */
const IN_PROCESS = 50, SPAWNED = 2;

Deno.test(`bad arguments: ${CLIS.length} CLIs × ${IN_PROCESS} generated cases, each a one-line usage error`, async () => {
  const rng = Rng.fromSeed(16).child("bad-args");
  let cases = 0;
  for (const cli of CLIS) {
    for (let k = 0; k < IN_PROCESS; k++) {
      const { args, defect } = badCase(rng, cli);
      const label = `${cli.entry} ${JSON.stringify(args)} (${defect})`;
      await assert.rejects(async () => await cli.main(args), (e: unknown) => {
        assert.ok(e instanceof UsageError, `${label}: ${(e as Error)?.stack ?? e}`);
        assert.equal(e.exitCode, 2, `${label}: ${e.message}`);
        assert.ok(!e.message.includes("\n"), `${label}: one line`);
        return true;
      }, label);
      cases++;
    }
  }
  assert.equal(cases, CLIS.length * IN_PROCESS);
  // Nothing was written by any refused case.
  assert.deepEqual(await Array.fromAsync(Deno.readDir(TMP)), []);
});

Deno.test(`bad arguments as processes: ${SPAWNED} per CLI, exactly one error: line, exit 2`, async () => {
  const rng = Rng.fromSeed(16).child("bad-args-spawned");
  try {
    for (const cli of CLIS) {
      for (let k = 0; k < SPAWNED; k++) {
        const { args, defect } = badCase(rng, cli);
        const label = `${cli.entry} ${JSON.stringify(args)} (${defect})`;
        const r = await runCli(cli.entry, args);
        assert.equal(r.code, 2, `${label}: ${r.stderr}`);
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, `${label}: ${r.stderr}`);
        assert.match(lines[0], /^error: .+ \(.+\): .+/, label);
        assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+/, `${label}: no stack trace`);
      }
    }
  } finally {
    await Deno.remove(TMP, { recursive: true });
    await Deno.remove(RESULTS, { recursive: true });
  }
});
