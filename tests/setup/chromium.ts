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
    shared.browser = await launchChromium('test');
    // The site registers a service worker on every page, which would answer requests that tests count
    // or block: contexts start with service workers blocked unless a test allows them.
    const newContext = shared.browser.newContext.bind(shared.browser);
    shared.browser.newContext = (options) => newContext({ serviceWorkers: 'block', ...options });
    if (contextOptions) shared.context = await shared.browser.newContext(contextOptions);
  });
  afterAll(async () => {
    await shared.browser?.close();
  });
  return shared;
}
