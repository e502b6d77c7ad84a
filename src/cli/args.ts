/**
 * Flag parsing shared by the entry points: `--name=value` or `--name value`, unknown flags and bad
 * values reported as one `error:` line naming the flag (design.md).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";

/** A flag's declaration: string flags take a value, boolean flags do not. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; help: string }>;

/** Parsed flags and positionals. */
export interface ParsedFlags {
  /** Flag values by name (booleans true when present). */
  values: Record<string, string | boolean | undefined>;
  /** Positional arguments. */
  positionals: string[];
}

/**
 * Parses `args` against `spec`; `usage` is shown in the fix of every error. node's parseArgs
 * splits the tokens (non-strict, so `--K -1` takes `-1` as the value, as `--name value` promises);
 * the checks here name the argument they reject. A leading `--` is dropped: `deno task bench --
 * --profile quick` passes it through.
 */
export function parseFlags(
  args: string[],
  spec: FlagSpec,
  opts: { usage: string; positionals?: boolean },
): ParsedFlags {
  const options = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }]));
  const { tokens } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const fail = (what: string, where: string): never => {
    throw new UsageError(what, where, `usage: ${opts.usage}`);
  };
  const values: ParsedFlags["values"] = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      if (!opts.positionals) fail(`unexpected argument '${token.value}'`, token.value);
      positionals.push(token.value);
      continue;
    }
    const type = Object.hasOwn(spec, token.name) ? spec[token.name].type : undefined;
    if (type === undefined || !token.rawName.startsWith("--")) {
      fail(`unknown flag ${token.rawName}`, token.rawName);
    }
    if (type === "boolean") {
      if (token.value !== undefined) {
        fail(`flag ${token.rawName} takes no value, got '${token.value}'`, token.rawName);
      }
      values[token.name] = true;
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
      fail(`flag ${token.rawName} needs a value`, token.rawName);
    } else {
      values[token.name] = token.value;
    }
  }
  return { values, positionals };
}

/** Reads a numeric flag, with bounds; names the flag and the expected range on error. */
export function numberFlag(
  values: ParsedFlags["values"],
  name: string,
  opts: {
    default: number;
    min?: number;
    max?: number;
    integer?: boolean;
    minExclusive?: boolean;
  },
): number {
  const raw = values[name];
  if (raw === undefined) return opts.default;
  const v = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  const expect = `${opts.integer ? "an integer" : "a number"}${
    opts.min !== undefined ? ` ${opts.minExclusive ? ">" : ">="} ${opts.min}` : ""
  }${opts.max !== undefined ? ` and <= ${opts.max}` : ""}`;
  const bad = !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) ||
    (opts.min !== undefined && (opts.minExclusive ? v <= opts.min : v < opts.min)) ||
    (opts.max !== undefined && v > opts.max);
  if (bad) throw new UsageError(`bad value '${raw}'`, `--${name}`, `give ${expect}`);
  return v;
}

/**
 * The most items of `bytesEach` bytes a size flag may ask for: a quarter of this machine's memory
 * (at least 1), so a typo like `--rollouts=1e9` is refused before anything is allocated.
 */
export function memoryCap(bytesEach: number): number {
  return Math.max(1, Math.floor(Deno.systemMemoryInfo().total / 4 / bytesEach));
}

/** Formats the flag list for --help. */
export function helpText(usage: string, spec: FlagSpec): string {
  const flags = Object.entries(spec).map(([k, v]) =>
    [`  --${k}${v.type === "string" ? "=VALUE" : ""}`, v.help] as const
  );
  // Help texts line up two spaces after the longest flag.
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2;
  const lines = flags.map(([flag, help]) => flag.padEnd(width) + help);
  return `usage: ${usage}\n\n${lines.join("\n")}`;
}

/**
 * {@link parseFlags} for a command: with `--help` it prints the help text (and `helpFooter`, if
 * any) and returns null, so the command returns exit code 0.
 */
export function parseCommand(
  args: string[],
  spec: FlagSpec,
  opts: { usage: string; positionals?: boolean; helpFooter?: string },
): ParsedFlags | null {
  const parsed = parseFlags(args, spec, opts);
  if (!parsed.values.help) return parsed;
  const help = helpText(opts.usage, spec);
  console.log(opts.helpFooter ? `${help}\n\n${opts.helpFooter}` : help);
  return null;
}
