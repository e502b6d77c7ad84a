/**
 * Running an entry point of src/cli/ as a child process, the way a user does: the CLI tests use
 * it to check exit codes and the exact lines printed.
 *
 * @module
 */

/** What a finished CLI process printed and returned. */
export interface CliOutcome {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/**
 * Runs `src/cli/<entry>` with `args` (colours off, extra `env` variables) and collects its
 * output.
 */
export async function runCli(
  entry: string,
  args: string[],
  opts: { env?: Record<string, string> } = {},
): Promise<CliOutcome> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(`./${entry}`, import.meta.url).pathname, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...opts.env },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
