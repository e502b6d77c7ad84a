/**
 * Reference numbers of the specs, copied with their provenance (design.md: tests, the report and
 * CI read only files in the repo), each with the comparison rule the report applies. Plain data.
 *
 * Sources: `spec/hill.md` §6 (expected results) and §7 (check values), from an independent
 * re-implementation of paper 1's code, Monte Carlo, 1024 rollouts; `spec/minigrid-experiments.md`
 * §6 (read off paper 2's notebook figures, ≈ ±0.01 on returns and ±0.03 nats on entropies) with
 * the comparison rule of its §7. Spec tags: [re-impl] re-implementation, [derived] derived by
 * hand, [fig] read off a figure, [project] this project's choice.
 *
 * @module
 */

import type { Variant } from "../src/results/schema.ts";

/** Where a number comes from. */
export interface Provenance {
  /** Spec file and section. */
  source: string;
  /** The spec's tag for it. */
  tag: string;
}

/**
 * A quantity of the hill landscape: a raw column (`J`, `J_state` = P1's J_s, `J_action` = J_a) or
 * `L:<panel id>`, an objective of `HILL_PANELS` (src/stats/landscape.ts), e.g. `L:state/0.1`.
 */
export type HillQuantity = "J" | "J_state" | "J_action" | `L:${string}`;

/** Fields every hill reference has. */
interface HillReferenceBase {
  /** Stable id. */
  id: string;
  /** The quantity compared. */
  quantity: HillQuantity;
  /** The comparison rule in words, as the report prints it. */
  rule: string;
  /** Where the number comes from. */
  provenance: Provenance;
  /** Rollouts per point the tolerance assumes; fewer is flagged in the report. */
  minRollouts?: number;
}

/** A value at one (K, σ), compared at the nearest grid point: pass if |ours − value| ≤ tolerance. */
export interface HillPointReference extends HillReferenceBase {
  /** Kind. */
  kind: "point";
  /** Policy gain. */
  K: number;
  /** Policy std. */
  sigma: number;
  /** Reference value. */
  value: number;
  /** Allowed absolute difference. */
  tolerance: number;
}

/** A value that does not depend on K: compared with the mean over K of the nearest σ row. */
export interface HillSigmaRowReference extends HillReferenceBase {
  /** Kind. */
  kind: "sigmaRow";
  /** Policy std. */
  sigma: number;
  /** Reference value. */
  value: number;
  /** Allowed absolute difference. */
  tolerance: number;
}

/**
 * A basin: some local maximum of the quantity (any σ) lies within `kWindow` of K (widened by half
 * a grid cell), with |value − reference| ≤ tolerance.
 */
export interface HillLocalMaxReference extends HillReferenceBase {
  /** Kind. */
  kind: "localMax";
  /** Where the maximum is, in K. */
  K: number;
  /** How far from K it may be. */
  kWindow: number;
  /** Reference value at the maximum. */
  value: number;
  /** Allowed absolute difference. */
  tolerance: number;
}

/** An ordering: the quantity strictly increases along `points` (nearest grid points). */
export interface HillIncreasingReference extends HillReferenceBase {
  /** Kind. */
  kind: "increasing";
  /** Points in increasing order of the quantity. */
  points: { K: number; sigma: number }[];
}

/**
 * Where the quantity peaks along σ at fixed K: the argmax over σ of the grid row nearest K lies in
 * `sigmaRange`, widened by one grid step.
 */
export interface HillArgmaxSigmaReference extends HillReferenceBase {
  /** Kind. */
  kind: "argmaxSigma";
  /** Policy gain of the row. */
  K: number;
  /** Where the best σ should be. */
  sigmaRange: [number, number];
}

/** A hill reference. */
export type HillReference =
  | HillPointReference
  | HillSigmaRowReference
  | HillLocalMaxReference
  | HillIncreasingReference
  | HillArgmaxSigmaReference;

const J_TABLE: Provenance = {
  source: "spec/hill.md §7, J(K, σ) table (1024 rollouts; a second re-impl agrees within 0.8)",
  tag: "re-impl",
};
const J_TABLE_SECOND: Provenance = {
  source: "spec/hill.md §7, J(K, σ) table, footnote 1: from the second re-impl only",
  tag: "re-impl",
};

/** hill.md §7: J at (K, σ); ±1.0 for σ ≤ 2, ±1.5 for σ = 4, at ≥ 4096 rollouts. */
const J_VALUES: [number, [number, number, number, number]][] = [
  [-4, [30.6, 30.7, 30.7, 31.4]],
  [-2, [51.8, 51.8, 51.6, 51.0]],
  [-1, [71.6, 71.2, 69.5, 64.6]],
  [-0.5, [54.2, 52.4, 51.9, 54.9]],
  [0, [62.3, 61.2, 58.1, 49.9]],
  [1, [49.2, 48.7, 47.2, 43.9]],
  [3, [33.05, 33.05, 33.05, 33.1]],
];
const J_SIGMAS = [0, 1, 2, 4];

/** Every hill reference of the specs. */
export const HILL_REFERENCES: readonly HillReference[] = [
  ...J_VALUES.flatMap(([K, values]) =>
    values.map((value, i): HillPointReference => {
      const sigma = J_SIGMAS[i];
      const tolerance = sigma <= 2 ? 1.0 : 1.5;
      return {
        kind: "point",
        id: `J(${K}, ${sigma})`,
        quantity: "J",
        K,
        sigma,
        value,
        tolerance,
        minRollouts: 4096,
        rule: `|ours − ref| ≤ ${tolerance.toFixed(1)} (±1.0 for σ ≤ 2, ±1.5 for σ = 4)`,
        provenance: K === 3 && sigma >= 2 ? J_TABLE_SECOND : J_TABLE,
      };
    })
  ),
  {
    kind: "point",
    id: "J(2, 0): saturated action parks the car on the left slope",
    quantity: "J",
    K: 2,
    sigma: 0,
    value: 33.05,
    tolerance: 1.0,
    minRollouts: 4096,
    rule: "|ours − ref| ≤ 1.0 (the J tolerance of §7)",
    provenance: { source: "spec/hill.md §6: for K ≥ 2, J ≈ 33.05", tag: "re-impl" },
  },
  ...([[0, 62.3, "stay"], [-1, 71.6, "cross"]] as const).map(([K, value, name]) => ({
    kind: "localMax" as const,
    id: `${name} basin: local maximum of J near K = ${K}`,
    quantity: "J" as const,
    K,
    kWindow: 0.25,
    value,
    tolerance: 1.0,
    minRollouts: 4096,
    rule: "a local maximum of J within |ΔK| ≤ 0.25 (+ half a cell) [project], " +
      "|value − ref| ≤ 1.0",
    provenance: { source: `spec/hill.md §6, J has two basins: ${name}`, tag: "re-impl" },
  })),
  {
    kind: "increasing",
    id: "σ = 4: stay basin gone, J(0,4) < J(−0.5,4) < J(−1,4)",
    quantity: "J",
    points: [{ K: 0, sigma: 4 }, { K: -0.5, sigma: 4 }, { K: -1, sigma: 4 }],
    rule: "strictly increasing along the points",
    provenance: {
      source: "spec/hill.md §6: J(0,4) ≈ 49.9 < J(−0.5,4) ≈ 54.9 < J(−1,4) ≈ 64.6",
      tag: "re-impl",
    },
  },
  ...([[0, -347.97], [0.5, 46.01], [1, 89.96], [2, 133.9], [4, 177.84]] as const).map((
    [sigma, value],
  ): HillSigmaRowReference => ({
    kind: "sigmaRow",
    id: `E[J_a](σ = ${sigma}), any K`,
    quantity: "J_action",
    sigma,
    value,
    tolerance: 1,
    rule: "mean over K of the σ row: |ours − ref| ≤ 1",
    provenance: {
      source: "spec/hill.md §6–§7: E[J_a] = 63.397 · ½ ln(2πe(σ² + 10⁻⁶)) whatever K is",
      tag: "derived",
    },
  })),
  ...([[0.01, [0.5, 1]], [0.1, [2, 3]], [0.5, [4, 4]]] as const).map((
    [lambda, range],
  ): HillArgmaxSigmaReference => ({
    kind: "argmaxSigma",
    id: `best σ along K = −1 for λ_a = ${lambda}`,
    quantity: `L:action/${lambda}`,
    K: -1,
    sigmaRange: [range[0], range[1]],
    rule: `argmax over σ of L in [${range[0]}, ${range[1]}] ± one grid step`,
    provenance: {
      source: "spec/hill.md §6: best σ along K = −1 ≈ 0.5–1 (λ_a = 0.01), ≈ 2–3 (0.1), 4 (0.5)",
      tag: "derived, coarse",
    },
  })),
  ...([[0, 0, 166.2], [-1, 0, 282.0], [3, 0, 177.3], [-0.5, 4, 295.5]] as const).map((
    [K, sigma, value],
  ): HillPointReference => ({
    kind: "point",
    id: `J_s(${K}, ${sigma})`,
    quantity: "J_state",
    K,
    sigma,
    value,
    tolerance: 2,
    minRollouts: 4096,
    rule: "|ours − ref| ≤ 2 (≈ −24 at (0, 0) means the /20 offset is missing)",
    provenance: { source: "spec/hill.md §7, J_s values (second re-impl)", tag: "re-impl" },
  })),
  ...([
    [0.05, [70.6, 63.5, 85.7]],
    [0.1, [78.9, 72.8, 99.8]],
    [1, [228.4, 240.5, 353.6]],
  ] as const).flatMap(([lambda, values]) =>
    ([0, -0.5, -1] as const).map((K, i): HillPointReference => ({
      kind: "point",
      id: `L(${K}, 0), λ_s = ${lambda}`,
      quantity: `L:state/${lambda}`,
      K,
      sigma: 0,
      value: values[i],
      tolerance: 1 + 2 * lambda,
      minRollouts: 4096,
      rule: `indicative: |ours − ref| ≤ ${1 + 2 * lambda} = 1 + 2λ, from the J (±1) and J_s (±2) ` +
        "tolerances [project]",
      provenance: {
        source: "spec/hill.md §6, L = J + λ_s J_s at σ = 0 (derived from re-impl, indicative)",
        tag: "derived",
      },
    }))
  ),
  ...([[0.05, "kept"], [0.1, "kept"], [1, "gone"]] as const).map((
    [lambda, dip],
  ): HillIncreasingReference => ({
    kind: "increasing",
    id: `λ_s = ${lambda}: dip at K = −0.5 ${dip}`,
    quantity: `L:state/${lambda}`,
    points: dip === "kept"
      ? [{ K: -0.5, sigma: 0 }, { K: 0, sigma: 0 }, { K: -1, sigma: 0 }]
      : [{ K: 0, sigma: 0 }, { K: -0.5, sigma: 0 }, { K: -1, sigma: 0 }],
    rule: dip === "kept"
      ? "L(−0.5, 0) < L(0, 0) < L(−1, 0): the dip separates the basins"
      : "L(0, 0) < L(−0.5, 0) < L(−1, 0): no dip, the bonus dominates",
    provenance: { source: "spec/hill.md §6, L table, column 'dip'", tag: "derived" },
  })),
];

/** A Minigrid env of the reference protocol (minigrid-experiments.md §1). */
export interface MinigridEnvInfo {
  /** Gymnasium id, as in benchmark ids `minigrid/<mode>/<id>`. */
  id: string;
  /** The spec tables' short name. */
  short: string;
  /** log|Z|: the largest possible feature entropy, in nats. */
  logZ: number;
}

/** The six envs of paper 2. */
export const MINIGRID_ENVS: readonly MinigridEnvInfo[] = [
  { id: "MiniGrid-Empty-16x16-v0", short: "Empty-16x16", logZ: 5.28 },
  { id: "MiniGrid-SimpleCrossingS9N1-v0", short: "S9N1", logZ: 3.89 },
  { id: "MiniGrid-SimpleCrossingS11N1-v0", short: "S11N1", logZ: 4.39 },
  { id: "MiniGrid-SimpleCrossingS13N1-v0", short: "S13N1", logZ: 4.8 },
  { id: "MiniGrid-SimpleCrossingS15N1-v0", short: "S15N1", logZ: 5.13 },
  { id: "MiniGrid-FourRooms-v0", short: "FourRooms", logZ: 5.67 },
];

/** A configuration of paper 2 and the project variant and λ that run it (objective.md §6). */
export interface MinigridConfig {
  /** Paper 2's name. */
  name: "OPAC+CV" | "OPAC+MV" | "SAC";
  /** Project variant. */
  variant: Variant;
  /** λ of that variant (α_∞ for CV and MV, α_sac for SAC). */
  lambda: number;
}

/** CV, MV and SAC. */
export const MINIGRID_CONFIGS: Record<"CV" | "MV" | "SAC", MinigridConfig> = {
  CV: { name: "OPAC+CV", variant: "future-kl", lambda: 0.01 },
  MV: { name: "OPAC+MV", variant: "joint", lambda: 0.01 },
  SAC: { name: "SAC", variant: "action", lambda: 0.002 },
};

/** Fields every Minigrid reference has. */
interface MinigridReferenceBase {
  /** Stable id. */
  id: string;
  /** Env id. */
  env: string;
  /** Mode: explore (α_r = 0) or control (α_r = 1). */
  mode: "explore" | "control";
  /** Metric of the result files compared (the final value per run). */
  metric: "final_return" | "final_entropy";
  /** Comparison rule in words. */
  rule: string;
  /** Where the number comes from. */
  provenance: Provenance;
}

/**
 * A value at ≈ 400k iterations: matches if it lies inside our 95 % CI of the IQM of final values,
 * or within `tolerance` of our IQM (§7). With `atMost`, the reference is an upper bound: matches
 * if our IQM ≤ value + tolerance or our CI reaches below the value.
 */
export interface MinigridValueReference extends MinigridReferenceBase {
  /** Kind. */
  kind: "value" | "atMost";
  /** The configuration. */
  config: MinigridConfig;
  /** Reference value at ≈ 400k iterations. */
  value: number;
  /** The value at ≈ 100k iterations, where the spec gives it. */
  early?: number;
  /** 0.03 for returns, 0.10 nats for entropies. */
  tolerance: number;
  /** The spec's remark on this cell. */
  note?: string;
}

/** An ordering claim between two configurations: IQM(a) > IQM(b) (or ≥). */
export interface MinigridOrderReference extends MinigridReferenceBase {
  /** Kind. */
  kind: "greater";
  /** The configuration claimed higher. */
  a: MinigridConfig;
  /** The configuration claimed lower. */
  b: MinigridConfig;
  /** Whether equality also matches (the spec's ≥). */
  orEqual: boolean;
}

/** A Minigrid reference. */
export type MinigridReference = MinigridValueReference | MinigridOrderReference;

const FIG: Provenance = {
  source: "spec/minigrid-experiments.md §6 (read off P2's figures at ≈ 400k iterations)",
  tag: "fig",
};
const RULE_RETURN = "ref inside our 95 % CI, or |ref − our IQM| ≤ 0.03 (§7)";
const RULE_ENTROPY = "ref inside our 95 % CI, or |ref − our IQM| ≤ 0.10 nats (§7)";

/** env short name → [CV, MV, SAC] values, each [≈400k, ≈100k?]. */
type Table = [string, [number, number?][], string?][];

const CONTROL_RETURN: Table = [
  ["Empty-16x16", [[0.585, 0.585], [0.564, 0.554], [0.014, 0.014]], "SAC: CI up to ≈ 0.13"],
  ["S9N1", [[0.653, 0.332], [0.632, 0.351], [0.617, 0.199]]],
  ["S11N1", [[0.46, 0.137], [0.434, 0.192], [0.252, 0.033]], "SAC: CI ≈ 0.08–0.40"],
  ["S13N1", [[0.292, 0.039], [0.263, 0.076], [0.019, 0.003]]],
  ["S15N1", [[0.095, 0.007], [0.154, 0.019], [0.0]]],
  ["FourRooms", [[0.033], [0.019], [0.025]]],
];

const EXPLORE_ENTROPY: Table = [
  ["Empty-16x16", [[4.25, 4.28], [4.55, 4.42], [2.9, 2.84]]],
  ["S9N1", [[3.36], [3.5], [2.44]]],
  ["S11N1", [[3.73], [3.96], [2.61]]],
  ["S13N1", [[3.95], [4.28], [2.69]]],
  ["S15N1", [[4.11], [4.51], [2.72]]],
  ["FourRooms", [[5.32], [5.14], [5.2]]],
];

/** Explore mode, CV's incidental return per env. */
const EXPLORE_RETURN_CV: [string, number, string?][] = [
  ["Empty-16x16", 0.082, "peak ≈ 0.12–0.13 at ≈ 70k iterations"],
  ["S9N1", 0.137],
  ["S11N1", 0.047],
  ["S13N1", 0.02],
  ["S15N1", 0.008],
  ["FourRooms", 0.029],
];

/** Env id of a spec short name. */
function envId(short: string): string {
  const env = MINIGRID_ENVS.find((e) => e.short === short);
  if (!env) throw new Error(`unknown env ${short}`);
  return env.id;
}

/** The values of one table as references. */
function tableReferences(
  table: Table,
  common: { mode: "explore" | "control"; metric: "final_return" | "final_entropy" },
): MinigridValueReference[] {
  const configs = [MINIGRID_CONFIGS.CV, MINIGRID_CONFIGS.MV, MINIGRID_CONFIGS.SAC];
  const entropy = common.metric === "final_entropy";
  return table.flatMap(([short, cells, note]) =>
    cells.map(([value, early], i): MinigridValueReference => ({
      kind: "value",
      id: `${common.mode} ${short} ${configs[i].name} ${common.metric}`,
      env: envId(short),
      ...common,
      config: configs[i],
      value,
      early,
      tolerance: entropy ? 0.1 : 0.03,
      note: note?.startsWith(configs[i].name) ? note : undefined,
      rule: entropy ? RULE_ENTROPY : RULE_RETURN,
      provenance: FIG,
    }))
  );
}

/** The pairwise claims of §6 "What should reproduce". */
function orderReferences(): MinigridOrderReference[] {
  const { CV, MV, SAC } = MINIGRID_CONFIGS;
  const claim = (
    mode: "explore" | "control",
    short: string,
    [a, b, orEqual]: [MinigridConfig, MinigridConfig, boolean],
    text: string,
  ): MinigridOrderReference => ({
    kind: "greater",
    id: `${mode} ${short}: ${a.name} ${orEqual ? "≥" : ">"} ${b.name}`,
    env: envId(short),
    mode,
    metric: mode === "control" ? "final_return" : "final_entropy",
    a,
    b,
    orEqual,
    rule: `our IQM(${a.name}) ${orEqual ? "≥" : ">"} IQM(${b.name})`,
    provenance: {
      source: `spec/minigrid-experiments.md §6, what should reproduce: ${text}`,
      tag: "fig",
    },
  });
  const control = "CV ≥ MV > SAC on Empty and S9–S13";
  const explore =
    "MV has the highest entropy on Empty and every Crossing env, CV only on FourRooms";
  return [
    ...["Empty-16x16", "S9N1", "S11N1", "S13N1"].flatMap((s) => [
      claim("control", s, [CV, MV, true], control),
      claim("control", s, [MV, SAC, false], control),
    ]),
    claim("control", "S15N1", [MV, CV, false], "MV > CV on S15"),
    ...["Empty-16x16", "S9N1", "S11N1", "S13N1", "S15N1"].flatMap((s) => [
      claim("explore", s, [MV, CV, false], explore),
      claim("explore", s, [MV, SAC, false], explore),
    ]),
    claim("explore", "FourRooms", [CV, MV, false], explore),
    claim("explore", "FourRooms", [CV, SAC, false], explore),
  ];
}

/** Every Minigrid reference of the spec. */
export const MINIGRID_REFERENCES: readonly MinigridReference[] = [
  ...tableReferences(CONTROL_RETURN, { mode: "control", metric: "final_return" }),
  ...tableReferences(EXPLORE_ENTROPY, { mode: "explore", metric: "final_entropy" }),
  ...EXPLORE_RETURN_CV.map(([short, value, note]): MinigridValueReference => ({
    kind: "value",
    id: `explore ${short} OPAC+CV incidental final_return`,
    env: envId(short),
    mode: "explore",
    metric: "final_return",
    config: MINIGRID_CONFIGS.CV,
    value,
    tolerance: 0.03,
    note,
    rule: RULE_RETURN,
    provenance: { ...FIG, source: "spec/minigrid-experiments.md §6, explore, incidental return" },
  })),
  ...MINIGRID_ENVS.flatMap((env) =>
    ([[MINIGRID_CONFIGS.MV, 0.013], [MINIGRID_CONFIGS.SAC, 0.016]] as const).map((
      [config, bound],
    ): MinigridValueReference => ({
      kind: "atMost",
      id: `explore ${env.short} ${config.name} incidental final_return ≤ ${bound}`,
      env: env.id,
      mode: "explore",
      metric: "final_return",
      config,
      value: bound,
      tolerance: 0.03,
      rule: "our IQM ≤ bound + 0.03, or our CI reaches below the bound (§7 applied to a bound)",
      provenance: {
        ...FIG,
        source: "spec/minigrid-experiments.md §6: MV ≤ 0.013 everywhere and SAC ≤ 0.016",
      },
    }))
  ),
  ...orderReferences(),
];
