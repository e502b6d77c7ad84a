/**
 * CLI side of the error shape: entry points run through {@link runMain}, which turns a
 * {@link UsageError} into one `error: …` line and its exit code.
 *
 * @module
 */

import { RunFailure, UsageError, WriteFailure } from "../errors.ts";
import { runExitCleanups } from "../results/owned_folder.ts";

export { RunFailure, UsageError, WriteFailure };

/**
 * Relative paths a user types mean the folder they ran the command from: `deno task` runs in the
 * project root and names the caller's folder in INIT_CWD.
 */
function enterCallersFolder(): void {
  const init = Deno.env.get("INIT_CWD");
  if (!init) return;
  try {
    Deno.chdir(init);
  } catch { /* gone or unreadable: stay in the project root */ }
}

/**
 * Runs a CLI entry point: known errors become one `error: …` line on stderr and their exit code;
 * anything else is a bug, printed with its stack, exit 1. Ctrl-C ends it with one line and exit
 * 130, after the cleanups registered with `atExit` (locks, temp folders, a progress bar).
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  enterCallersFolder();
  Deno.addSignalListener("SIGINT", () => {
    runExitCleanups();
    console.error(
      "\nerror: interrupted (Ctrl-C): files written so far are complete; " +
        "rerun the same command to continue",
    );
    Deno.exit(130);
  });
  try {
    const code = await main();
    runExitCleanups();
    Deno.exit(code ?? 0);
  } catch (e) {
    runExitCleanups();
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      Deno.exit(e.exitCode);
    }
    console.error(e);
    Deno.exit(1);
  }
}
