import assert from "node:assert/strict";
import { HILL_REFERENCES } from "../../benchmarks/reference.ts";
import { readResultFile, type ResultFile, runIdOf, writeResultFileSync } from "../results/mod.ts";
import { Rng } from "../rng/mod.ts";
import { newcombeInterval, wilsonInterval } from "../stats/mod.ts";
import { formatNumber } from "./format.ts";
import { launchBrowser } from "./browser.ts";
import { buildSite } from "./mod.ts";

/** The repo's real results and its deliberately broken files. */
const FIXTURES = new URL("../../fixtures/results", import.meta.url).pathname;
/** Broken result files: truncated JSON, a wrong type, an unknown variant, bad artifacts. */
const BROKEN = new URL("../../fixtures/results-broken", import.meta.url).pathname;

const MANIFEST: ResultFile["manifest"] = {
  commit: "5a17e7c5a17e7c5a17e7c5a17e7c5a17e7c5a17e",
  dirty: false,
  deno: "2.0.0",
  tfjs: "4.22.0",
  backend: "wasm",
  adapter: null,
  os: "linux",
  cpus: 2,
  startedAt: "2026-01-01T00:00:00.000Z",
  wallSeconds: 1,
};

/** Envs, configs and seeds of the synthetic Minigrid set. */
const SYNTHETIC = {
  envs: [["MiniGrid-Empty-16x16-v0", 14], ["MiniGrid-SimpleCrossingS9N1-v0", 7]] as const,
  modes: ["explore", "control"] as const,
  configs: [
    ["none", 0, 0.3],
    ["future-kl", 0.01, 0.6],
    ["joint", 0.01, 0.5],
    ["action", 0.002, 0.2],
  ] as const,
  seeds: [0, 1, 2],
};

/**
 * Writes a small synthetic Minigrid result set (the kinds no task produces yet): curves, final
 * metrics and visitation counts per env × mode × config × seed, plus one failed run. Valid per
 * the result schema (writeResultFileSync checks). Synthetic data lives only in temp folders.
 */
async function writeSyntheticMinigrid(dir: string): Promise<number> {
  const rng = Rng.fromSeed("synthetic-minigrid");
  let files = 0;
  for (const [env, n] of SYNTHETIC.envs) {
    for (const mode of SYNTHETIC.modes) {
      for (const [variant, lambda, level] of SYNTHETIC.configs) {
        for (const seed of SYNTHETIC.seeds) {
          const x = Array.from({ length: 11 }, (_, i) => i * 200);
          const spread = 1 + 0.2 * rng.normal();
          const grow = (top: number): number[] =>
            x.map((t) => spread * top * (1 - Math.exp(-t / 600)) + 0.02 * rng.normal());
          const ret = grow(level), ent = grow(level * Math.log(n * n));
          const visitation = Array.from(
            { length: n },
            (_, y) =>
              Array.from(
                { length: n },
                (_, xx) => Math.round(100 * Math.exp(-(xx + y) / (level * n)) + 5 * rng.uniform()),
              ),
          );
          const config = { task: `minigrid/${mode}`, env, variant, lambda, seed };
          writeResultFileSync(`${dir}/${env}-${mode}-${variant}-${seed}.json`, {
            schema: 1,
            runId: await runIdOf(config, "synthetic"),
            benchmark: `minigrid/${mode}/${env}`,
            variant,
            lambda,
            seed,
            config: { ...config, params: { iterations: 2000 } },
            manifest: MANIFEST,
            metrics: { final_return: ret.at(-1)!, final_entropy: ent.at(-1)!, iterations: 2000 },
            curves: { return: { x, y: ret }, entropy: { x, y: ent } },
            artifacts: { visitation },
          });
          files++;
        }
      }
    }
  }
  const failedConfig = { task: "minigrid/control", env: "failed", seed: 3 };
  writeResultFileSync(`${dir}/failed.json`, {
    schema: 1,
    runId: await runIdOf(failedConfig, "synthetic"),
    benchmark: `minigrid/control/${SYNTHETIC.envs[0][0]}`,
    variant: "joint",
    lambda: 0.01,
    seed: 3,
    config: failedConfig,
    manifest: MANIFEST,
    metrics: {},
    failure: "diverged: loss is NaN at iteration 1200",
  });
  return files + 1;
}

/** A later result set of the fixtures' perf results: 10 % faster, another commit. */
async function writeLaterPerf(dir: string): Promise<void> {
  for await (const e of Deno.readDir(FIXTURES)) {
    const r = await readResultFile(`${FIXTURES}/${e.name}`);
    if (!r.benchmark.startsWith("perf/")) continue;
    const metrics = Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, 1.1 * v]));
    writeResultFileSync(`${dir}/${e.name}`, {
      ...r,
      metrics,
      manifest: { ...r.manifest, commit: "1a7e4c0de1a7e4c0de1a7e4c0de1a7e4c0de1a7e" },
    });
  }
}

/** The four result sets the site tests build from, in time order. */
async function testSets(): Promise<{ dirs: string[]; cleanup: () => Promise<void> }> {
  const minigrid = await Deno.makeTempDir({ prefix: "report-minigrid-" });
  const later = await Deno.makeTempDir({ prefix: "report-perf-" });
  await writeSyntheticMinigrid(minigrid);
  await writeLaterPerf(later);
  return {
    dirs: [FIXTURES, BROKEN, minigrid, later],
    cleanup: async () => {
      await Deno.remove(minigrid, { recursive: true });
      await Deno.remove(later, { recursive: true });
    },
  };
}

/** Every file of a folder, by relative path. */
async function tree(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory) { for (const [k, v] of await tree(dir, `${rel}/`)) out.set(k, v); }
    else out.set(rel, await Deno.readFile(`${dir}/${rel}`));
  }
  return out;
}

const SCREENSHOTS = new URL("../../out/screenshots/", import.meta.url).pathname;

/** Crossed runs k of n per variant and λ of the fixtures' hill/gradient results. */
async function gradientCounts(): Promise<Map<string, Map<number, { k: number; n: number }>>> {
  const out = new Map<string, Map<number, { k: number; n: number }>>();
  for await (const e of Deno.readDir(FIXTURES)) {
    const r = await readResultFile(`${FIXTURES}/${e.name}`);
    if (r.benchmark !== "hill/gradient") continue;
    const crossed = (r.artifacts as { crossed: number[] }).crossed;
    const byLambda = out.get(r.variant) ?? new Map();
    byLambda.set(r.lambda, { k: crossed.reduce((a, b) => a + b, 0), n: crossed.length });
    out.set(r.variant, byLambda);
  }
  return out;
}

/** What each page must show: chart canvases, heatmaps, and table ids with their row counts. */
const PAGES: { page: string; canvases: number; maps: number; rows: Record<string, number> }[] = [
  {
    page: "index",
    canvases: 0,
    maps: 0,
    rows: { unreadable: 4, "fidelity-hill": HILL_REFERENCES.length, "summary-perf-rng": 5 },
  },
  {
    page: "hill",
    canvases: 3,
    // 16 panels; none's P(ΔJ>0) and 15 panels × (P(ΔJ>0), P(ΔL>0) and each minus none's);
    // 13 × 2 trajectory maps.
    maps: 16 + 1 + 15 * 4 + 26,
    rows: { "hill-gradient-crossed": 13, "hill-gradient-uniform-crossed": 13 },
  },
  {
    page: "minigrid",
    canvases: 8 + 12,
    maps: 16,
    rows: { "aggregate-control-final-return-iqm-numbers": 4 },
  },
  { page: "speed", canvases: 4, maps: 0, rows: { "speed-perf-rng-numbers": 5 } },
];

Deno.test({
  name: "site from the fixtures, the broken files and synthetic Minigrid and perf sets",
  // The browser step: puppeteer keeps pipes to the browser process open across awaits.
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const { dirs, cleanup } = await testSets();
    const out = await Deno.makeTempDir();
    const site = `${out}/site`;
    try {
      const { loaded } = await buildSite(dirs, site);

      await t.step("the same results give a byte-identical site", async () => {
        await buildSite(dirs, `${out}/again`);
        const a = await tree(site), b = await tree(`${out}/again`);
        assert.deepEqual([...a.keys()].filter((k) => !k.startsWith("data/")).sort(), [
          ".explore-bench.json",
          "assets/chart.umd.js",
          "assets/report.css",
          "assets/report.js",
          "hill.html",
          "index.html",
          "minigrid.html",
          "results.json",
          "speed.html",
        ]);
        // Every table of every page links a CSV file that exists.
        for (const name of ["hill.html", "index.html", "minigrid.html", "speed.html"]) {
          const html = new TextDecoder().decode(a.get(name));
          const ids = [...html.matchAll(/<table id="([^"]+)"/g)].map((m) => m[1]);
          assert.ok(ids.length > 0, name);
          for (const id of ids) {
            assert.ok(html.includes(`href="data/${id}.csv"`), `${name}: CSV link of #${id}`);
            assert.ok(a.has(`data/${id}.csv`), `${name}: data/${id}.csv`);
          }
        }
        const records = JSON.parse(new TextDecoder().decode(a.get("results.json")));
        assert.equal(records.length, loaded.results.length);
        for (const [name, bytes] of a) assert.deepEqual(bytes, b.get(name), name);
        assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name).sort(), ["again", "site"]);
      });

      await t.step(
        "index: unreadable files, summary with CI and failed runs, fidelity",
        async () => {
          const html = await Deno.readTextFile(`${site}/index.html`);
          const reasons = Object.fromEntries(
            loaded.unreadable.map((u) => [u.path.split("/").at(-1), u.reason]),
          );
          assert.deepEqual(Object.keys(reasons).sort(), [
            "bad_artifacts.json",
            "truncated.json",
            "unknown_variant.json",
            "wrong_type.json",
          ]);
          assert.match(reasons["truncated.json"], /not valid JSON/);
          assert.match(reasons["wrong_type.json"], /field seed/);
          assert.match(reasons["unknown_variant.json"], /field variant/);
          assert.match(reasons["bad_artifacts.json"], /field artifacts\.repeats/);
          for (const name of Object.keys(reasons)) {
            assert.match(html, new RegExp(`${BROKEN}/${name}`));
          }
          // The failed synthetic run is counted in its group and not in n.
          assert.match(
            html,
            /<td>joint<\/td><td class="num">0\.01<\/td><td>final_entropy<\/td><td class="num">[^<]+<\/td><td class="num">\[[^<]+\]<\/td><td class="num">3<\/td><td class="num fail">1<\/td>/,
          );
          assert.match(html, /id="fidelity-hill"/);
          const hillRows = html.split('id="fidelity-hill"')[1].split("</tbody>")[0].match(/<tr>/g);
          assert.equal(hillRows?.length, HILL_REFERENCES.length + 1);
          assert.match(
            html,
            /hill\/landscape run [0-9a-f]{16} \(seed 1234, 21×21 grid, 256 rollouts/,
          );
          assert.match(html, /diverged: loss is NaN/);
          // Bounds and budget counters are not metrics; a single seed shows its run's interval
          // or n = 1; every metric shown has a definition.
          const summary = html.split('id="summary"')[1].split('id="metric-definitions"')[0];
          assert.doesNotMatch(summary, /<td>[^<]*_(lower|upper)<\/td>|<td>(runs|iterations)<\/td>/);
          assert.match(
            summary,
            /<td>p_crossed<\/td><td class="num">[^<]+<\/td><td class="num">\[[^<]+\] within the run<\/td>/,
          );
          assert.match(
            summary,
            /<td>correlation<\/td><td class="num">[^<]+<\/td><td class="num">n &#x3D; 1<\/td>/,
          );
          const glossary = html.split('id="metric-definitions"')[1].split("</tbody>")[0];
          assert.doesNotMatch(glossary, /no definition/);
          for (
            const name of [
              "p_crossed",
              "max:&lt;panel&gt;",
              "final_entropy",
              "&lt;case&gt; (perf/*)",
            ]
          ) {
            assert.ok(glossary.includes(`<td>${name}</td>`), name);
          }
        },
      );

      await t.step("Minigrid page: curves, final values, visitation, aggregates", async () => {
        const html = await Deno.readTextFile(`${site}/minigrid.html`);
        const cells = SYNTHETIC.envs.length * SYNTHETIC.modes.length;
        assert.equal(
          html.match(/<canvas id="minigrid-[a-z]+-minigrid-[^"]*-curve-/g)?.length,
          2 * cells,
        );
        assert.equal(
          html.match(/<svg [^>]*class="heatmap"/g)?.length,
          cells * SYNTHETIC.configs.length,
        );
        for (const mode of SYNTHETIC.modes) {
          for (const metric of ["final_entropy", "final_return"]) {
            for (const kind of ["iqm", "poi", "profile"]) {
              assert.match(
                html,
                new RegExp(`<canvas id="aggregate-${mode}-${metric.replace("_", "-")}-${kind}"`),
              );
            }
          }
        }
        assert.match(html, /final_entropy ÷ log\|Z\|/);
        // The budget counter is neither a final value nor aggregated.
        assert.doesNotMatch(html, /aggregate-[a-z]+-iterations|<td>iterations<\/td>/);
        // Empty's final values: 4 configs × 2 metrics, the failed joint run counted.
        const finals = html.split('id="minigrid-control-minigrid-empty-16x16-v0-finals"')[1].split(
          "</tbody>",
        )[0];
        assert.equal(finals.match(/<tr>/g)?.length, 1 + 8);
      });

      await t.step("hill page: differences to none, shares of grid points, future-KL", async () => {
        const html = await Deno.readTextFile(`${site}/hill.html`);
        const improvement = loaded.results.find((r) => r.benchmark === "hill/improvement")!;
        const p = (improvement.artifacts as {
          improvement: Record<string, { pJ: number[][]; pL: number[][] }>;
        }).improvement;
        const share = (a: number[][], b: number[][]): string => {
          const ys = b.flat();
          const k = a.flat().filter((x, i) => x > ys[i]).length;
          return `${(100 * k / ys.length).toFixed(1)} %`;
        };
        const none = p["none/0"].pJ;
        const means = html.split(`id="improvement-${improvement.runId}-means"`)[1]
          .split("</tbody>")[0];
        const state = means.split("<td>state/0.1</td>")[1].split("</tr>")[0];
        const cells = [...state.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
        assert.deepEqual(cells.slice(2, 5), [
          share(p["state/0.1"].pJ, none),
          share(p["state/0.1"].pL, none),
          share(none, p["state/0.1"].pJ),
        ]);
        // none's P(crossed) is the chart's reference line and each row's difference is Newcombe's.
        const counts = await gradientCounts();
        const n0 = counts.get("none")!.get(0)!, j1 = counts.get("joint")!.get(1)!;
        assert.match(html, new RegExp(`"label":"none: ${(n0.k / n0.n).toFixed(3)}"`));
        const d = newcombeInterval({ successes: j1.k, trials: j1.n }, {
          successes: n0.k,
          trials: n0.n,
        });
        assert.ok(
          html.includes(
            `+${d.estimate.toFixed(3)} [${d.lower.toFixed(3)}, ${d.upper.toFixed(3)}]`,
          ),
        );
        assert.match(html, /id="future-kl-check"/);
        assert.match(html, /<canvas id="future-kl-check-[0-9a-f]{16}-scatter"/);
        for (const a of ["landscapes", "improvement", "gradient", "future-kl-check"]) {
          assert.match(html, new RegExp(`<a href="#${a}">`));
        }
      });

      await t.step("speed page: figures per benchmark and their history over sets", async () => {
        const html = await Deno.readTextFile(`${site}/speed.html`);
        for (const b of ["perf-hill", "perf-rng"]) {
          assert.match(html, new RegExp(`<canvas id="speed-${b}"`));
          assert.match(html, new RegExp(`<canvas id="speed-history-${b}"`));
        }
        assert.match(html, /#1 [0-9a-f]{7}/);
        assert.match(html, /#4 1a7e4c0/);
        await buildSite([FIXTURES], `${out}/single`);
        assert.doesNotMatch(await Deno.readTextFile(`${out}/single/speed.html`), /speed-history/);
      });

      await t.step("browser: pages open from file:// without errors, charts drawn", async () => {
        await Deno.mkdir(SCREENSHOTS, { recursive: true });
        const browser = await launchBrowser();
        try {
          const page = await browser.newPage();
          await page.setViewport({ width: 1400, height: 1000 });
          const errors: string[] = [];
          page.on("console", (m) => {
            if (m.type() === "error") errors.push(`console: ${m.text()}`);
          });
          page.on("pageerror", (e) => errors.push(`page: ${(e as Error).message}`));
          page.on("requestfailed", (r) => errors.push(`request: ${r.url()}`));
          for (const width of [1400, 400]) {
            await page.setViewport({ width, height: 1000 });
            for (const p of PAGES) {
              await page.goto(`file://${site}/${p.page}.html`, { waitUntil: "load" });
              const wide = await page.evaluate(() =>
                document.documentElement.scrollWidth - globalThis.innerWidth
              );
              assert.ok(wide <= 0, `${p.page} at ${width} px is ${wide} px wider than the window`);
              assert.match(
                await page.$eval("#scale-banner", (e) => e.textContent ?? ""),
                /Profile: quick and unknown\.\s+11 benchmarks depart from the reference protocol.*hill\/landscape \(quick: reduced: 21×21 grid, 256 rollouts per point\)/s,
              );
              await page.screenshot({ path: `${SCREENSHOTS}${p.page}-${width}.png` });
            }
          }
          await page.setViewport({ width: 1400, height: 1000 });
          await page.goto(`file://${site}/index.html`, { waitUntil: "load" });
          // The headline's gradient row for joint, recomputed from the fixture files.
          const gradient = await gradientCounts();
          const best = (variant: string): [number, { k: number; n: number }] =>
            [...gradient.get(variant)!].reduce((
              a,
              b,
            ) => (b[1].k / b[1].n > a[1].k / a[1].n ? b : a));
          const [lambda, joint] = best("joint");
          const none = best("none")[1];
          const w = wilsonInterval(joint.k, joint.n);
          const d = newcombeInterval(
            { successes: joint.k, trials: joint.n },
            { successes: none.k, trials: none.n },
          );
          const ci = (i: { estimate: number; lower: number; upper: number }): string =>
            `${formatNumber(i.estimate)} [${formatNumber(i.lower)}, ${formatNumber(i.upper)}]`;
          const cells = await page.$$eval(
            "#headline-hill-gradient tbody tr",
            (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
          );
          // The registry's order (src/exploration/variants/mod.ts).
          assert.deepEqual(cells.map((c) => c[0]), [
            "none",
            "state",
            "action",
            "joint",
            "future-kl",
          ]);
          const row = cells.find((c) => c[0] === "joint")!;
          assert.deepEqual(row.slice(1, 5), [
            String(lambda),
            ci(w),
            ci(d),
            d.lower > 0 ? "better" : d.upper < 0 ? "worse" : "no clear difference",
          ]);
          // The CSV link under the same table holds the same rows.
          const href = await page.$eval(
            "#headline-hill-gradient",
            (t) => t.parentElement!.nextElementSibling!.querySelector("a")!.getAttribute("href")!,
          );
          const csv = await Deno.readTextFile(`${site}/${href}`);
          assert.equal(csv.split("\r\n")[0].split(",")[0], "variant");
          assert.ok(csv.includes(`joint,${lambda},`), csv);
          for (const expected of PAGES) {
            await page.goto(`file://${site}/${expected.page}.html`, { waitUntil: "load" });
            const painted = await page.evaluate(() =>
              [...document.querySelectorAll("canvas")].map((c) => {
                const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
                let n = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
                return { id: c.id, painted: n };
              })
            );
            assert.equal(painted.length, expected.canvases, `${expected.page}: canvases`);
            const maps = await page.evaluate(() =>
              [...document.querySelectorAll("svg.heatmap")].filter((svg) =>
                svg.getBoundingClientRect().width > 0
              ).length
            );
            assert.equal(maps, expected.maps, `${expected.page}: heatmaps`);
            for (const c of painted) {
              assert.ok(c.painted > 100, `${expected.page}: #${c.id} is blank`);
            }
            for (const [id, rows] of Object.entries(expected.rows)) {
              const n = await page.evaluate(
                (tableId) => document.getElementById(tableId)?.querySelectorAll("tbody tr").length,
                id,
              );
              assert.equal(n, rows, `${expected.page}: rows of #${id}`);
            }
          }
          // The toggle swaps each multi-λ row to its shared colour scale.
          await page.goto(`file://${site}/hill.html`, { waitUntil: "load" });
          const visibleRowScale = (): Promise<number> =>
            page.evaluate(() =>
              [...document.querySelectorAll("svg.heatmap")].filter((svg) =>
                svg.closest(".row-scale") && svg.getBoundingClientRect().width > 0
              ).length
            );
          assert.equal(await visibleRowScale(), 0);
          await page.click(".scale-toggle");
          assert.equal(await visibleRowScale(), 14);
          assert.deepEqual(errors, []);
        } finally {
          await browser.close();
        }
      });
    } finally {
      await Deno.remove(out, { recursive: true });
      await cleanup();
    }
  },
});
