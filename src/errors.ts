/**
 * The suite's one error shape, `error: <what> (<where>): <how to fix>` (design.md). Any layer may
 * throw it; the CLI prints it as one line and exits with its code.
 *
 * @module
 */

/** An error the user caused and can fix; printed as one line, exit code 2 by default. */
export class UsageError extends Error {
  /** What is wrong. */
  readonly what: string;
  /** Where the problem is: a flag, a file and line, a config field. */
  readonly where: string;
  /** How to fix it. */
  readonly fix: string;
  /** Exit code the CLI uses for it: 2 for usage errors, 1 for failures. */
  readonly exitCode: number;

  /** Builds `what (where): fix`. */
  constructor(what: string, where: string, fix: string, exitCode = 2) {
    super(`${what} (${where}): ${fix}`);
    this.name = "UsageError";
    this.what = what;
    this.where = where;
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

/** A failure that is not bad input (a file could not be written, a run diverged); exit 1. */
export class RunFailure extends UsageError {
  /** Builds `what (where): fix` with exit code 1. */
  constructor(what: string, where: string, fix: string) {
    super(what, where, fix, 1);
    this.name = "RunFailure";
  }
}
