/**
 * The site's one page script, `assets/report.js`: it draws every chart of a page with Chart.js's
 * UMD build (the global `Chart`, loaded by a classic script tag, so pages work from `file://`).
 * The code is a self-contained TypeScript function, type-checked against the DOM and Chart.js
 * types here and written out as its transpiled source, so there is no bundler step.
 *
 * @module
 */

import type { Chart as ChartJs, ChartConfiguration, LegendItem } from "chart.js";

/** Draws each `canvas[data-chart]` from the JSON config in the element its attribute names. */
export function drawCharts(): void {
  const ChartCtor = (globalThis as unknown as { Chart?: typeof ChartJs }).Chart;
  if (!ChartCtor) throw new Error("Chart.js did not load (assets/chart.umd.js)");
  // Log axes: label 1, 2 and 5 × 10^k only, as 1e6, 2e6, …; Chart.js's default labels are
  // locale-formatted and crowd.
  const logTick = (value: string | number): string => {
    const v = Number(value);
    const m = v / 10 ** Math.floor(Math.log10(v));
    return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6)
      ? v.toExponential(0).replace("e+", "e")
      : "";
  };
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]")) {
    const source = document.getElementById(canvas.dataset.chart ?? "");
    if (!source?.textContent) throw new Error(`no chart config for #${canvas.id}`);
    const config = JSON.parse(source.textContent) as ChartConfiguration;
    const options = config.options ?? {};
    const legend = options.plugins?.legend;
    if (legend) {
      // Band datasets have an empty label: keep them out of the legend.
      legend.labels = { ...legend.labels, filter: (item: LegendItem) => item.text !== "" };
    }
    const scales = (options.scales ?? {}) as Record<
      string,
      { type?: string; ticks?: Record<string, unknown> }
    >;
    for (const scale of Object.values(scales)) {
      if (scale.type === "logarithmic") scale.ticks = { ...scale.ticks, callback: logTick };
    }
    new ChartCtor(canvas, config);
  }
}

/** The text of `assets/report.js`: {@link drawCharts}'s source, run once. */
export function pageScript(): string {
  return `"use strict";\n(${drawCharts.toString()})();\n`;
}
