/**
 * The fidelity tables: every reference number of `benchmarks/reference.ts` against our results,
 * with the point of our grid it was read at, the rule and a pass/fail verdict.
 *
 * @module
 */

import {
  HILL_REFERENCES,
  type HillReference,
  MINIGRID_REFERENCES,
  type MinigridConfig,
  type MinigridReference,
} from "../../benchmarks/reference.ts";
import type { ResultFile } from "../results/mod.ts";
import { localMaxima } from "../stats/mod.ts";
import { formatNumber } from "./format.ts";
import { type LandscapeView, nearestOnAxis, pointLabel, quantityGrid } from "./landscape_view.ts";
import { iqmInterval } from "./bootstrap.ts";
import { finalValues, iterationsOf, type MinigridGroup, minigridGroups } from "./minigrid_data.ts";
import { configLabel } from "./groups.ts";
import { type Cell, cell, type DataTable, row } from "./table.ts";

/** A fidelity table and its verdict counts. */
export interface FidelityTable {
  /** Which results were compared, in words. */
  source: string;
  /** The table. */
  table: DataTable;
  /** Checks that passed. */
  passed: number;
  /** Checks that failed. */
  failed: number;
  /** Checks whose values cannot be compared (both at the floor, or too few iterations run). */
  incomparable: number;
  /** Checks with nothing to compare with. */
  missing: number;
}

/** The outcome of one check. */
interface Outcome {
  /** Our number(s). */
  ours: string;
  /** Where on our grid (or which runs). */
  used: string;
  /** Verdict. */
  verdict: "pass" | "fail" | "no result" | "not comparable";
  /** Caveats. */
  notes: string[];
}

/** The verdict cell. */
function verdictCell(v: Outcome["verdict"]): Cell {
  return cell(v, v === "no result" || v === "not comparable" ? "none" : v);
}

/** Counts of verdicts. */
function counts(
  outcomes: Outcome[],
): Pick<FidelityTable, "passed" | "failed" | "missing" | "incomparable"> {
  const n = (v: Outcome["verdict"]): number => outcomes.filter((o) => o.verdict === v).length;
  return {
    passed: n("pass"),
    failed: n("fail"),
    missing: n("no result"),
    incomparable: n("not comparable"),
  };
}

/** The hill reference as text. */
function hillReferenceText(ref: HillReference): string {
  switch (ref.kind) {
    case "point":
    case "sigmaRow":
    case "localMax":
      return `${formatNumber(ref.value)} ± ${formatNumber(ref.tolerance)}`;
    case "increasing":
      return ref.points.map((p) => pointLabel(p.K, p.sigma)).join(" < ");
    case "argmaxSigma":
      return `σ ∈ [${ref.sigmaRange[0]}, ${ref.sigmaRange[1]}]`;
  }
}

/** Off-grid caveat: the nearest grid point differs from the reference point. */
function offGrid(
  view: LandscapeView,
  iK: number,
  iS: number,
  K?: number,
  sigma?: number,
): string[] {
  const dK = K === undefined ? 0 : Math.abs(view.K[iK] - K);
  const dS = sigma === undefined ? 0 : Math.abs(view.sigma[iS] - sigma);
  return dK > 1e-9 || dS > 1e-9
    ? [`nearest grid point off by |ΔK| = ${formatNumber(dK, 2)}, |Δσ| = ${formatNumber(dS, 2)}`]
    : [];
}

/** Evaluates one hill reference on a landscape. */
function hillOutcome(view: LandscapeView, ref: HillReference): Outcome {
  const grid = quantityGrid(view, ref.quantity);
  if (!grid) {
    return { ours: "–", used: `no panel ${ref.quantity}`, verdict: "no result", notes: [] };
  }
  const notes = ref.minRollouts && view.rollouts < ref.minRollouts
    ? [`${view.rollouts} rollouts per point; the tolerance assumes ≥ ${ref.minRollouts}`]
    : [];
  const pass = (ok: boolean): Outcome["verdict"] => (ok ? "pass" : "fail");
  switch (ref.kind) {
    case "point": {
      const iK = nearestOnAxis(view.K, ref.K), iS = nearestOnAxis(view.sigma, ref.sigma);
      const ours = grid[iS][iK];
      return {
        ours: formatNumber(ours),
        used: pointLabel(view.K[iK], view.sigma[iS]),
        verdict: pass(Math.abs(ours - ref.value) <= ref.tolerance),
        notes: [...offGrid(view, iK, iS, ref.K, ref.sigma), ...notes],
      };
    }
    case "sigmaRow": {
      const iS = nearestOnAxis(view.sigma, ref.sigma);
      const ours = grid[iS].reduce((a, b) => a + b, 0) / grid[iS].length;
      return {
        ours: formatNumber(ours),
        used: `σ = ${formatNumber(view.sigma[iS], 3)}, mean over ${view.K.length} K values`,
        verdict: pass(Math.abs(ours - ref.value) <= ref.tolerance),
        notes: [...offGrid(view, 0, iS, undefined, ref.sigma), ...notes],
      };
    }
    case "localMax": {
      const halfCell = (view.K[1] - view.K[0]) / 2;
      const near = localMaxima(grid)
        .filter((m) => Math.abs(view.K[m.iK] - ref.K) <= ref.kWindow + halfCell + 1e-9)
        .sort((a, b) =>
          Math.abs(view.K[a.iK] - ref.K) - Math.abs(view.K[b.iK] - ref.K) || b.value - a.value
        );
      if (!near.length) {
        return { ours: "no local maximum there", used: "–", verdict: "fail", notes };
      }
      const m = near[0];
      return {
        ours: formatNumber(m.value),
        used: pointLabel(view.K[m.iK], view.sigma[m.iSigma]),
        verdict: pass(Math.abs(m.value - ref.value) <= ref.tolerance),
        notes,
      };
    }
    case "increasing": {
      const at = ref.points.map((p) => {
        const iK = nearestOnAxis(view.K, p.K), iS = nearestOnAxis(view.sigma, p.sigma);
        return { iK, iS, value: grid[iS][iK], off: offGrid(view, iK, iS, p.K, p.sigma) };
      });
      return {
        ours: at.map((a) => formatNumber(a.value)).join(", "),
        used: at.map((a) => pointLabel(view.K[a.iK], view.sigma[a.iS])).join(", "),
        verdict: pass(at.every((a, i) => i === 0 || at[i - 1].value < a.value)),
        notes: [...new Set(at.flatMap((a) => a.off)), ...notes],
      };
    }
    case "argmaxSigma": {
      const iK = nearestOnAxis(view.K, ref.K);
      let best = 0;
      grid.forEach((r, iS) => {
        if (r[iK] > grid[best][iK]) best = iS;
      });
      const step = view.sigma[1] - view.sigma[0], s = view.sigma[best];
      return {
        ours: `σ = ${formatNumber(s, 3)}`,
        used: `row K = ${formatNumber(view.K[iK], 3)}`,
        verdict: pass(s >= ref.sigmaRange[0] - step - 1e-9 && s <= ref.sigmaRange[1] + step + 1e-9),
        notes: [...offGrid(view, iK, 0, ref.K), ...notes],
      };
    }
  }
}

/** The hill fidelity table, against the chosen landscape (or "no result" everywhere). */
export function hillFidelity(view: LandscapeView | undefined): FidelityTable {
  const outcomes = HILL_REFERENCES.map((ref): Outcome =>
    view ? hillOutcome(view, ref) : { ours: "–", used: "–", verdict: "no result", notes: [] }
  );
  const source = view
    ? `hill/landscape run ${view.result.runId} (seed ${view.result.seed}, ` +
      `${view.K.length}×${view.sigma.length} grid, ${view.rollouts} rollouts per point), ` +
      "the finest landscape among the results; values are read at the nearest grid point"
    : "no hill/landscape result";
  return {
    source,
    ...counts(outcomes),
    table: {
      id: "fidelity-hill",
      columns: [
        "check",
        "quantity",
        "reference",
        "ours",
        "grid point used",
        "rule",
        "verdict",
        "notes",
        "source",
      ],
      rows: HILL_REFERENCES.map((ref, i) =>
        row(
          ref.id,
          ref.quantity,
          hillReferenceText(ref),
          outcomes[i].ours,
          outcomes[i].used,
          ref.rule,
          verdictCell(outcomes[i].verdict),
          outcomes[i].notes.join("; "),
          `${ref.provenance.source} [${ref.provenance.tag}]`,
        )
      ),
    },
  };
}

/** Our final values of a configuration on an env and mode, with IQM and CI. */
function oursFor(
  groups: MinigridGroup[],
  ref: MinigridReference,
  config: MinigridConfig,
):
  | { group: MinigridGroup; xs: number[]; estimate: number; lower: number; upper: number }
  | undefined {
  const group = groups.find((g) =>
    g.mode === ref.mode && g.env === ref.env && g.variant === config.variant &&
    g.lambda === config.lambda
  );
  const xs = group ? finalValues(group, ref.metric) : [];
  if (!group || !xs.length) return undefined;
  return {
    group,
    xs,
    ...iqmInterval(xs, `${group.benchmark}/${group.variant}/${group.lambda}/${ref.metric}`),
  };
}

/** IQM [lower, upper] (n). */
function intervalText(o: { estimate: number; lower: number; upper: number; xs: number[] }): string {
  return `${formatNumber(o.estimate, 3)} [${formatNumber(o.lower, 3)}, ${
    formatNumber(o.upper, 3)
  }] (n = ${o.xs.length})`;
}

/** Iterations the reference values were read at (minigrid-experiments.md §6: ≈ 400k). */
const REFERENCE_ITERATIONS = 400_000;

/** Why runs cannot be held to a reference read at ≈ 400k iterations, or undefined. */
function tooShort(groups: MinigridGroup[]): string | undefined {
  const its = groups.flatMap((g) => g.runs.map(iterationsOf)).filter((n) => n !== undefined);
  const most = its.length ? Math.max(...its) : undefined;
  return most !== undefined && most < REFERENCE_ITERATIONS
    ? `not comparable: ours ran ${most} iterations, the reference is at ≈ 400k`
    : undefined;
}

/** A verdict unless the comparison is meaningless, then "not comparable" with the reason. */
function comparable(outcome: Outcome, why: string | undefined): Outcome {
  return why ? { ...outcome, verdict: "not comparable", notes: [why, ...outcome.notes] } : outcome;
}

/** Evaluates one Minigrid reference. */
function minigridOutcome(groups: MinigridGroup[], ref: MinigridReference): Outcome {
  const none: Outcome = { ours: "–", used: "–", verdict: "no result", notes: [] };
  if (ref.kind === "greater") {
    const a = oursFor(groups, ref, ref.a), b = oursFor(groups, ref, ref.b);
    if (!a || !b) return none;
    const ok = ref.orEqual ? a.estimate >= b.estimate : a.estimate > b.estimate;
    const floor = a.estimate === 0 && b.estimate === 0
      ? "not comparable: both values are at the floor (0 vs 0)"
      : undefined;
    return comparable({
      ours: `${intervalText(a)} vs ${intervalText(b)}`,
      used: `${a.group.benchmark}: ${configLabel(a.group.variant, a.group.lambda)} vs ${
        configLabel(b.group.variant, b.group.lambda)
      }`,
      verdict: ok ? "pass" : "fail",
      notes: [],
    }, floor ?? tooShort([a.group, b.group]));
  }
  const o = oursFor(groups, ref, ref.config);
  if (!o) return none;
  const inCI = o.lower <= ref.value && ref.value <= o.upper;
  const ok = ref.kind === "value"
    ? inCI || Math.abs(o.estimate - ref.value) <= ref.tolerance
    : o.estimate <= ref.value + ref.tolerance || o.lower <= ref.value;
  const iterations = [...new Set(o.group.runs.map(iterationsOf).filter((n) => n !== undefined))];
  return comparable({
    ours: intervalText(o),
    used: `${o.group.benchmark} ${configLabel(o.group.variant, o.group.lambda)}`,
    verdict: ok ? "pass" : "fail",
    notes: iterations.length
      ? [`ours after ${iterations.join(", ")} iterations; the reference is at ≈ 400k`]
      : [],
  }, tooShort([o.group]));
}

/** The Minigrid fidelity table. */
export function minigridFidelity(results: readonly ResultFile[]): FidelityTable {
  const groups = minigridGroups(results);
  const outcomes = MINIGRID_REFERENCES.map((ref) => minigridOutcome(groups, ref));
  const refText = (ref: MinigridReference): string => {
    if (ref.kind === "greater") return ref.rule.replace("our ", "");
    const early = ref.early === undefined ? "" : ` (${formatNumber(ref.early)} at ≈ 100k)`;
    return `${ref.kind === "atMost" ? "≤ " : ""}${formatNumber(ref.value)}${early}`;
  };
  return {
    source: groups.length
      ? "final values of minigrid/<mode>/<env> results: IQM over seeds, 95 % percentile bootstrap CI"
      : "no Minigrid results yet: every check waits for minigrid/<mode>/<env> results",
    ...counts(outcomes),
    table: {
      id: "fidelity-minigrid",
      columns: [
        "check",
        "metric",
        "reference",
        "ours: IQM [95 % CI]",
        "results used",
        "rule",
        "verdict",
        "notes",
        "source",
      ],
      rows: MINIGRID_REFERENCES.map((ref, i) =>
        row(
          ref.id,
          ref.metric,
          refText(ref),
          outcomes[i].ours,
          outcomes[i].used,
          ref.rule,
          verdictCell(outcomes[i].verdict),
          [...("note" in ref && ref.note ? [ref.note] : []), ...outcomes[i].notes].join("; "),
          `${ref.provenance.source} [${ref.provenance.tag}]`,
        )
      ),
    },
  };
}
