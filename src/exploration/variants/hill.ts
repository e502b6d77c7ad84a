/**
 * What the hill studies read from the variant records (hill.md §4, §5, §5b, §9): the raw columns
 * of a landscape, the objective panels L = J + λ·bonus, the weights of a variant's objective and
 * the panels' titles. Panels are derived from the raw column grids, never recomputed per λ
 * (design.md).
 *
 * @module
 */

import type { CodeColumn } from "../../envs/hill/rollouts.ts";
import { type Variant, VARIANT_RECORDS } from "./mod.ts";
import type { HillPart, VariantRecord } from "./variant.ts";

/** Columns every hill rollout computes (hill.md §3); J_c is P1's shaped reward, not a variant. */
export const HILL_BASE_COLUMNS: readonly string[] = ["J", "J_state", "J_c", "J_action"];

/** The variants that run on the hill, with their hill part. */
const HILL_RECORDS = VARIANT_RECORDS.filter((r): r is typeof r & { hill: HillPart } =>
  (r as VariantRecord).hill !== undefined
);

/** The columns that variants compute themselves from the bin codes, by name, in registry order. */
export const HILL_CODE_COLUMNS: Readonly<Record<string, CodeColumn>> = Object.fromEntries(
  HILL_RECORDS.flatMap((r) => r.hill.column ? [[r.hill.column.name, r.hill.column.fromCodes]] : []),
);

/** The raw columns of a landscape, in the order of the weight vectors. */
export const HILL_COLUMNS: readonly string[] = [
  ...HILL_BASE_COLUMNS,
  ...Object.keys(HILL_CODE_COLUMNS),
];

/** One objective panel: weights on {@link HILL_COLUMNS}. */
export interface HillPanel {
  /** Stable id, e.g. `state/0.1`. */
  id: string;
  /** Variant the panel belongs to (`c` is P1's shaped reward J_c, not an exploration variant). */
  variant: Variant | "c";
  /** Bonus weight λ. */
  lambda: number;
  /** Weights on {@link HILL_COLUMNS}. */
  weights: number[];
}

/** Weights on {@link HILL_COLUMNS} of J + λ·Σ `bonus`. */
function weightsOf(bonus: readonly string[], lambda: number): number[] {
  return HILL_COLUMNS.map((name) => name === "J" ? 1 : bonus.includes(name) ? lambda : 0);
}

/** Weights on {@link HILL_COLUMNS} of a variant's objective L = J + λ·bonus. */
export function hillWeights(variant: Variant, lambda: number): number[] {
  const record = HILL_RECORDS.find((r) => r.id === variant);
  if (!record) throw new RangeError(`variant ${variant} does not run on the hill`);
  return weightsOf(record.hill.bonus, lambda);
}

/**
 * Every panel: each hill variant at each of its panel λ values (P1's eight objectives and the
 * project's `joint` and `future-kl`, hill.md §4, §9), then P1's shaped reward J + J_c.
 */
export const HILL_PANELS: readonly HillPanel[] = [
  ...HILL_RECORDS.flatMap((r) =>
    r.hill.panelLambdas.map((lambda): HillPanel => ({
      id: `${r.id}/${lambda}`,
      variant: r.id,
      lambda,
      weights: weightsOf(r.hill.bonus, lambda),
    }))
  ),
  { id: "c/1", variant: "c", lambda: 1, weights: weightsOf(["J_c"], 1) },
];

/**
 * The panels that `columns` can show: a landscape computed before a variant was added lacks that
 * variant's own column, and its panels are left out rather than drawn without the bonus.
 */
export function panelsFor(columns: ColumnGrids): HillPanel[] {
  return HILL_PANELS.filter((p) => p.weights.every((w, c) => !w || HILL_COLUMNS[c] in columns));
}

/** A variant's bonus as titles write it: `J_state`, `(J_state + J_action)`; `""` for none. */
function bonusTerm(variant: Variant): string {
  const bonus = HILL_RECORDS.find((r) => r.id === variant)!.hill.bonus;
  return bonus.length <= 1 ? (bonus[0] ?? "") : `(${bonus.join(" + ")})`;
}

/** Panel title: `state λ=0.1: J + 0.1·J_state` style. */
export function panelTitle(panel: HillPanel): string {
  if (panel.variant === "c") return "J + J_c (P1's shaped reward)";
  const sum = bonusTerm(panel.variant);
  if (!sum) return `J (${panel.variant})`;
  return `${panel.variant} λ=${panel.lambda}: J + ${panel.lambda}·${sum}`;
}

/** The heading of a variant's row of panels: `state: L = J + λ·J_state` style. */
export function rowTitle(variant: HillPanel["variant"]): string {
  if (variant === "c") return "c: L = J + J_c, P1's shaped reward";
  const sum = bonusTerm(variant);
  return sum ? `${variant}: L = J + λ·${sum}` : `${variant}: L = J`;
}

/** σ-major grids of the raw columns, `grid[iσ][iK]`. */
export type ColumnGrids = Record<string, number[][]>;

/** L[iσ][iK] = Σ_c w_c · column_c[iσ][iK]. */
export function panelValues(columns: ColumnGrids, weights: readonly number[]): number[][] {
  return columns.J.map((row, s) =>
    row.map((_, k) =>
      HILL_COLUMNS.reduce(
        (acc, name, c) => acc + (weights[c] ? weights[c] * columns[name][s][k] : 0),
        0,
      )
    )
  );
}
