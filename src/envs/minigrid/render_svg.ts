/**
 * Pictures of Minigrid grids as SVG text: a grid state in Minigrid's own colours (walls, doors
 * by colour and state, keys, balls, boxes, goal, lava, and the agent as a triangle pointing
 * where it faces), and a heatmap of visitation counts over a grid's cells. Pure functions of
 * their input: the same input gives the same text.
 *
 * @module
 */

import type { Position } from "./layout.ts";
import { DoorState, ObjectType } from "./objects.ts";

/** A grid to draw: the full-grid encoding (x-major, as {@link MinigridLayout.grid}). */
export interface GridPicture {
  /** Grid width. */
  width: number;
  /** Grid height. */
  height: number;
  /** Cell codes, `grid[(x * height + y) * 3 + c]`. */
  grid: ArrayLike<number>;
}

/** A grid with the agent on it, e.g. a {@link MinigridLayout}. */
export interface GridState extends GridPicture {
  /** Agent position, or null to draw no agent. */
  agentPos: Position | null;
  /** Agent direction: 0 right, 1 down, 2 left, 3 up. */
  agentDir: number;
}

/** Size of the picture. */
export interface RenderOptions {
  /** Side of a cell in pixels (default 32). */
  cellSize?: number;
}

/** Options of {@link renderVisitationSvg}. */
export interface VisitationOptions extends RenderOptions {
  /** Colour scale: linear in the count, or in log(1 + count) (default linear). */
  scale?: "linear" | "log";
  /** Caption above the grid. */
  title?: string;
  /** Prefix of the SVG ids, unique per page when several heatmaps share one (default "visits"). */
  idPrefix?: string;
}

/** Minigrid's colours as RGB, indexed by colour code (red, green, blue, purple, yellow, grey). */
const RGB: readonly (readonly [number, number, number])[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [112, 39, 195],
  [255, 255, 0],
  [100, 100, 100],
];
/** Thin lines between cells. */
const GRID_LINE = "#3c3c3c";
const LAVA_ORANGE = "rgb(255,128,0)";
/** Viridis at 0, ¼, ½, ¾ and 1: readable in grey and by most colour-blind readers. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x3b, 0x52, 0x8b],
  [0x21, 0x91, 0x8c],
  [0x5e, 0xc9, 0x62],
  [0xfd, 0xe7, 0x25],
];

/** A number as SVG text: at most two decimals, no trailing zeros. */
function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** The colour code `c` as CSS, its RGB scaled by `k`. */
function rgb(c: number, k = 1): string {
  const [r, g, b] = RGB[c] ?? RGB[5];
  return `rgb(${Math.round(r * k)},${Math.round(g * k)},${Math.round(b * k)})`;
}

/** Escapes text for an SVG text node. */
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The shapes of one cell whose top-left corner is (px, py), `s` pixels a side. */
function cellShapes(
  type: number,
  color: number,
  state: number,
  px: number,
  py: number,
  s: number,
): string {
  const at = (fx: number, fy: number): string => `${num(px + fx * s)},${num(py + fy * s)}`;
  const rect = (f0: number, f1: number, fill: string, extra = ""): string =>
    `<rect x="${num(px + f0 * s)}" y="${num(py + f0 * s)}" width="${num((f1 - f0) * s)}" ` +
    `height="${num((f1 - f0) * s)}" fill="${fill}"${extra}/>`;
  switch (type) {
    case ObjectType.wall:
      return rect(0, 1, rgb(color));
    case ObjectType.floor:
      return rect(0.03, 0.97, rgb(color, 0.5));
    case ObjectType.goal:
      return rect(0, 1, rgb(color));
    case ObjectType.lava: {
      const waves = [0.3, 0.5, 0.7].map((fy) =>
        `<polyline points="${
          [0.1, 0.3, 0.5, 0.7, 0.9].map((fx, i) => at(fx, fy + (i % 2 ? 0.05 : -0.05))).join(" ")
        }" fill="none" stroke="black" stroke-width="${num(s * 0.04)}"/>`
      );
      return rect(0, 1, LAVA_ORANGE) + waves.join("");
    }
    case ObjectType.door: {
      const stroke = ` stroke="${rgb(color)}" stroke-width="${num(s * 0.05)}"`;
      if (state === DoorState.open) return rect(0.04, 0.96, "none", stroke);
      if (state === DoorState.locked) {
        // A coloured frame round a darker door with a keyhole: the key of this colour opens it.
        // The frame keeps a grey locked door apart from the walls.
        return rect(0, 1, rgb(color)) + rect(0.08, 0.92, rgb(color, 0.45)) +
          `<line x1="${num(px + 0.6 * s)}" y1="${num(py + 0.45 * s)}" x2="${num(px + 0.75 * s)}" ` +
          `y2="${num(py + 0.45 * s)}" stroke="${rgb(color)}" stroke-width="${num(s * 0.06)}"/>`;
      }
      // Closed: a frame with a handle.
      return rect(0.04, 0.96, "black", stroke) + rect(0.14, 0.86, "none", stroke) +
        `<circle cx="${num(px + 0.75 * s)}" cy="${num(py + 0.5 * s)}" r="${num(0.07 * s)}" ` +
        `fill="${rgb(color)}"/>`;
    }
    case ObjectType.key: {
      const fill = rgb(color);
      return `<circle cx="${num(px + 0.56 * s)}" cy="${num(py + 0.28 * s)}" r="${num(0.19 * s)}" ` +
        `fill="${fill}"/><circle cx="${num(px + 0.56 * s)}" cy="${num(py + 0.28 * s)}" ` +
        `r="${num(0.07 * s)}" fill="black"/>` +
        `<rect x="${num(px + 0.5 * s)}" y="${num(py + 0.42 * s)}" width="${num(0.12 * s)}" ` +
        `height="${num(0.47 * s)}" fill="${fill}"/>` +
        `<rect x="${num(px + 0.38 * s)}" y="${num(py + 0.59 * s)}" width="${num(0.12 * s)}" ` +
        `height="${num(0.07 * s)}" fill="${fill}"/>` +
        `<rect x="${num(px + 0.38 * s)}" y="${num(py + 0.81 * s)}" width="${num(0.12 * s)}" ` +
        `height="${num(0.07 * s)}" fill="${fill}"/>`;
    }
    case ObjectType.ball:
      return `<circle cx="${num(px + 0.5 * s)}" cy="${num(py + 0.5 * s)}" r="${num(0.31 * s)}" ` +
        `fill="${rgb(color)}"/>`;
    case ObjectType.box: {
      const stroke = ` stroke="${rgb(color)}" stroke-width="${num(s * 0.06)}"`;
      return rect(0.12, 0.88, "black", stroke) +
        `<line x1="${num(px + 0.12 * s)}" y1="${num(py + 0.5 * s)}" x2="${num(px + 0.88 * s)}" ` +
        `y2="${num(py + 0.5 * s)}"${stroke}/>`;
    }
    default:
      return "";
  }
}

/** Thin lines between all cells of a `width` × `height` grid of `s`-pixel cells. */
function gridLines(width: number, height: number, s: number, dy = 0): string {
  const lines: string[] = [];
  for (let x = 0; x <= width; x++) lines.push(`M${x * s},${dy}V${dy + height * s}`);
  for (let y = 0; y <= height; y++) lines.push(`M0,${dy + y * s}H${width * s}`);
  return `<path d="${lines.join("")}" stroke="${GRID_LINE}" stroke-width="1" fill="none"/>`;
}

/** Throws a RangeError when `grid` is not `width` × `height` × 3 numbers. */
function checkPicture(p: GridPicture): void {
  if (!(p.width >= 1 && p.height >= 1) || p.grid.length !== p.width * p.height * 3) {
    throw new RangeError(
      `a ${p.width}×${p.height} grid needs ${
        p.width * p.height * 3
      } cell codes, got ${p.grid.length}`,
    );
  }
}

/** The grid state as an SVG picture, black background and Minigrid's colours. */
export function renderGridSvg(state: GridState, options: RenderOptions = {}): string {
  checkPicture(state);
  const s = options.cellSize ?? 32, { width: w, height: h, grid } = state;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w * s}" height="${h * s}" ` +
    `viewBox="0 0 ${w * s} ${h * s}">`,
    `<rect width="${w * s}" height="${h * s}" fill="black"/>`,
  ];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (x * h + y) * 3;
      parts.push(cellShapes(grid[o], grid[o + 1], grid[o + 2], x * s, y * s, s));
    }
  }
  parts.push(gridLines(w, h, s));
  if (state.agentPos) {
    const [ax, ay] = state.agentPos, cx = (ax + 0.5) * s, cy = (ay + 0.5) * s;
    // Drawn facing right, then turned: 0 right, 1 down, 2 left, 3 up (clockwise in SVG).
    const points = [[0.12, 0.19], [0.87, 0.5], [0.12, 0.81]]
      .map(([fx, fy]) => `${num((ax + fx) * s)},${num((ay + fy) * s)}`).join(" ");
    parts.push(
      `<polygon points="${points}" fill="rgb(255,0,0)" ` +
        `transform="rotate(${90 * state.agentDir} ${num(cx)} ${num(cy)})"/>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** Viridis at t in [0, 1], as CSS. */
function viridis(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - i;
  const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** A count as short text: integers as they are, others with 3 significant digits. */
function countLabel(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

/**
 * A heatmap of `counts` over the cells of `picture`: walls in grey, every other cell coloured by
 * its count (viridis, 0 at the dark end), with a colour bar labelled 0, the middle and the
 * maximum. `counts` has one number per cell, x-major like the grid:
 * `counts[x * height + y]`. Throws a RangeError for a wrong length or a negative or non-finite
 * count.
 */
export function renderVisitationSvg(
  picture: GridPicture,
  counts: ArrayLike<number>,
  options: VisitationOptions = {},
): string {
  checkPicture(picture);
  const { width: w, height: h, grid } = picture;
  if (counts.length !== w * h) {
    throw new RangeError(`a ${w}×${h} grid needs ${w * h} counts, got ${counts.length}`);
  }
  let max = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`count ${i} is ${c}`);
    if (grid[i * 3] !== ObjectType.wall && c > max) max = c;
  }
  const s = options.cellSize ?? 32, log = options.scale === "log";
  const position = (v: number): number =>
    max === 0 ? 0 : log ? Math.log1p(v) / Math.log1p(max) : v / max;
  const id = options.idPrefix ?? "visits";
  const top = options.title ? 24 : 0, barX = w * s + 12, barW = 14, barH = h * s;
  const totalW = barX + barW + 56, totalH = top + h * s;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalW}" height="${totalH}" ` +
    `viewBox="0 0 ${totalW} ${totalH}" font-family="sans-serif" font-size="11">`,
    `<rect width="${totalW}" height="${totalH}" fill="white"/>`,
  ];
  if (options.title) {
    parts.push(`<text x="2" y="16" font-size="13">${escapeText(options.title)}</text>`);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = x * h + y;
      const fill = grid[i * 3] === ObjectType.wall ? rgb(5) : viridis(position(counts[i]));
      parts.push(
        `<rect x="${x * s}" y="${top + y * s}" width="${s}" height="${s}" fill="${fill}"/>`,
      );
    }
  }
  parts.push(gridLines(w, h, s, top));
  // The bar runs from 0 at the bottom to the maximum at the top.
  parts.push(
    `<defs><linearGradient id="${id}-scale" x1="0" y1="1" x2="0" y2="0">` +
      VIRIDIS.map((_, k) =>
        `<stop offset="${num(k / (VIRIDIS.length - 1))}" stop-color="${
          viridis(k / (VIRIDIS.length - 1))
        }"/>`
      ).join("") + `</linearGradient></defs>`,
    `<rect x="${barX}" y="${top}" width="${barW}" height="${barH}" fill="url(#${id}-scale)" ` +
      `stroke="black" stroke-width="0.5"/>`,
  );
  const middle = log ? Math.expm1(Math.log1p(max) / 2) : max / 2;
  for (const v of max === 0 ? [0] : [0, middle, max]) {
    const y = top + barH * (1 - position(v));
    parts.push(
      `<line x1="${barX + barW}" y1="${num(y)}" x2="${barX + barW + 4}" y2="${num(y)}" ` +
        `stroke="black"/>`,
      `<text x="${barX + barW + 6}" y="${num(Math.min(totalH - 2, Math.max(top + 9, y + 4)))}">${
        countLabel(v)
      }</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n");
}
