/**
 * Colour maps of the heatmaps: viridis (sequential, readable in grey and by most colour-blind
 * readers) and a blue–white–red diverging map for probabilities around ½.
 *
 * @module
 */

/** An RGB colour, 0–255 per channel. */
export type Rgb = [number, number, number];

/** Palette names. */
export type PaletteName = "sequential" | "diverging";

/** Evenly spaced stops of each palette, low to high. */
const STOPS: Record<PaletteName, Rgb[]> = {
  // viridis at 0, 1/8, …, 1 (matplotlib's table).
  sequential: [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
  ],
  // ColorBrewer RdBu reversed: blue below ½, white at ½, red above.
  diverging: [
    [33, 102, 172],
    [103, 169, 207],
    [209, 229, 240],
    [247, 247, 247],
    [253, 219, 199],
    [239, 138, 98],
    [178, 24, 43],
  ],
};

/** Colour of `t` ∈ [0, 1] (clamped) on a palette, linearly interpolated between stops. */
export function paletteColour(palette: PaletteName, t: number): Rgb {
  const stops = STOPS[palette];
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u)), w = u - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + w * (b[c] - a[c]))) as Rgb;
}

/** `#rrggbb` of a colour. */
export function hex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}
