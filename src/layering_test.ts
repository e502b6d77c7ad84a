/**
 * Walks the static imports of every source file under src/ and benchmarks/ (tests aside) and
 * checks the layering the design promises: no import circles, and the parts that must stay light
 * (the result schema, statistics, the report and the variant records) never load tfjs.
 *
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** One static import: the resolved file (or the bare specifier) and whether it is type-only. */
interface Edge {
  to: string;
  typeOnly: boolean;
}

/** Source files (not tests) under `dir`, repo-relative. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(join(ROOT, dir))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...sources(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) out.push(path);
  }
  return out;
}

/** The static `import … from` / `export … from` / `import "…"` statements of a file. */
function importsOf(file: string): Edge[] {
  const text = Deno.readTextFileSync(join(ROOT, file));
  const re = /^(?:(import|export)(\s+type)?\b[^;"']*?\bfrom\s*|import\s*)["']([^"']+)["']/gm;
  const edges: Edge[] = [];
  for (const m of text.matchAll(re)) {
    const spec = m[3];
    const to = spec.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec;
    edges.push({ to, typeOnly: m[2] !== undefined });
  }
  return edges;
}

const FILES = [...sources("src"), ...sources("benchmarks")];
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Every elementary circle's canonical form `a -> … -> a`, starting at its smallest file. */
function circles(graph: ReadonlyMap<string, readonly Edge[]> = GRAPH): string[] {
  const found = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const done = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const { to } of graph.get(file) ?? []) {
      if (!graph.has(to)) continue;
      if (onStack.has(to)) {
        const loop = stack.slice(stack.indexOf(to));
        const start = loop.indexOf([...loop].sort()[0]);
        const turned = [...loop.slice(start), ...loop.slice(0, start)];
        found.add([...turned, turned[0]].join(" -> "));
      } else if (!done.has(to)) visit(to);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const f of [...graph.keys()].sort()) if (!done.has(f)) visit(f);
  return [...found].sort();
}

/** Bare specifiers a file loads at run time, following runtime (not type-only) imports. */
function runtimePackages(file: string): Set<string> {
  const seen = new Set<string>(), packages = new Set<string>();
  const walk = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const { to, typeOnly } of GRAPH.get(f) ?? []) {
      if (typeOnly) continue;
      if (GRAPH.has(to)) walk(to);
      else if (!to.startsWith("src/") && !to.startsWith("benchmarks/")) packages.add(to);
    }
  };
  walk(file);
  return packages;
}

Deno.test("the import walker sees every local import it should", () => {
  assert.ok(FILES.length > 100, `${FILES.length} files`);
  const missing = [...GRAPH].flatMap(([f, edges]) =>
    edges.filter((e) => /^(src|benchmarks)\//.test(e.to) && !GRAPH.has(e.to)).map((e) =>
      `${f} -> ${e.to}`
    )
  );
  assert.deepEqual(missing, [], "imports of files that do not exist");
  assert.ok(GRAPH.get("src/cli/bench.ts")!.some((e) => e.to === "src/cli/runner.ts"));
});

Deno.test("the circle finder names a loop from its smallest file", () => {
  const edge = (to: string): Edge => ({ to, typeOnly: false });
  const graph = new Map([["c", [edge("a")]], ["a", [edge("b")]], ["b", [edge("c")]], [
    "d",
    [edge("a")],
  ]]);
  assert.deepEqual(circles(graph), ["a -> b -> c -> a"]);
  assert.deepEqual(circles(new Map([["a", [edge("b")]], ["b", []]])), []);
});

Deno.test("no import circles", () => {
  assert.deepEqual(circles(), [], "import circles");
});

Deno.test("the result schema, stats, report and variant records never load tfjs", () => {
  const light = FILES.filter((f) => /^src\/(results|stats|report|exploration\/variants)\//.test(f));
  assert.ok(light.length > 30);
  const heavy = light.flatMap((f) =>
    [...runtimePackages(f)].filter((p) => p.startsWith("@tensorflow/")).map((p) => `${f}: ${p}`)
  );
  assert.deepEqual(heavy, []);
  // The walker does see tfjs where it is: the learner loads it.
  assert.ok(runtimePackages("src/learners/off_policy_ac.ts").has("@tensorflow/tfjs"));
});
