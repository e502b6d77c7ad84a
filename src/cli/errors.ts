/**
 * The suite's one error shape: `error: <what> (<where>): <how to fix>`.
 *
 * Usage errors (bad flags, bad config) exit 2; failures of a run exit 1 (design.md).
 *
 * @module
 */

/** An error the user caused and can fix; printed as one line, exit code 2. */
export class UsageError extends Error {
  /** Where the problem is: a flag, a file and line, a config field. */
  readonly where: string;
  /** How to fix it. */
  readonly fix: string;
  /** Exit code the CLI uses for it. */
  readonly exitCode: number;

  /** Builds `error: what (where): fix`. */
  constructor(what: string, where: string, fix: string, exitCode = 2) {
    super(`${what} (${where}): ${fix}`);
    this.name = "UsageError";
    this.where = where;
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

/** A failure that is not the user's input (a run diverged, a file could not be written); exit 1. */
export class RunFailure extends UsageError {
  /** Builds `error: what (where): fix` with exit code 1. */
  constructor(what: string, where: string, fix: string) {
    super(what, where, fix, 1);
    this.name = "RunFailure";
  }
}

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
