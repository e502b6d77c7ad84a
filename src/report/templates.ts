/**
 * The Handlebars templates of `reports/`: pages (`reports/*.hbs`) and the partials they share
 * (`reports/partials/*.hbs`: the layout, tables, heatmap and chart figures).
 *
 * @module
 */

import Handlebars from "handlebars";
import { configJson } from "./chart.ts";
import { cmp } from "./groups.ts";

/** Where the templates and static assets live. */
export const REPORTS_DIR = new URL("../../reports/", import.meta.url);

/** Renders a page template with a context. */
export type RenderPage = (page: string, context: Record<string, unknown>) => string;

/** Compiles every page and partial of `reports/` into one renderer. */
export async function loadTemplates(): Promise<RenderPage> {
  const hb = Handlebars.create();
  hb.registerHelper(
    "json",
    (value: Record<string, unknown>) => new hb.SafeString(configJson(value)),
  );
  const partials = new URL("partials/", REPORTS_DIR);
  for (const name of await hbsFiles(partials)) {
    hb.registerPartial(name, await Deno.readTextFile(new URL(`${name}.hbs`, partials)));
  }
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const name of await hbsFiles(REPORTS_DIR)) {
    pages.set(name, hb.compile(await Deno.readTextFile(new URL(`${name}.hbs`, REPORTS_DIR))));
  }
  return (page, context) => {
    const template = pages.get(page);
    if (!template) throw new Error(`no template reports/${page}.hbs`);
    return template(context);
  };
}

/** Names (without `.hbs`) of the templates in a folder, sorted. */
async function hbsFiles(dir: URL): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".hbs")) names.push(e.name.slice(0, -4));
  }
  return names.sort(cmp);
}
