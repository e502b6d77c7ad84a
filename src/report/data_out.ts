/**
 * The site's data for re-plotting: a CSV file per table (`data/<table id>.csv`, linked under
 * the table; every chart's numbers are in its table) and `results.json`, one record per run with
 * all its metrics and curves.
 *
 * @module
 */

import type { ResultFile } from "../results/mod.ts";
import type { DataTable } from "./table.ts";

/** Whether a value is a table of the page contexts. */
function isTable(v: unknown): v is DataTable {
  const t = v as DataTable;
  return typeof t === "object" && t !== null && typeof t.id === "string" &&
    Array.isArray(t.columns) && Array.isArray(t.rows);
}

/** Every table in a page context, depth first, in context order. */
export function tablesIn(value: unknown): DataTable[] {
  if (isTable(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(tablesIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(tablesIn);
  return [];
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A table as CSV text: the header row, then the cells' text as shown. */
export function tableCsv(table: DataTable): string {
  return [table.columns, ...table.rows.map((r) => r.map((c) => c.text))]
    .map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** `results.json`: one record per run, in report order. */
export function resultsJson(results: readonly ResultFile[]): string {
  const records = results.map((r) => ({
    runId: r.runId,
    benchmark: r.benchmark,
    variant: r.variant,
    lambda: r.lambda,
    seed: r.seed,
    failure: r.failure ?? null,
    metrics: r.metrics,
    curves: r.curves ?? {},
  }));
  return JSON.stringify(records) + "\n";
}
