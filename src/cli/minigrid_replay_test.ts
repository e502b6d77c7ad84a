import assert from "node:assert/strict";

const TRACES = "fixtures/minigrid/traces";

/** Runs the replay CLI with args; returns exit code, stdout lines and stderr. */
async function replay(args: string[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "src/cli/minigrid_replay.ts", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    lines: dec.decode(out.stdout).trimEnd().split("\n"),
    stderr: dec.decode(out.stderr),
  };
}

Deno.test("minigrid:replay passes all 40 fixture traces, exit 0", async () => {
  const files = [...Deno.readDirSync(TRACES)]
    .map((e) => e.name)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()
    .map((n) => `${TRACES}/${n}`);
  assert.equal(files.length, 40);
  const r = await replay(files);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.lines.length, 41);
  assert.equal(r.lines[0], `ok ${files[0]} (200 steps)`);
  assert.equal(r.lines.at(-1), "traces: 40 passed, 0 failed");
});

Deno.test("minigrid:replay with no files is a usage error, exit 2", async () => {
  const r = await replay([]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr.trim(),
    /^error: no trace files given \(arguments\): usage: deno task minigrid:replay FILE\.jsonl\.\.\./,
  );
  const flag = await replay(["--frobnicate"]);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown flag --frobnicate/);
});

Deno.test("minigrid:replay reports broken files one line each, counts them failed, exit 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "minigrid_replay_" });
  try {
    const good = `${TRACES}/MiniGrid-LavaGapS7-v0_seed0_solve.jsonl`;
    const lines = (await Deno.readTextFile(good)).trimEnd().split("\n");
    const edit = (n: number, f: (r: Record<string, unknown>) => void): string => {
      const copy = [...lines];
      const r = JSON.parse(copy[n - 1]);
      f(r);
      copy[n - 1] = JSON.stringify(r);
      return copy.join("\n") + "\n";
    };
    const broken: Record<string, string> = {
      "bad_json.jsonl": [...lines.slice(0, 2), "{oops", ...lines.slice(3)].join("\n"),
      "missing_field.jsonl": edit(1, (r) => delete r.grid),
      "unknown_env.jsonl": edit(1, (r) => (r.env_id = "MiniGrid-Unknown-v9")),
      "wrong_value.jsonl": edit(3, (r) => (r.agent_dir = ((r.agent_dir as number) + 2) % 4)),
    };
    for (const [name, text] of Object.entries(broken)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const files = [good, ...Object.keys(broken).map((n) => `${dir}/${n}`), `${dir}/absent.jsonl`];
    const r = await replay(files);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.lines.length, files.length + 1, r.lines.join("\n"));
    assert.equal(r.lines[0], `ok ${good} (11 steps)`);
    assert.match(r.lines[1], new RegExp(`^error: bad JSON.* \\(${dir}/bad_json\\.jsonl:3\\): `));
    assert.match(
      r.lines[2],
      new RegExp(`^error: missing field 'grid' \\(${dir}/missing_field\\.jsonl:1\\): `),
    );
    assert.match(
      r.lines[3],
      new RegExp(
        `^error: unknown env id 'MiniGrid-Unknown-v9'.* \\(${dir}/unknown_env\\.jsonl:1\\)`,
      ),
    );
    assert.match(
      r.lines[4],
      new RegExp(`^${dir}/wrong_value\\.jsonl step 2: agent_dir expected \\d got \\d$`),
    );
    assert.match(
      r.lines[5],
      new RegExp(`^error: no such trace file \\(${dir}/absent\\.jsonl\\): give the path`),
    );
    assert.equal(r.lines.at(-1), "traces: 1 passed, 5 failed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
