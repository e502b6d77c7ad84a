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

/** Parses `args` against `spec`; `usage` is shown in the fix of every error. */
export function parseFlags(
  args: string[],
  spec: FlagSpec,
  opts: { usage: string; positionals?: boolean },
): ParsedFlags {
  const options = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }]));
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: opts.positionals ?? false,
    });
    return { values: values as ParsedFlags["values"], positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const flag = msg.match(/'(-{1,2}[^' ]+)/)?.[1] ?? "arguments";
    const kind = /Unknown option/.test(msg)
      ? "unknown flag"
      : /argument missing|requires an argument|an argument/.test(msg)
      ? "flag needs a value"
      : /Unexpected argument/.test(msg)
      ? "unexpected argument"
      : "bad flag";
    throw new UsageError(`${kind} ${flag}`, flag, `usage: ${opts.usage}`);
  }
}

/** Reads a numeric flag, with bounds; names the flag and the expected range on error. */
export function numberFlag(
  values: ParsedFlags["values"],
  name: string,
  opts: { default: number; min?: number; integer?: boolean; minExclusive?: boolean },
): number {
  const raw = values[name];
  if (raw === undefined) return opts.default;
  const v = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  const expect = `${opts.integer ? "an integer" : "a number"}${
    opts.min !== undefined ? ` ${opts.minExclusive ? ">" : ">="} ${opts.min}` : ""
  }`;
  const bad = !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) ||
    (opts.min !== undefined && (opts.minExclusive ? v <= opts.min : v < opts.min));
  if (bad) throw new UsageError(`bad value '${raw}'`, `--${name}`, `give ${expect}`);
  return v;
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
