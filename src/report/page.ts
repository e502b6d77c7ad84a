/**
 * What a page module hands to the site builder: the file, the template and its context.
 *
 * @module
 */

/** One page of the site. */
export interface PageContent {
  /** File name in the site folder. */
  file: string;
  /** Template name in `reports/` (without `.hbs`). */
  template: string;
  /** Page title. */
  title: string;
  /** Whether the page has Chart.js charts (then it loads the chart scripts). */
  charts: boolean;
  /** Template context. */
  context: Record<string, unknown>;
}

/** The pages, in navigation order. */
export const NAV: readonly { file: string; label: string }[] = [
  { file: "index.html", label: "Overview" },
  { file: "hill.html", label: "Hill" },
  { file: "minigrid.html", label: "Minigrid" },
  { file: "speed.html", label: "Speed" },
];
