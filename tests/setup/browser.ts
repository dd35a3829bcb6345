// One way to start Debian's Chromium for tests, benchmarks and screenshots. Playwright's own browser
// download cannot work offline, so we drive Debian's packages (override either with CHROMIUM_PATH).
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

const FULL_CHROMIUM = '/usr/bin/chromium';
/** Debian's `chromium-headless-shell`: the same Blink without the browser's own interface. */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

const runnable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Which Chromium to start. Tests take the headless shell when it is installed: the full browser's
 * headless mode also runs its own interface (a WebUI renderer that used up to a third of a core while
 * pages loaded), and the e2e files took 1.75× as long on it. Measurements (bench, screenshots, the PDF)
 * keep the full browser, the one readers run.
 */
export function chromiumPath(use: 'measure' | 'test' = 'measure'): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return use === 'test' && runnable(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM;
}

export function launchChromium(use: 'measure' | 'test' = 'measure', extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(use),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraFlags],
  });
}
