// Every page of the sitemap, loaded as a reader would: no console error, no failed request, nothing
// fetched from another origin, math rendered at build time, and the page's structure in place.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../setup/chromium.ts';
import { sitemapPages, watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const pages = sitemapPages(siteDir, siteUrl);
const chromium = useChromium();

describe('the sitemap', () => {
  it('lists the front page, the references and every written chapter under the base path', () => {
    const paths = pages.map((p) => new URL(p).pathname);
    expect(paths).toContain(new URL(siteUrl).pathname);
    expect(paths).toContain(`${new URL(siteUrl).pathname}references/`);
    expect(paths).toContain(`${new URL(siteUrl).pathname}high-dimensional-distributions/`);
    for (const p of paths) expect(p.startsWith(new URL(siteUrl).pathname)).toBe(true);
  });
});

describe.each(pages)('%s', (url) => {
  it('loads cleanly from its own origin only', async () => {
    const context = await chromium.browser.newContext();
    const { page, watch } = await watchedPage(context, siteUrl);
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    expect(watch.externalRequests).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.title()).resolves.toMatch(/\S/);
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description?.length).toBeGreaterThan(40);
    await expect(page.locator('meta[property="og:image"]').getAttribute('content')).resolves.toMatch(/og\.png$/);
    await expect(page.locator('.katex-error').count()).resolves.toBe(0);
    await context.close();
  });

  it('fits a 320 px phone: nothing makes the page scroll sideways', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    // Wide equations and tables scroll inside their own boxes; the page itself must not.
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await context.close();
  });
});

describe('chapter pages', () => {
  const basePath = new URL(siteUrl).pathname;
  const slugs = (
    JSON.parse(readFileSync('content/book.json', 'utf8')) as { chapters: { slug: string }[] }
  ).chapters.map((c) => `${c.slug}/`);
  const chapters = pages.filter((p) => slugs.includes(new URL(p).pathname.slice(basePath.length)));
  it('are in the sitemap, every one of them', () => expect(chapters).toHaveLength(slugs.length));
  it('include chapter 1', () =>
    expect(chapters.map((c) => new URL(c).pathname)).toContain(`${basePath}high-dimensional-distributions/`));
  it.each(chapters)('%s has build-time math, numbered figures and an outline', async (url) => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    // KaTeX renders on the server: no script of KaTeX's is sent.
    const scripts = await page
      .locator('script[src]')
      .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
    expect(scripts.some((s) => /katex/i.test(s))).toBe(false);
    expect(await page.locator('.outline-list a').count()).toBeGreaterThan(2);
    const numbers = await page.locator('.figure-number').allTextContents();
    for (const n of numbers) expect(n).toMatch(/^(Figure|Table) \d+\.\d+$/);
    await context.close();
  });
});

describe('the 404 page', () => {
  it('answers a missing address with status 404 and offers the contents', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${siteUrl}no-such-page/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/not found/i);
    const links = await page.locator('main a').evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).href));
    expect(links).toContain(`${siteUrl}high-dimensional-distributions/`);
    await context.close();
  });
});
