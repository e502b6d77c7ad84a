/**
 * `deno task minigrid:replay FILE...`: replays Minigrid reference traces through the TypeScript
 * port and compares every recorded field of every step. Prints one line per file (`ok …`, the
 * first mismatch, or an `error: …` line for a malformed file) and `traces: N passed, M failed`
 * last; exit 1 if any failed, 2 for usage errors.
 *
 * @module
 */

import { formatOutcome, replayTrace } from "../envs/minigrid/mod.ts";
import { UsageError } from "../errors.ts";
import { type FlagSpec, parseCommand } from "./args.ts";
import { runMain } from "./errors.ts";

const USAGE = "deno task minigrid:replay FILE.jsonl... (e.g. fixtures/minigrid/traces/*.jsonl)";
const FLAGS: FlagSpec = { help: { type: "boolean", help: "show this help" } };

/** The replay CLI; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(args, FLAGS, { usage: USAGE, positionals: true });
  if (!parsed) return 0;
  const files = parsed.positionals;
  if (files.length === 0) {
    throw new UsageError("no trace files given", "arguments", `usage: ${USAGE}`);
  }
  let passed = 0, failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (e) {
      const what = e instanceof Deno.errors.NotFound
        ? "no such trace file"
        : `cannot read the trace (${(e as Error).message})`;
      console.log(`error: ${what} (${file}): give the path of a .jsonl trace file`);
      failed++;
      continue;
    }
    const outcome = replayTrace(text);
    console.log(formatOutcome(file, outcome));
    if (outcome.status === "ok") passed++;
    else failed++;
  }
  console.log(`traces: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) runMain(() => main(Deno.args));
