import assert from "node:assert/strict";
import { type CliOutcome, runCli } from "./cli_process.ts";
import { takeResultsFlags } from "./report.ts";

const FIXTURES = new URL("../../fixtures/results", import.meta.url).pathname;
const BROKEN = new URL("../../fixtures/results-broken", import.meta.url).pathname;

Deno.test("--results may repeat or list several folders; other flags pass through", () => {
  assert.deepEqual(takeResultsFlags(["--results", "a", "--results=b", "--out", "o"]), {
    dirs: ["a", "b"],
    rest: ["--out", "o"],
  });
  assert.deepEqual(takeResultsFlags(["--results", "a", "b", "c", "--out=o"]), {
    dirs: ["a", "b", "c"],
    rest: ["--out=o"],
  });
  assert.throws(
    () => takeResultsFlags(["--results", "--out", "o"]),
    /flag --results needs a value/,
  );
});

const reportCli = (args: string[]): Promise<CliOutcome> => runCli("report.ts", args);

Deno.test("report CLI: exit 0 with repeated --results, 1 when nothing is valid, 2 for usage", async () => {
  const out = await Deno.makeTempDir();
  const ok = await reportCli(["--results", FIXTURES, "--results", BROKEN, "--out", `${out}/s`]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /report: .*\/s\/index\.html/);
  assert.match(ok.stderr, /warning: skipped .*truncated\.json/);
  const none = await reportCli([`--results=${BROKEN}`, "--out", `${out}/t`]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^error: no valid result file \(4 unreadable\)/);
  const usage = [
    [["--results", FIXTURES], /missing --out/],
    [["--out", `${out}/u`], /missing --results/],
    [["--results", `${out}/nope`, "--out", `${out}/u`], /no such folder '.*nope' \(--results\)/],
  ] as const;
  for (const [args, re] of usage) {
    const r = await reportCli([...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
  await Deno.remove(out, { recursive: true });
});
