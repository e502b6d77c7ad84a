import assert from "node:assert/strict";
import { timelessJson } from "../src/cli/merge.ts";
import { readResultFolder } from "../src/results/mod.ts";
import { JSONObjectReader } from "@actions/workflow-parser/templates/json-object-reader";
import { TemplateSchema } from "@actions/workflow-parser/templates/schema/index";
import {
  TemplateContext,
  TemplateValidationErrors,
} from "@actions/workflow-parser/templates/template-context";
import { readTemplate } from "@actions/workflow-parser/templates/template-reader";
import { NoOperationTraceWriter } from "@actions/workflow-parser/templates/trace-writer";
import { WORKFLOW_ROOT } from "@actions/workflow-parser/workflows/workflow-constants";
import { YamlObjectReader } from "@actions/workflow-parser/workflows/yaml-object-reader";
import { convertConcurrency } from "@actions/workflow-parser/model/converter/concurrency";
import { convertOn } from "@actions/workflow-parser/model/converter/events";
import { handleTemplateTokenErrors } from "@actions/workflow-parser/model/converter/handle-errors";
import { convertJobs } from "@actions/workflow-parser/model/converter/jobs";

const ROOT = new URL("../", import.meta.url).pathname;

/**
 * Every error GitHub's workflow parser finds in a workflow: schema (keys, value types,
 * expressions and their contexts) and job conversion (`needs`, matrices, events, concurrency).
 *
 * This is the package's `parseWorkflow` followed by the checks of `convertWorkflowTemplate`,
 * built from its modules: its entry point imports its schema JSON without an import attribute,
 * which Deno refuses to load, so the schema is read from the package's folder instead.
 */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const schemaUrl = new URL(
    "workflow-v1.0.min.json",
    import.meta.resolve("@actions/workflow-parser"),
  );
  const schema = TemplateSchema.load(
    new JSONObjectReader(undefined, await Deno.readTextFile(schemaUrl)),
  );
  const context = new TemplateContext(
    new TemplateValidationErrors(),
    schema,
    new NoOperationTraceWriter(),
  );
  const fileId = context.getFileId(name);
  const reader = new YamlObjectReader(fileId, content);
  for (const e of reader.errors) context.error(fileId, e.message, e.range);
  const root = reader.errors.length
    ? undefined
    : readTemplate(context, WORKFLOW_ROOT, reader, fileId);
  if (root && context.errors.count === 0) {
    for (const item of root.assertMapping("root")) {
      const key = item.key.assertString("root key").value;
      if (key === "on") {
        handleTemplateTokenErrors(root, context, {}, () => convertOn(context, item.value));
      }
      if (key === "jobs") {
        handleTemplateTokenErrors(root, context, [], () => convertJobs(context, item.value));
      }
      if (key === "concurrency") {
        handleTemplateTokenErrors(root, context, {}, () => convertConcurrency(context, item.value));
      }
    }
  }
  return context.errors.getErrors().map((e) => e.message);
}

Deno.test("workflows: GitHub's parser finds no error in the workflows, and finds broken ones", async () => {
  const workflows: Record<string, string> = {};
  for (const name of ["ci.yml", "bench.yml", "full.yml", "full_level.yml"]) {
    workflows[name] = await Deno.readTextFile(`${ROOT}.github/workflows/${name}`);
    assert.deepEqual(await workflowErrors(name, workflows[name]), [], name);
  }
  assert.match(workflows["ci.yml"], /run: bash \.ci\/run/);
  for (
    const uses of ["upload-pages-artifact", "deploy-pages", "upload-artifact", "download-artifact"]
  ) {
    assert.match(workflows["bench.yml"], new RegExp(`uses: actions/${uses}@v\\d`));
  }
  for (const uses of ["actions/upload-pages-artifact@", "actions/deploy-pages@", "./.github/"]) {
    assert.ok(workflows["full.yml"].includes(`uses: ${uses}`), uses);
  }
  // The chain: each level needs the one before, the merge the last.
  for (const level of [2, 3, 4]) {
    assert.match(workflows["full.yml"], new RegExp(`needs: \\[plan, level${level - 1}\\]`));
  }
  assert.match(workflows["full.yml"], /needs: \[plan, level4\]/);
  // The gate judges against a window of the history sets and the report draws their history.
  assert.match(
    workflows["bench.yml"],
    /compare_baseline\.sh gh-pages\/history merged .* --window \d/,
  );
  assert.match(workflows["bench.yml"], /task report --results "\$\{sets\[@\]\}" merged\/results/);
  // Every script the workflows call exists.
  const all = Object.values(workflows).join("\n");
  for (const [, script] of all.matchAll(/bash (ci\/[a-z_]+\.sh)/g)) {
    assert.ok((await Deno.stat(`${ROOT}${script}`)).isFile, script);
  }
  const broken: [string, RegExp][] = [
    [workflows["ci.yml"].replace("steps:", "stepz:"), /Unexpected value 'stepz'/],
    [
      workflows["bench.yml"].replace("needs: merge\n", "needs: mrege\n"),
      /Job 'deploy' depends on unknown job 'mrege'/,
    ],
    [
      workflows["bench.yml"].replace("${{ matrix.shard }}/4", "${{ matrix.shard }/4"),
      /The expression is not closed/,
    ],
    [
      workflows["bench.yml"].replace("inputs.accept_baseline", "input.accept_baseline"),
      /Unrecognized named-value: 'input'/,
    ],
    [
      workflows["ci.yml"].replace("runs-on: ubuntu-latest", "runs-on: [ubuntu-latest"),
      /Flow sequence in block collection/,
    ],
    [
      workflows["full.yml"].replace("needs: [plan, level3]", "needs: [plan, level5]"),
      /depends on unknown job 'level5'/,
    ],
    [
      workflows["full_level.yml"].replace("inputs.previous > 0", "input.previous > 0"),
      /Unrecognized named-value: 'input'/,
    ],
  ];
  for (const [content, re] of broken) {
    const errors = await workflowErrors("broken.yml", content);
    assert.ok(errors.length > 0, `no error for ${re}`);
    assert.match(errors.join("\n"), re);
  }
});

/** Runs a ci/ script with bash in `cwd`; Deno for the scripts is this one. */
async function script(
  name: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command("bash", {
    args: [`${ROOT}ci/${name}`, ...args],
    cwd,
    env: { DENO: Deno.execPath(), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

/** Runs git in `cwd`, failing the test on error; returns stdout. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(r.code, 0, `git ${args.join(" ")}: ${dec.decode(r.stderr)}`);
  return dec.decode(r.stdout);
}

Deno.test("ci scripts: shard, compare against a baseline, check out and publish gh-pages", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "ci-" });
  const only = ["--profile", "quick", "--only", "hill/future-kl-check"];
  // bench_shard.sh: a shard with a run, and an empty one (relative OUT: the caller's folder).
  const one = await script("bench_shard.sh", ["1/2", "s1", ...only], tmp);
  assert.equal(one.code, 0, one.out);
  assert.match(one.out, /shard 1\/2: 1 result files in .*\/s1\/results/);
  const empty = await script("bench_shard.sh", ["2/2", "s2", ...only], tmp);
  assert.equal(empty.code, 0, empty.out);
  assert.match(empty.out, /bench: ran 0 runs/);
  assert.match(empty.out, /shard 2\/2: 0 result files/);
  const badShard = await script("bench_shard.sh", ["3/2", "s3", ...only], tmp);
  assert.equal(badShard.code, 2);
  assert.match(badShard.out, /error: bad shard '3\/2' \(--shard\)/);
  assert.equal((await script("bench_shard.sh", [], tmp)).code, 2);

  // A repository with an origin and no gh-pages branch, as on the first scheduled run.
  await git(tmp, "init", "-q", "--bare", "-b", "main", "origin.git");
  await git(tmp, "init", "-q", "-b", "main", "repo");
  const repo = `${tmp}/repo`;
  await Deno.writeTextFile(`${repo}/a.txt`, "a\n");
  await git(repo, "add", "a.txt");
  await git(repo, "commit", "-q", "-m", "first");
  await git(repo, "remote", "add", "origin", `${tmp}/origin.git`);
  await git(repo, "push", "-q", "origin", "main");
  const none = await script("checkout_baseline.sh", ["gh-pages"], repo);
  assert.equal(none.code, 0, none.out);
  assert.match(none.out, /baseline: none \(no gh-pages branch on origin\)/);
  const summary = `${tmp}/summary.md`;
  const skipped = await script(
    "compare_baseline.sh",
    ["gh-pages/history", `${tmp}/s1`, summary],
    repo,
  );
  assert.equal(skipped.code, 0, skipped.out);
  assert.match(await Deno.readTextFile(summary), /comparison skipped/);
  const first = await script("publish_baseline.sh", [`${tmp}/s1/results`, "gh-pages"], repo);
  assert.equal(first.code, 0, first.out);
  assert.match(
    first.out,
    /baseline: pushed 1 result files as set 1 of the history to origin gh-pages/,
  );
  const published = await git(
    tmp,
    "--git-dir=origin.git",
    "ls-tree",
    "-r",
    "--name-only",
    "gh-pages",
  );
  assert.match(published, /^README\.md\nhistory\/\d{8}T\d{6}Z-[0-9a-f]{12}\/[0-9a-f]{16}\.json\n$/);

  // The next run: a fresh clone finds the baseline, compares, publishes (dry run: no push).
  await git(tmp, "clone", "-q", `${tmp}/origin.git`, "next");
  const next = `${tmp}/next`;
  const found = await script("checkout_baseline.sh", ["gh-pages"], next);
  assert.equal(found.code, 0, found.out);
  assert.match(found.out, /baseline: 1 result files in 1 history sets from gh-pages/);
  const compared = await script(
    "compare_baseline.sh",
    ["gh-pages/history", `${tmp}/s1`, summary],
    next,
  );
  assert.equal(compared.code, 0, compared.out);
  assert.match(await Deno.readTextFile(summary), /\*\*No regression\*\* in \d+ comparisons/);
  const bad = await script(
    "compare_baseline.sh",
    ["gh-pages/history", `${tmp}/s2`, summary],
    next,
  );
  assert.equal(bad.code, 2, bad.out);
  assert.match(await Deno.readTextFile(summary), /compare failed with exit 2/);
  // A rerun of the same code: the same files, other wall times.
  await Deno.mkdir(`${tmp}/rerun`);
  for await (const e of Deno.readDir(`${tmp}/s1/results`)) {
    const r = JSON.parse(await Deno.readTextFile(`${tmp}/s1/results/${e.name}`));
    r.manifest.wallSeconds += 1;
    await Deno.writeTextFile(`${tmp}/rerun/${e.name}`, JSON.stringify(r));
  }
  const dry = await script("publish_baseline.sh", ["--dry-run", `${tmp}/rerun`, "gh-pages"], next);
  assert.equal(dry.code, 0, dry.out);
  assert.match(
    dry.out,
    /baseline: committed 1 result files as set 2 of the history on gh-pages \([0-9a-f]+\); dry run, not pushed/,
  );
  assert.equal(
    (await git(tmp, "--git-dir=origin.git", "rev-list", "--count", "gh-pages")).trim(),
    "1",
  );
  const noResults = await script("publish_baseline.sh", [`${tmp}/s2/results`, "gh-pages"], next);
  assert.equal(noResults.code, 2);
  assert.match(noResults.out, /^error: no result files \(.*s2\/results\)/);
  await Deno.mkdir(`${next}/stray/x`, { recursive: true });
  const stray = await script("publish_baseline.sh", [`${tmp}/s1/results`, "stray"], next);
  assert.equal(stray.code, 2);
  assert.match(stray.out, /^error: not a gh-pages worktree \(stray\)/);
  await Deno.remove(tmp, { recursive: true });
});

/** Copies what a level's artifact carries (left.txt, results/, checkpoints/) to a fresh folder. */
async function carry(from: string, to: string): Promise<void> {
  for (const sub of ["results", "checkpoints"]) {
    await Deno.mkdir(`${to}/${sub}`, { recursive: true });
    const entries = await Array.fromAsync(Deno.readDir(`${from}/${sub}`)).catch(() => []);
    for (const e of entries) {
      await Deno.copyFile(`${from}/${sub}/${e.name}`, `${to}/${sub}/${e.name}`);
    }
  }
  await Deno.copyFile(`${from}/left.txt`, `${to}/left.txt`);
}

/** Timeless JSON of every result file of a folder, by file name. */
async function timeless(dir: string): Promise<Record<string, string>> {
  const files = await readResultFolder(dir);
  return Object.fromEntries(
    files.map((f) => [f.path.slice(dir.length + 1), timelessJson(f.result)]),
  );
}

Deno.test("full.yml's chain: 2 shards × 3 levels of 1 s, carried as artifacts and merged, equal one uninterrupted run", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "full-chain-" });
  // Quick Minigrid explore: 7 learner runs (one per variant) of 200 iterations, ~1-2 s each.
  const suite = ["--profile", "quick", "--only", "minigrid/explore/*", "--workers", "2"];
  const ref = await script("bench_shard.sh", ["1/1", "ref", ...suite], tmp);
  assert.equal(ref.code, 0, ref.out);
  // Jobs of 0.0003 h, a budget of 1 s; the plan needs at most 3 levels of it.
  const plan = await script(
    "full_plan.sh",
    ["2", "2", "0.0003", "3", "plan.json", "--profile", "quick", "--only", "minigrid/explore/*"],
    tmp,
  );
  assert.equal(plan.code, 0, plan.out);
  assert.match(plan.out, /costs: fixtures\/perf\/learner\.json \(perf\/learner, measured /);
  assert.match(plan.out, /^shards=\[1,2\]$/m);
  assert.match(plan.out, /^budget=1$/m);
  const tooFew = await script(
    "full_plan.sh",
    ["2", "2", "0.0003", "0", "p0.json", "--profile", "quick", "--only", "minigrid/explore/*"],
    tmp,
  );
  assert.equal(tooFew.code, 1, tooFew.out);
  assert.match(tooFew.out, /error: the plan needs \d+ levels of 0\.0003 h, the workflow has 0/);
  const planned = JSON.parse(await Deno.readTextFile(`${tmp}/plan.json`));
  // LPT over both shards: every run planned once, none left out.
  const sizes = planned.shards.map((s: { runs: string[] }) => s.runs.length);
  assert.equal(sizes.length, 2);
  assert.ok(sizes.every((n: number) => n > 0));
  assert.equal(sizes[0] + sizes[1], 7, "the seven variants' runs");
  let stopped = 0, resumed = 0;
  for (const level of [1, 2, 3]) {
    for (const shard of [1, 2]) {
      const out = `${tmp}/L${level}-s${shard}`;
      if (level > 1) await carry(`${tmp}/L${level - 1}-s${shard}`, out);
      // The last level runs to the end: on a loaded machine 1 s budgets may not finish.
      const budget = level < 3 ? "1" : "600";
      const args = [`${shard}/2`, `${level}`, "3", budget, "plan.json", out, "--workers", "2"];
      const r = await script("full_level.sh", args, tmp);
      assert.equal(r.code, 0, r.out);
      stopped += r.out.match(/stopped at the time budget after \d+ iterations/g)?.length ?? 0;
      resumed += r.out.match(/resumed from .*checkpoints\/[0-9a-f]{16}\.json/g)?.length ?? 0;
      const left = await Deno.readTextFile(`${out}/left.txt`);
      if (level === 3) assert.match(left, /time budget 600 s: nothing left/);
      else assert.match(left, /time budget 1 s: (nothing left|\d+ runs left)/);
    }
  }
  assert.ok(stopped > 0 && resumed > 0, `${stopped} runs stopped, ${resumed} resumed`);
  // A level-3 failure with work left: the last level refuses to pass.
  const unfinished = `${tmp}/unfinished`;
  const fail = await script(
    "full_level.sh",
    ["1/2", "3", "3", "0", "plan.json", unfinished, "--workers", "1"],
    tmp,
  );
  assert.equal(fail.code, 1, fail.out);
  assert.match(fail.out, /::error::shard 1\/2 has work left after level 3/);
  const m = await new Deno.Command(Deno.execPath(), {
    args: ["task", "merge", "--out", `${tmp}/merged`, `${tmp}/L3-s1`, `${tmp}/L3-s2`],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(m.code, 0, new TextDecoder().decode(m.stderr));
  assert.deepEqual(await timeless(`${tmp}/merged/results`), await timeless(`${tmp}/ref/results`));
  assert.equal(Object.keys(await timeless(`${tmp}/merged/results`)).length, 7);
  for (const shard of [1, 2]) {
    assert.deepEqual([...Deno.readDirSync(`${tmp}/L3-s${shard}/checkpoints`)], []);
  }
  await Deno.remove(tmp, { recursive: true });
});
