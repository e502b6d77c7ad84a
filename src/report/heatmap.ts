/**
 * Heatmaps as inline SVG: a PNG raster of the grid (one pixel per cell), vector axes, a colour
 * bar, and optional markers (local maxima) and paths (trajectories) on top. Inline SVG needs no
 * script, works from `file://`, and prints sharply.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { hex, paletteColour, type PaletteName } from "./colour.ts";
import { formatNumber } from "./format.ts";
import { encodePng } from "./png.ts";
import type { DataTable } from "./table.ts";

/** A point marked on the map. */
export interface MapMarker {
  /** x value (data units). */
  x: number;
  /** y value (data units). */
  y: number;
  /** Tooltip text. */
  label: string;
  /** The global maximum is drawn larger than other local maxima. */
  kind: "global" | "local";
}

/** A path drawn on the map (a trajectory), start to end. */
export interface MapPath {
  /** x values. */
  x: number[];
  /** y values. */
  y: number[];
  /** Tooltip text. */
  label: string;
  /** Drawn in the accent colour (e.g. a run that crossed). */
  accent: boolean;
}

/** A heatmap on a page: its SVG and its numbers (the text alternative). */
export interface MapFigure {
  /** HTML id. */
  id: string;
  /** Title. */
  title: string;
  /** The `<svg>`. */
  svg: string;
  /** Caption under the map. */
  caption?: string;
  /** Its numbers. */
  table: DataTable;
}

/** What to draw. */
export interface HeatmapOptions {
  /** Unique id within the page (prefixes the SVG's internal ids). */
  id: string;
  /** Title drawn above the map. */
  title: string;
  /** Grid x values (evenly spaced), columns of `values`. */
  x: number[];
  /** Grid y values (evenly spaced), rows of `values`. */
  y: number[];
  /** `values[iy][ix]`; omitted for empty axes (paths on a blank domain). */
  values?: number[][];
  /** Axis labels. */
  xLabel: string;
  /** Axis label. */
  yLabel: string;
  /** Draw y increasing downwards (grid worlds: row 0 at the top). */
  yDown?: boolean;
  /** Colour range; defaults to the values' min and max. */
  range?: [number, number];
  /**
   * Why values below the range's lower end exist (they take its colour): shown under the colour
   * bar (a line per entry), whose lower label then reads `≤ lo`.
   */
  clipNote?: string[];
  /** Palette. */
  palette: PaletteName;
  /** Markers. */
  markers?: MapMarker[];
  /** Paths. */
  paths?: MapPath[];
}

const W = 340, H = 270;
const M = { left: 46, right: 72, top: 24, bottom: 40 };
const PW = W - M.left - M.right, PH = H - M.top - M.bottom;

/** Up to ~`count` round tick values within [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) {
    out.push(Math.abs(v) < 1e-12 * step ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

/** Rounds an SVG coordinate to 0.01 px: shorter files, and the same text on every machine. */
function px(v: number): string {
  return formatNumber(Math.round(v * 100) / 100, 8);
}

/** Escapes text for SVG/HTML content and attributes. */
function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** The cell-edge extent of an evenly spaced axis: half a step beyond the first and last value. */
function extent(values: number[]): [number, number] {
  const half = values.length > 1
    ? (values[values.length - 1] - values[0]) / (values.length - 1) / 2
    : 0.5;
  return [values[0] - half, values[values.length - 1] + half];
}

/** Min and max of a grid. */
function gridRange(values: number[][]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const row of values) {
    for (const v of row) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** The map as an `<svg>` element (text). */
export async function heatmapSvg(o: HeatmapOptions): Promise<string> {
  const [x0, x1] = extent(o.x), [y0, y1] = extent(o.y);
  const sx = (v: number): number => M.left + ((v - x0) / (x1 - x0)) * PW;
  const sy = (v: number): number =>
    M.top + (o.yDown ? (v - y0) / (y1 - y0) : 1 - (v - y0) / (y1 - y0)) * PH;
  const parts: string[] = [];
  const clip = `${o.id}-clip`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${o.id}-title">`,
    `<title id="${o.id}-title">${escapeXml(o.title)}</title>`,
    `<defs><clipPath id="${clip}"><rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}"/></clipPath></defs>`,
    `<text class="title" x="${M.left}" y="15">${escapeXml(o.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="#eee"/>`,
  );
  const range = o.range ?? (o.values ? gridRange(o.values) : [0, 1]);
  if (o.values) {
    const topFirst = o.yDown ? o.values : [...o.values].reverse();
    parts.push(await raster(topFirst, o.palette, range));
  }
  parts.push(`<g clip-path="url(#${clip})">`);
  for (const p of o.paths ?? []) {
    const points = p.x.map((x, i) => `${px(sx(x))},${px(sy(p.y[i]))}`).join(" ");
    const colour = p.accent ? "#d62728" : "#111";
    parts.push(
      `<g class="path"><title>${escapeXml(p.label)}</title>`,
      `<polyline points="${points}" fill="none" stroke="#fff" stroke-width="3" stroke-opacity="0.7"/>`,
      `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.2"/>`,
      `<circle cx="${px(sx(p.x[0]))}" cy="${px(sy(p.y[0]))}" r="2" fill="${colour}"/>`,
      `<rect x="${px(sx(p.x.at(-1)!) - 2.5)}" y="${
        px(sy(p.y.at(-1)!) - 2.5)
      }" width="5" height="5" fill="${colour}" stroke="#fff" stroke-width="0.8"/>`,
      `</g>`,
    );
  }
  for (const m of o.markers ?? []) {
    const r = m.kind === "global" ? 5.5 : 3.5;
    parts.push(
      `<circle class="maximum ${m.kind}" cx="${px(sx(m.x))}" cy="${px(sy(m.y))}" r="${r}" fill="${
        m.kind === "global" ? "#fff" : "none"
      }" stroke="#000" stroke-width="1.5"><title>${escapeXml(m.label)}</title></circle>`,
    );
  }
  parts.push(`</g>`);
  parts.push(axes({ sx, sy, x: [x0, x1], y: [y0, y1], xLabel: o.xLabel, yLabel: o.yLabel }));
  if (o.values) parts.push(colourBar(o.id, o.palette, range, o.clipNote));
  parts.push(`</svg>`);
  return parts.join("");
}

/** The grid as a PNG `<image>` covering the plot area; `rows[0]` is drawn at the top. */
async function raster(
  rows: number[][],
  palette: PaletteName,
  [lo, hi]: [number, number],
): Promise<string> {
  const ny = rows.length, nx = rows[0].length;
  const rgb = new Uint8Array(nx * ny * 3);
  const span = hi - lo || 1;
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      rgb.set(paletteColour(palette, (rows[r][c] - lo) / span), (r * nx + c) * 3);
    }
  }
  const png = Buffer.from(await encodePng(nx, ny, rgb)).toString("base64");
  return `<image x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`;
}

/** Frame, ticks and labels. */
function axes(
  a: {
    sx: (v: number) => number;
    sy: (v: number) => number;
    x: [number, number];
    y: [number, number];
    xLabel: string;
    yLabel: string;
  },
): string {
  const out = [
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#444"/>`,
  ];
  for (const t of niceTicks(a.x[0], a.x[1], 7)) {
    const x = px(a.sx(t));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${M.top + PH}" y2="${M.top + PH + 4}" stroke="#444"/>`,
      `<text class="tick" x="${x}" y="${M.top + PH + 15}" text-anchor="middle">${
        formatNumber(t)
      }</text>`,
    );
  }
  for (const t of niceTicks(a.y[0], a.y[1], 5)) {
    const y = px(a.sy(t));
    out.push(
      `<line x1="${M.left - 4}" x2="${M.left}" y1="${y}" y2="${y}" stroke="#444"/>`,
      `<text class="tick" x="${M.left - 6}" y="${y}" dy="0.35em" text-anchor="end">${
        formatNumber(t)
      }</text>`,
    );
  }
  out.push(
    `<text class="label" x="${M.left + PW / 2}" y="${H - 6}" text-anchor="middle">${
      escapeXml(a.xLabel)
    }</text>`,
    `<text class="label" transform="translate(12 ${
      M.top + PH / 2
    }) rotate(-90)" text-anchor="middle">${escapeXml(a.yLabel)}</text>`,
  );
  return out.join("");
}

/**
 * A vertical colour bar right of the plot, labelled with its range and middle; with a clip note,
 * the lower label is `≤ lo` and the note's lines sit under the bar.
 */
function colourBar(
  id: string,
  palette: PaletteName,
  [lo, hi]: [number, number],
  clipNote?: string[],
): string {
  const x = M.left + PW + 10, w = 10;
  const stops = Array.from(
    { length: 11 },
    (_, i) => `<stop offset="${i / 10}" stop-color="${hex(paletteColour(palette, 1 - i / 10))}"/>`,
  ).join("");
  const label = (v: number, y: number, prefix = ""): string =>
    `<text class="tick" x="${x + w + 3}" y="${px(y)}" dy="0.35em">${prefix}${
      formatNumber(v, 3)
    }</text>`;
  const note = clipNote
    ? `<text class="clip-note" x="${x - 2}" y="${M.top + PH + 12}">${
      clipNote.map((line, i) =>
        `<tspan x="${x - 2}" dy="${i ? "1.1em" : 0}">${escapeXml(line)}</tspan>`
      ).join("")
    }</text>`
    : "";
  return `<defs><linearGradient id="${id}-bar" x1="0" x2="0" y1="0" y2="1">${stops}</linearGradient></defs>` +
    `<rect x="${x}" y="${M.top}" width="${w}" height="${PH}" fill="url(#${id}-bar)" stroke="#444"/>` +
    label(hi, M.top) + label((lo + hi) / 2, M.top + PH / 2) +
    label(lo, M.top + PH, clipNote ? "≤ " : "") + note;
}
