/**
 * Tables of the pages, as plain data the templates render: every figure's numbers also appear in
 * one (its text alternative), so tables are the one shape all pages share.
 *
 * @module
 */

import { formatNumber } from "./format.ts";

/** One table cell: its text and an optional CSS class (`num`, `pass`, `fail`, …). */
export interface Cell {
  /** Text shown. */
  text: string;
  /** CSS class. */
  cls?: string;
}

/** A table: caption, column headers and rows of cells. */
export interface DataTable {
  /** HTML id, for links and tests. */
  id: string;
  /** Caption shown above the table. */
  caption?: string;
  /** Column headers. */
  columns: string[];
  /** Rows. */
  rows: Cell[][];
}

/** A cell from a value: numbers right-aligned with {@link formatNumber}, strings as they are. */
export function cell(value: string | number | undefined, cls?: string): Cell {
  if (typeof value === "number" || value === undefined) {
    return { text: formatNumber(value), cls: cls ?? "num" };
  }
  return cls ? { text: value, cls } : { text: value };
}

/** A row of cells from values (see {@link cell}). */
export function row(...values: (string | number | undefined | Cell)[]): Cell[] {
  return values.map((v) => (typeof v === "object" ? v : cell(v)));
}

/**
 * The numbers of a grid `values[iy][ix]` as a table: one row per y (in the order drawn), one
 * column per x. Grids larger than `maxSide` are thinned to every n-th point, and the caption says
 * so, so that a 200×200 landscape does not make a page of 40 000 cells.
 */
export function gridTable(
  opts: {
    id: string;
    x: number[];
    y: number[];
    values: number[][];
    xLabel: string;
    yLabel: string;
    maxSide?: number;
    note?: string;
    yDown?: boolean;
  },
): DataTable {
  const maxSide = opts.maxSide ?? 41;
  const stride = Math.max(1, Math.ceil(Math.max(opts.x.length, opts.y.length) / maxSide));
  const pick = (n: number): number[] =>
    Array.from({ length: n }, (_, i) => i).filter((i) => i % stride === 0 || i === n - 1);
  const xs = pick(opts.x.length);
  const ys = opts.yDown ? pick(opts.y.length) : pick(opts.y.length).reverse();
  const thinned = stride > 1
    ? ` Every ${stride}th point of the ${opts.x.length}×${opts.y.length} grid (and the last).`
    : "";
  return {
    id: opts.id,
    caption: `Rows: ${opts.yLabel}; columns: ${opts.xLabel}.${thinned}${
      opts.note ? ` ${opts.note}` : ""
    }`,
    columns: [`${opts.yLabel} \\ ${opts.xLabel}`, ...xs.map((i) => formatNumber(opts.x[i], 3))],
    rows: ys.map((j) => [
      cell(formatNumber(opts.y[j], 3), "head"),
      ...xs.map((i) => cell(opts.values[j][i])),
    ]),
  };
}
