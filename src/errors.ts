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

/** The OS's reason for a failed file operation, without the path it repeats. */
function reasonOf(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.replace(/ \(os error \d+\).*$/s, "").replace(
    /[:,] (open|write|mkdir|rename).*$/s,
    "",
  );
}

/**
 * A file or folder that could not be written: `cannot write <path>: <reason> (<flag>): <fix>`,
 * exit 1. Not a {@link RunFailure}, so a run that cannot save is never recorded as diverged.
 */
export class WriteFailure extends UsageError {
  /** The path that could not be written. */
  readonly path: string;
  /** What the OS said. */
  readonly osError: unknown;

  /** Builds the message from the path, the OS error and the flag that chose the path. */
  constructor(path: string, cause: unknown, flag: string) {
    const reason = reasonOf(cause);
    const fix = cause instanceof Deno.errors.PermissionDenied
      ? `make the folder writable or give another ${flag}`
      : /no space|quota/i.test(reason)
      ? `free some disk space or give another ${flag}`
      : `check the path or give another ${flag}`;
    super(`cannot write ${path}: ${reason}`, flag, fix, 1);
    this.name = "WriteFailure";
    this.path = path;
    this.osError = cause;
  }

  /** The same failure, blamed on `flag` (the flag that chose the folder it was written in). */
  withFlag(flag: string): WriteFailure {
    return new WriteFailure(this.path, this.osError, flag);
  }
}
