/**
 * Results → static site. A pure function of the result files: the same files give a
 * byte-identical site (no clock, sorted iteration, fixed number formatting, seeded bootstraps).
 * Pages: `index.html` (summary, fidelity, manifests, unreadable files), `hill.html`,
 * `minigrid.html`, `speed.html`; `assets/` holds the stylesheet, Chart.js's UMD build and the
 * page script, so the site works offline from `file://` and on any static host.
 *
 * @module
 */

import { RunFailure } from "../errors.ts";
import { writeFolderAtomic } from "../results/owned_folder.ts";
import { pageScript } from "./chart_page.ts";
import { resultsJson, tableCsv, tablesIn } from "./data_out.ts";
import { hillPage } from "./hill_page.ts";
import { indexPage } from "./index_page.ts";
import { cmp } from "./groups.ts";
import { type LoadedResults, loadResults } from "./load.ts";
import { minigridPage } from "./minigrid_page.ts";
import { NAV, type PageContent } from "./page.ts";
import { scaleBanner } from "./scale.ts";
import { speedPage } from "./speed_page.ts";
import { loadTemplates, REPORTS_DIR } from "./templates.ts";

export { loadResults } from "./load.ts";
export type { LoadedResults, ResultSet, UnreadableFile } from "./load.ts";
export { type SummaryRow, summaryRows } from "./index_page.ts";

/** Chart.js's UMD build (a classic script defining `window.Chart`), beside its ES module entry. */
async function chartJsUmd(): Promise<Uint8Array> {
  const url = new URL("chart.umd.js", import.meta.resolve("chart.js"));
  try {
    return await Deno.readFile(url);
  } catch (e) {
    throw new RunFailure(
      `cannot read Chart.js's UMD build: ${(e as Error).message}`,
      url.href,
      "install the npm dependencies with `npx -y deno@2 install`",
    );
  }
}

/** Every page of the site, built from the loaded results. */
async function pages(loaded: LoadedResults): Promise<PageContent[]> {
  return [
    indexPage(loaded),
    await hillPage(loaded.results),
    await minigridPage(loaded.results),
    speedPage(loaded),
  ];
}

/**
 * Builds the site for `resultsDirs` (result sets in time order) into `outDir`, written beside it
 * and then swapped in (a folder holding anything else is refused, naming `flag`), and returns the
 * index path. The site is built even when no result is valid (its index lists the unreadable
 * files); the caller decides whether that is an error.
 */
export async function buildSite(
  resultsDirs: string[],
  outDir: string,
  opts: { flag?: string } = {},
): Promise<{ index: string; loaded: LoadedResults }> {
  const loaded = await loadResults(resultsDirs);
  const render = await loadTemplates();
  const banner = scaleBanner(loaded.results);
  const files = new Map<string, string | Uint8Array>();
  for (const page of await pages(loaded)) {
    const nav = NAV.map((n) => ({ ...n, href: n.file, current: n.file === page.file }));
    const html = render(page.template, {
      ...page.context,
      title: page.title,
      nav,
      banner,
      charts: page.charts,
    });
    files.set(page.file, html);
    for (const table of tablesIn(page.context)) files.set(`data/${table.id}.csv`, tableCsv(table));
  }
  const assets = new URL("assets/", REPORTS_DIR);
  const names: string[] = [];
  for await (const e of Deno.readDir(assets)) if (e.isFile) names.push(e.name);
  for (const name of names.sort(cmp)) {
    files.set(`assets/${name}`, await Deno.readFile(new URL(name, assets)));
  }
  files.set("assets/chart.umd.js", await chartJsUmd());
  files.set("assets/report.js", pageScript());
  files.set("results.json", resultsJson(loaded.results));
  await writeFolderAtomic(outDir, files, {
    kind: "site",
    writer: "report",
    flag: opts.flag ?? "--out",
  });
  return { index: `${outDir.replace(/(.)\/+$/, "$1")}/index.html`, loaded };
}
