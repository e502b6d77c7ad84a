/**
 * Chart.js figures as data: each is a canvas, the chart's config as JSON in the page (read by
 * `assets/report.js`, see chart_page.ts) and a table of its numbers. Configs hold no functions,
 * so they serialise to the same text every time.
 *
 * @module
 */

import { max, min } from "simple-statistics";
import type { DataTable } from "./table.ts";

/** One chart on a page. */
export interface ChartFigure {
  /** HTML id of the canvas (its config script is `<id>-config`). */
  id: string;
  /** Heading above the chart. */
  title: string;
  /** The Chart.js config. */
  config: Record<string, unknown>;
  /** Its numbers: the text alternative. */
  table: DataTable;
  /** Show the table under the chart instead of folded away (when the table is a result itself). */
  tableVisible?: boolean;
  /** Canvas height in px, when the page's default (320) is too small for the labels. */
  height?: number;
}

/** One line, optionally with a band (lower, upper) drawn around it. */
export interface LineSeries {
  /** Legend label. */
  label: string;
  /** x values. */
  x: number[];
  /** y values. */
  y: number[];
  /** Lower edge of the band, same length as x. */
  lower?: number[];
  /** Upper edge of the band. */
  upper?: number[];
  /** Colour; by default the series' position picks one. */
  colour?: string;
}

/** Colour-blind-safe categorical colours (Okabe–Ito), in assignment order. */
const COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#000000",
  "#F0E442",
];

/** Colour of the i-th series. */
export function seriesColour(i: number): string {
  return COLOURS[i % COLOURS.length];
}

/** `#rrggbb` with an alpha suffix, for band fills. */
function translucent(colour: string): string {
  return `${colour}33`;
}

/**
 * Shared options: no animation (the chart is drawn at once, for printing and tests). The value
 * axis is y, or x for horizontal charts (`horizontal`: categories down the side, where long case
 * names stay readable).
 */
function baseOptions(
  opts: { xLabel: string; yLabel: string; logY?: boolean; xType?: string; horizontal?: boolean },
): Record<string, unknown> {
  const index = { type: opts.xType ?? "linear", title: { display: true, text: opts.xLabel } };
  const value = {
    type: opts.logY ? "logarithmic" : "linear",
    title: { display: true, text: opts.yLabel },
  };
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    ...(opts.horizontal ? { indexAxis: "y" } : {}),
    plugins: { legend: { position: "bottom" } },
    scales: opts.horizontal ? { x: value, y: index } : { x: index, y: value },
  };
}

/**
 * A line chart of `series` over a numeric x axis; a series with `lower`/`upper` gets a shaded
 * band (two unlabelled datasets, the upper filled down to the lower). Band datasets have an empty
 * label, which the page script hides from the legend.
 */
export function lineChart(
  opts: {
    id: string;
    title: string;
    xLabel: string;
    yLabel: string;
    series: LineSeries[];
    table: DataTable;
    yRange?: [number, number];
    /** The x axis's extent; by default Chart.js rounds it out to the next tick. */
    xRange?: [number, number];
  },
): ChartFigure {
  const datasets: Record<string, unknown>[] = [];
  opts.series.forEach((s, i) => {
    const colour = s.colour ?? seriesColour(i);
    const points = (ys: number[]): { x: number; y: number }[] =>
      s.x.map((x, j) => ({ x, y: ys[j] }));
    if (s.lower && s.upper) {
      datasets.push(
        { label: "", data: points(s.lower), borderWidth: 0, pointRadius: 0, fill: false },
        {
          label: "",
          data: points(s.upper),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: translucent(colour),
          fill: "-1",
        },
      );
    }
    datasets.push({
      label: s.label,
      data: points(s.y),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.5,
      pointRadius: s.x.length > 30 ? 0 : 2,
      fill: false,
    });
  });
  const options = baseOptions(opts);
  if (opts.yRange) {
    const scales = options.scales as Record<string, Record<string, unknown>>;
    scales.y = { ...scales.y, min: opts.yRange[0], max: opts.yRange[1] };
  }
  if (opts.xRange) {
    const scales = options.scales as Record<string, Record<string, unknown>>;
    scales.x = { ...scales.x, min: opts.xRange[0], max: opts.xRange[1] };
  }
  return {
    id: opts.id,
    title: opts.title,
    config: { type: "line", data: { datasets }, options },
    table: opts.table,
  };
}

/** What a chart over categories is drawn from: one value per category and series. */
export interface CategoryChartOptions {
  /** Figure id. */
  id: string;
  /** Figure title. */
  title: string;
  /** Axis titles. */
  xLabel: string;
  yLabel: string;
  /** The categories, in order. */
  categories: string[];
  /** One value per category (null: missing) per series. */
  series: { label: string; values: (number | null)[] }[];
  /** The figure's data as a table. */
  table: DataTable;
}

/**
 * A category label as lines of at most about `width` characters (Chart.js draws an array label
 * one entry a line), broken after `/` or at spaces, so that long case names and "#1 commit
 * date" labels stay whole on a 400 px screen instead of being cut at the chart's edge.
 */
export function labelLines(label: string, width = 18): string | string[] {
  if (label.length <= width) return label;
  const pieces = label.match(/[^/ ]+(\/|\s+|$)/g) ?? [label];
  const lines: string[] = [];
  for (const piece of pieces) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + piece).trimEnd().length <= width) lines[last] += piece;
    else lines.push(piece);
  }
  return lines.map((l) => l.trimEnd());
}

/**
 * A grouped horizontal bar chart: one group per category (down the side, every label drawn, in
 * as many lines as it needs), one bar per series; the canvas grows with the label lines.
 */
export function barChart(opts: CategoryChartOptions): ChartFigure {
  const labels = opts.categories.map((c) => labelLines(c));
  const lines = labels.reduce<number>((n, l) => n + (Array.isArray(l) ? l.length : 1), 0);
  const options = baseOptions({ ...opts, xType: "category", horizontal: true });
  const scales = options.scales as Record<string, Record<string, unknown>>;
  scales.y = { ...scales.y, ticks: { autoSkip: false } };
  return {
    id: opts.id,
    title: opts.title,
    height: Math.max(320, 120 + 22 * lines + 12 * labels.length * opts.series.length),
    config: {
      type: "bar",
      data: {
        labels,
        datasets: opts.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: seriesColour(i),
        })),
      },
      options,
    },
    table: opts.table,
  };
}

/** Estimates with intervals per category, one series per group (e.g. P(crossed) per setting). */
export interface IntervalSeries {
  /** Legend label. */
  label: string;
  /** Point estimates, one per category (null: none). */
  estimate: (number | null)[];
  /** Lower bounds. */
  lower: (number | null)[];
  /** Upper bounds. */
  upper: (number | null)[];
}

/**
 * Point estimates with their intervals over categories: the interval as a floating bar
 * (Chart.js draws `[lower, upper]` data as a bar between the two), the estimate as a dot on it.
 */
export function intervalChart(
  opts: {
    id: string;
    title: string;
    xLabel: string;
    yLabel: string;
    categories: string[];
    series: IntervalSeries[];
    table: DataTable;
    yRange?: [number, number];
    /** A baseline drawn as a dashed horizontal line across every category (e.g. `none`). */
    reference?: { label: string; value: number };
  },
): ChartFigure {
  const reference: Record<string, unknown>[] = opts.reference
    ? [{
      type: "line",
      label: opts.reference.label,
      data: opts.categories.map(() => opts.reference!.value),
      borderColor: "#555",
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      fill: false,
    }]
    : [];
  const datasets = opts.series.flatMap((s, i): Record<string, unknown>[] => [
    {
      type: "line",
      label: s.label,
      data: s.estimate,
      showLine: false,
      pointRadius: 4,
      clip: false,
      borderColor: seriesColour(i),
      backgroundColor: seriesColour(i),
    },
    {
      type: "bar",
      label: "",
      data: s.lower.map((lo, j) => (lo === null || s.upper[j] === null ? null : [lo, s.upper[j]])),
      backgroundColor: translucent(seriesColour(i)),
      borderColor: seriesColour(i),
      borderWidth: 1,
    },
  ]).concat(reference);
  const options = baseOptions({ ...opts, xType: "category" });
  if (opts.yRange) {
    const scales = options.scales as Record<string, Record<string, unknown>>;
    scales.y = { ...scales.y, min: opts.yRange[0], max: opts.yRange[1] };
  }
  return {
    id: opts.id,
    title: opts.title,
    config: { type: "bar", data: { labels: opts.categories, datasets }, options },
    table: opts.table,
  };
}

/**
 * A scatter plot of (x, y) points with the diagonal y = x drawn dashed across the points' range:
 * two estimates of one quantity, where agreement puts every point on the diagonal.
 */
export function scatterChart(
  opts: {
    id: string;
    title: string;
    xLabel: string;
    yLabel: string;
    label: string;
    x: number[];
    y: number[];
    table: DataTable;
  },
): ChartFigure {
  const all = [...opts.x, ...opts.y];
  // Not Math.min(...all): a big scatter is more arguments than the stack holds.
  const lo = min(all), hi = max(all);
  return {
    id: opts.id,
    title: opts.title,
    config: {
      type: "scatter",
      data: {
        datasets: [
          {
            label: opts.label,
            data: opts.x.map((x, i) => ({ x, y: opts.y[i] })),
            backgroundColor: seriesColour(0),
            pointRadius: 2.5,
          },
          {
            type: "line",
            label: "y = x",
            data: [{ x: lo, y: lo }, { x: hi, y: hi }],
            borderColor: "#555",
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
            fill: false,
          },
        ],
      },
      options: baseOptions(opts),
    },
    table: opts.table,
  };
}

/** A line chart over categories (result sets in time order), one line per series. */
export function categoryLineChart(opts: CategoryChartOptions & { logY?: boolean }): ChartFigure {
  return {
    id: opts.id,
    title: opts.title,
    config: {
      type: "line",
      data: {
        labels: opts.categories.map((c) => labelLines(c, 12)),
        datasets: opts.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          borderColor: seriesColour(i),
          backgroundColor: seriesColour(i),
          spanGaps: true,
          pointRadius: 3,
        })),
      },
      options: baseOptions({ ...opts, xType: "category" }),
    },
    table: opts.table,
  };
}

/** The config as JSON safe inside `<script type="application/json">` (no `</script>` possible). */
export function configJson(config: Record<string, unknown>): string {
  return JSON.stringify(config).replace(/</g, "\\u003c");
}
