/**
 * The headless Chromium the report's browser tests drive, found without a system install:
 * `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium` (what `.ci/run` installs), else the
 * Chromium shipped inside the `@sparticuz/chromium` npm package (unpacked to the temp folder on
 * first use), all driven by `puppeteer-core` over the DevTools protocol.
 *
 * @module
 */

import sparticuz from "@sparticuz/chromium";
import puppeteer, { type Browser } from "puppeteer-core";

/** Debian's chromium package. */
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Flags for a system Chromium: no sandbox (root in CI), nothing that reaches the network. */
const SYSTEM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Whether a path is an existing file. */
async function isFile(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isFile, () => false);
}

/**
 * Launches headless Chromium. A missing or broken browser throws with the fix in its message:
 * the browser tests fail rather than skip.
 */
export async function launchBrowser(): Promise<Browser> {
  const configured = Deno.env.get("CHROMIUM_PATH");
  if (configured !== undefined) {
    if (!(await isFile(configured))) {
      throw new Error(
        `CHROMIUM_PATH=${configured} is not a file: point it at a Chromium binary, or unset it ` +
          "to use Debian's /usr/bin/chromium or the npm package @sparticuz/chromium",
      );
    }
    return await puppeteer.launch({ executablePath: configured, args: SYSTEM_ARGS });
  }
  if (await isFile(DEBIAN_CHROMIUM)) {
    return await puppeteer.launch({ executablePath: DEBIAN_CHROMIUM, args: SYSTEM_ARGS });
  }
  let executablePath: string;
  try {
    executablePath = await sparticuz.executablePath();
  } catch (e) {
    throw new Error(
      `no Chromium for the browser test: no CHROMIUM_PATH, no ${DEBIAN_CHROMIUM}, and the npm ` +
        `package @sparticuz/chromium did not unpack (${(e as Error).message}): run ` +
        "`npx -y deno@2 install`, or `apt-get install chromium`, or set CHROMIUM_PATH",
    );
  }
  return await puppeteer.launch({ executablePath, args: sparticuz.args, headless: "shell" });
}
