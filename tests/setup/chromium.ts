// One Chromium per e2e test file: started before the file's tests and closed after them, so that a
// file says `const chromium = useChromium()` instead of repeating the same hooks.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { launchChromium } from './browser.ts';

export interface SharedChromium {
  browser: Browser;
  /** Only when `useChromium` was given context options. */
  context: BrowserContext;
}

/** Registers the hooks; read `.browser` (and `.context`) inside tests, once they have started. */
export function useChromium(contextOptions?: BrowserContextOptions): SharedChromium {
  const shared = {} as SharedChromium;
  beforeAll(async () => {
    shared.browser = await launchChromium();
    if (contextOptions) shared.context = await shared.browser.newContext(contextOptions);
  });
  afterAll(async () => {
    await shared.browser?.close();
  });
  return shared;
}
