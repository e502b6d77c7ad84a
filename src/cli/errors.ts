/**
 * CLI side of the error shape: entry points run through {@link runMain}, which turns a
 * {@link UsageError} into one `error: …` line and its exit code.
 *
 * @module
 */

import { RunFailure, UsageError } from "../errors.ts";

export { RunFailure, UsageError };

/**
 * Runs a CLI entry point: known errors become one `error: …` line on stderr and their exit code;
 * anything else is a bug, printed with its stack, exit 1.
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  try {
    const code = await main();
    Deno.exit(code ?? 0);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      Deno.exit(e.exitCode);
    }
    console.error(e);
    Deno.exit(1);
  }
}
