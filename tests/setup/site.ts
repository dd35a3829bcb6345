// Helpers shared by the end-to-end tests: the list of pages from the sitemap, and a page that
// records console errors, failed requests and any request that leaves the site's origin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Site-relative paths of every page in the sitemap, mapped onto the served origin. */
export function sitemapPages(siteDir: string, siteUrl: string): string[] {
  const index = readFileSync(join(siteDir, 'sitemap-index.xml'), 'utf8');
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.split('/').at(-1)!);
  const origin = new URL(siteUrl).origin;
  return maps.flatMap((file) =>
    [...readFileSync(join(siteDir, file), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (m) => origin + new URL(m[1]!).pathname,
    ),
  );
}

/** The built file the site serves at `url` (a page's folder, for a page: add index.html). */
export function builtFile(siteDir: string, siteUrl: string, url: string): string {
  return join(siteDir, new URL(url).pathname.slice(new URL(siteUrl).pathname.length));
}

export interface PageWatch {
  consoleErrors: string[];
  failedRequests: string[];
  externalRequests: string[];
  pageErrors: string[];
}

/** Opens a page that records problems; requests to other origins are blocked and recorded. */
export async function watchedPage(context: BrowserContext, siteUrl: string): Promise<{ page: Page; watch: PageWatch }> {
  const origin = new URL(siteUrl).origin;
  const watch: PageWatch = { consoleErrors: [], failedRequests: [], externalRequests: [], pageErrors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    watch.externalRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watch.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => watch.failedRequests.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) watch.failedRequests.push(`${r.url()} (${r.status()})`);
  });
  return { page, watch };
}

/** A watched page at `url`, with `before` run ahead of navigation (routes, init scripts), scrolled to `figure`. */
export async function watchedFigure(
  context: BrowserContext,
  siteUrl: string,
  url: string,
  figure: string,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; watch: PageWatch }> {
  const { page, watch } = await watchedPage(context, siteUrl);
  await before?.(page);
  await page.goto(url);
  await page.locator(figure).scrollIntoViewIfNeeded();
  return { page, watch };
}

/** Model weights, manifests and wasm binaries: what makes a figure's start heavy. */
export const HEAVY_FILES = /\/models\/|\.wasm(\?|$)/;

/**
 * Holds back every request matching `pattern` (they stay pending: nothing fails, nothing is logged), so
 * that a test about the page, not its figures, does not pay for starting models. `release()` aborts
 * them; call it after reading the page's watch, before closing the page or context.
 */
export async function holdRequests(
  target: BrowserContext | Page,
  pattern: RegExp = HEAVY_FILES,
): Promise<{ held: string[]; release(): Promise<void> }> {
  const held: { url: string; abort(): Promise<void> }[] = [];
  await target.route(pattern, (route) => {
    held.push({ url: route.request().url(), abort: () => route.abort().catch(() => {}) });
  });
  return {
    get held() {
      return held.map((h) => h.url);
    },
    async release() {
      await target.unrouteAll({ behavior: 'ignoreErrors' });
      await Promise.all(held.splice(0).map((h) => h.abort()));
    },
  };
}

/**
 * Waits until the page has settled as a reader sees it: fonts loaded, every island near the viewport
 * hydrated (its client:ahead margin is at most 600 px) and no part of a figure still marked busy.
 * A state, not the network going quiet: a figure whose model answers later is still waited for.
 */
export async function settledPage(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(() => {
    const near = (el: Element) => {
      // <astro-island> is display: contents (no box of its own): measure what it holds.
      const box = (el.firstElementChild ?? el.parentElement!).getBoundingClientRect();
      return box.bottom > -600 && box.top < innerHeight + 600;
    };
    const waiting = [...document.querySelectorAll('astro-island[ssr]')].filter(near);
    return waiting.length === 0 && !document.querySelector('main [aria-busy="true"]');
  });
}

/**
 * Scrolls a page top to bottom a screen at a time, as a reader would, so that every block of a
 * chapter has been laid out (Base.astro lays each out as the reader nears it), then back to the top.
 */
export async function readThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // Headless Chromium has stopped producing frames for good on chapter 5 at 390 px, the page otherwise
    // responsive (2 of 10 CI runs; once in ~114 loads of a stress run): say so, and where, instead of
    // waiting until the test's own timeout (tests/e2e/layout.test.ts retries it once).
    const frame = () =>
      new Promise((resolve, reject) => {
        const stalled = setTimeout(
          () =>
            reject(
              new Error(
                `no animation frame for 15 s at scrollY ${scrollY} of ${document.documentElement.scrollHeight} (${document.visibilityState})`,
              ),
            ),
          15_000,
        );
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            clearTimeout(stalled);
            resolve(null);
          }),
        );
      });
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight * 0.8) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, 0);
    await frame();
  });
}
