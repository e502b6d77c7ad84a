import assert from "node:assert/strict";
import {
  canonicalJson,
  hasResultFiles,
  parseResultFile,
  readResultFile,
  readResultFolder,
  type ResultFile,
  runIdOf,
  scanResultFolder,
  writeResultFileSync,
} from "./mod.ts";
import { UsageError } from "../errors.ts";

function sample(): ResultFile {
  return {
    schema: 1,
    runId: "0123456789abcdef",
    benchmark: "hill/landscape",
    variant: "none",
    lambda: 0,
    seed: 3,
    config: { rollouts: 16, grid: { K: [-1, 0] } },
    manifest: {
      commit: "unknown",
      dirty: false,
      deno: "2.0.0",
      tfjs: "4.22.0",
      backend: "js",
      adapter: null,
      os: "linux",
      cpus: 2,
      startedAt: "2026-11-25T00:00:00.000Z",
      wallSeconds: 1.5,
    },
    metrics: { J_max: 71.6 },
    curves: { J: { x: [0, 1], y: [1, 2] } },
    artifacts: { K: [-1, 0] },
  };
}

Deno.test("canonical JSON sorts keys at every depth and refuses non-finite numbers", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: 2 } }),
    '{"a":{"c":2,"d":[1,{"y":1,"z":0}]},"b":1}',
  );
  assert.equal(canonicalJson({ t: new Float64Array([0.5, 2]) }), '{"t":[0.5,2]}');
  assert.throws(() => canonicalJson({ x: NaN }), /NaN/);
});

Deno.test("run id is 16 hex digits of the config and code version, independent of key order", async () => {
  const a = await runIdOf({ seed: 1, rollouts: 4 }, "0.1.0");
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.equal(a, await runIdOf({ rollouts: 4, seed: 1 }, "0.1.0"));
  assert.notEqual(a, await runIdOf({ seed: 2, rollouts: 4 }, "0.1.0"));
  assert.notEqual(a, await runIdOf({ seed: 1, rollouts: 4 }, "0.2.0"));
});

Deno.test("a result file round-trips, byte-identical for identical content, no temp file left", async () => {
  const dir = await Deno.makeTempDir();
  writeResultFileSync(`${dir}/sub/a.json`, sample());
  writeResultFileSync(`${dir}/sub/b.json`, sample());
  const a = await Deno.readTextFile(`${dir}/sub/a.json`);
  assert.equal(a, await Deno.readTextFile(`${dir}/sub/b.json`));
  assert.deepEqual(await readResultFile(`${dir}/sub/a.json`), sample());
  const names = [...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name).sort();
  assert.deepEqual(names, ["a.json", "b.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reading a bad result names the file and the field", () => {
  const bad = { ...sample(), metrics: { J_max: "high" } };
  assert.throws(() => parseResultFile(JSON.stringify(bad), "r/x.json"), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /\(r\/x\.json: field metrics\.J_max\)/);
    return true;
  });
  assert.throws(
    () => parseResultFile("{not json", "r/y.json"),
    /not valid JSON \(r\/y\.json\)|not valid JSON: .* \(r\/y\.json\)/,
  );
  const wrongVariant = { ...sample(), variant: "curiosity" };
  assert.throws(() => parseResultFile(JSON.stringify(wrongVariant), "z.json"), /field variant/);
  const badCurve = { ...sample(), curves: { c: { x: [1, 2], y: [1] } } };
  assert.throws(() => parseResultFile(JSON.stringify(badCurve), "c.json"), /same length/);
});

Deno.test("writing an invalid result is refused and leaves nothing on disk", async () => {
  const dir = await Deno.makeTempDir();
  const bad = { ...sample(), seed: -1 };
  assert.throws(() => writeResultFileSync(`${dir}/bad.json`, bad), /field seed/);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a results folder is read one way: every file a result or an unreadable one, in name order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await hasResultFiles(dir), false);
    const good = `${dir}/${sample().runId}.json`;
    writeResultFileSync(good, sample());
    await Deno.writeTextFile(`${dir}/a.json`, "{not json");
    await Deno.symlink(`${dir}/gone`, `${dir}/b.json`);
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a result");
    writeResultFileSync(`${dir}/z.json`, sample());
    const { results, unreadable } = await scanResultFolder(dir);
    assert.deepEqual(results.map((r) => r.path), [good, `${dir}/z.json`]);
    assert.equal(results[0].text, await Deno.readTextFile(good));
    assert.deepEqual(unreadable.map((u) => u.path), [`${dir}/a.json`, `${dir}/b.json`]);
    assert.match(unreadable[0].error.message, /^result file is not valid JSON: /);
    assert.match(unreadable[1].error.message, /^cannot read result file: .*\(.*b\.json\): /);
    // A command that needs every file stops at the first bad one, a misnamed result included.
    await assert.rejects(() => readResultFolder(dir), /not valid JSON: .*a\.json/);
    await Deno.remove(`${dir}/a.json`);
    await Deno.remove(`${dir}/b.json`);
    await assert.rejects(() => readResultFolder(dir), /z\.json: field runId/);
    await Deno.remove(`${dir}/z.json`);
    assert.deepEqual((await readResultFolder(dir)).map((r) => r.result), [sample()]);
    // A symlink to a result is a result file, for the listing as for the reader.
    await Deno.mkdir(`${dir}/linked`);
    await Deno.symlink(good, `${dir}/linked/${sample().runId}.json`);
    assert.equal(await hasResultFiles(`${dir}/linked`), true);
    assert.equal((await readResultFolder(`${dir}/linked`)).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
