// Shared by the figure benches (scripts/bench/*.ts): open a page and record the scripts it loads,
// and weigh a served file as it would travel gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; scripts: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, scripts, close: () => context.close() };
}

/** The file behind a URL of the served site (mounted at `base`), raw and gzipped sizes in bytes. */
export function servedFileBytes(siteDir: string, base: string, url: string): { raw: number; gzip: number } {
  const body = readFileSync(join(siteDir, new URL(url).pathname.slice(base.length)));
  return { raw: body.length, gzip: gzipSync(body).length };
}
