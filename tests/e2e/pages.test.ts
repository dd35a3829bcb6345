// Every page of the sitemap (and the 404 page), loaded once as a reader would and checked from that
// one load: no console error, no failed request, nothing fetched from another origin, math rendered at
// build time, the page's structure in place; axe-core's WCAG 2.2 A and AA rules (and the best-practice rules
// Lighthouse also scores, such as heading order) in light mode, and the
// rules colours and borders can change again in dark mode and with forced colours (which show and hide
// nothing: checked here, the same elements are rendered in all three); and, on a 320 px phone, nothing that makes the page scroll sideways.
// The figures' models and wasm are held back (they are the figure tests' subject, not the page's), so
// a figure shows its static or loading state here, which is what these checks are about.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AXE_STYLE_RULES, axeRun } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { holdRequests, sitemapPages, watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const basePath = new URL(siteUrl).pathname;
const sitemap = sitemapPages(siteDir, siteUrl);
const notFound = `${siteUrl}no-such-page/`;
const chromium = useChromium();

const slugs = (JSON.parse(readFileSync('content/book.json', 'utf8')) as { chapters: { slug: string }[] }).chapters.map(
  (c) => `${c.slug}/`,
);
const chapters = sitemap.filter((p) => slugs.includes(new URL(p).pathname.slice(basePath.length)));

describe('the sitemap', () => {
  it('lists the front page, the references and every written chapter under the base path', () => {
    const paths = sitemap.map((p) => new URL(p).pathname);
    expect(paths).toContain(basePath);
    expect(paths).toContain(`${basePath}references/`);
    expect(paths).toContain(`${basePath}high-dimensional-distributions/`);
    for (const p of paths) expect(p.startsWith(basePath)).toBe(true);
  });
  it('has every chapter, chapter 1 among them', () => {
    expect(chapters).toHaveLength(slugs.length);
    expect(chapters.map((c) => new URL(c).pathname)).toContain(`${basePath}high-dimensional-distributions/`);
  });
});

async function axe(page: Page, rules?: readonly string[]): Promise<string[]> {
  const results = await axeRun(page, undefined, rules);
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

/** What one load of a page showed. */
interface Seen {
  status: number | undefined;
  watch: PageWatch;
  h1: number;
  title: string;
  description: string | null;
  descriptions: number;
  ogImage: string | null;
  ogImages: number;
  katexErrors: number;
  katex: number;
  katexScripts: string[];
  outlineLinks: number;
  figureNumbers: string[];
  notFoundHeading: string | null;
  contentsLinks: string[];
  violations: { light: string[]; dark: string[]; forced: string[] };
  /** What is rendered where, in light, dark and forced colours (see `rendered`). */
  rendered: { light: string; dark: string; forced: string };
  phone: { page: number; screen: number };
}

/**
 * The tags of every rendered element outside the islands, in order, hashed: equal in two colour modes
 * when neither showed or hid anything, so axe's other rules would find the same in both. (An island
 * may still be mounting between two looks: its models are held back here, and the figure tests run
 * axe on each live figure in both themes.)
 */
const rendered = (page: Page) =>
  page.evaluate(() => {
    let hash = 0;
    let count = 0;
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('astro-island') || !el.checkVisibility()) continue;
      for (let i = 0; i < el.tagName.length; i++) hash = (Math.imul(hash, 31) + el.tagName.charCodeAt(i)) | 0;
      count++;
    }
    return `${count} elements, ${(hash >>> 0).toString(16)}`;
  });

async function visit(url: string): Promise<Seen> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  try {
    const { page, watch } = await watchedPage(context, siteUrl);
    const heavy = await holdRequests(context);
    const response = await page.goto(url, { waitUntil: 'load' });
    // Read in one round trip: a dozen separate reads took about a sixth of a text page's visit.
    const read = await page.evaluate((missing) => {
      const count = (selector: string) => document.querySelectorAll(selector).length;
      const attr = (selector: string, name: string) => document.querySelector(selector)?.getAttribute(name) ?? null;
      return {
        h1: count('h1'),
        title: document.title,
        description: attr('meta[name="description"]', 'content'),
        descriptions: count('meta[name="description"]'),
        ogImage: attr('meta[property="og:image"]', 'content'),
        ogImages: count('meta[property="og:image"]'),
        katexErrors: count('.katex-error'),
        katex: count('.katex'),
        katexScripts: [...document.querySelectorAll<HTMLScriptElement>('script[src]')]
          .map((e) => e.src)
          .filter((s) => /katex/i.test(s)),
        outlineLinks: count('.outline-list a'),
        figureNumbers: [...document.querySelectorAll('.figure-number')].map((e) => e.textContent ?? ''),
        notFoundHeading: missing ? (document.querySelector('h1')?.textContent ?? null) : null,
        contentsLinks: missing ? [...document.querySelectorAll<HTMLAnchorElement>('main a')].map((e) => e.href) : [],
      };
    }, url === notFound);
    const seen: Omit<Seen, 'watch' | 'violations' | 'rendered' | 'phone'> = { status: response?.status(), ...read };
    const violations = { light: await axe(page), dark: [] as string[], forced: [] as string[] };
    const shown = { light: await rendered(page), dark: '', forced: '' };
    await page.emulateMedia({ colorScheme: 'dark' });
    violations.dark = await axe(page, AXE_STYLE_RULES);
    shown.dark = await rendered(page);
    await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
    violations.forced = await axe(page, AXE_STYLE_RULES);
    shown.forced = await rendered(page);
    await page.emulateMedia({ forcedColors: 'none' });
    // A phone, as Playwright's isMobile would set it up: a 320 px layout viewport, touch, no hover.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 320,
      height: 640,
      deviceScaleFactor: 2,
      mobile: true,
    });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const phone = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    const watched = structuredClone(watch);
    await heavy.release();
    return { ...seen, watch: watched, violations, rendered: shown, phone };
  } finally {
    await context.close();
  }
}

describe.each([...sitemap, notFound])('%s', (url) => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await visit(url);
  });

  it('loads cleanly from its own origin only, math rendered at build time', () => {
    expect(seen.status).toBe(url === notFound ? 404 : 200);
    expect(seen.watch.externalRequests).toEqual([]);
    // The 404 page's own document is the one "failed" request it should make.
    expect(seen.watch.failedRequests.filter((r) => !(url === notFound && r.startsWith(url)))).toEqual([]);
    expect(seen.watch.consoleErrors.filter((e) => !(url === notFound && /404/.test(e)))).toEqual([]);
    expect(seen.watch.pageErrors).toEqual([]);
    expect(seen.h1).toBe(1);
    expect(seen.title).toMatch(/\S/);
    if (url === notFound) return;
    expect(seen.description?.length).toBeGreaterThan(40);
    expect(seen.ogImage).toMatch(/og\.png$/);
    expect([seen.descriptions, seen.ogImages]).toEqual([1, 1]);
    expect(seen.katexErrors).toBe(0);
  });

  it('has no WCAG 2.2 A/AA violation in light mode', () => expect(seen.violations.light).toEqual([]));
  it('has no WCAG 2.2 A/AA violation in dark mode', () => {
    expect(seen.rendered.dark).toBe(seen.rendered.light);
    expect(seen.violations.dark).toEqual([]);
  });
  it('has no WCAG 2.2 A/AA violation with forced colours', () => {
    expect(seen.rendered.forced).toBe(seen.rendered.light);
    expect(seen.violations.forced).toEqual([]);
  });

  it('fits a 320 px phone: nothing makes the page scroll sideways', () => {
    // Wide equations and tables scroll inside their own boxes; the page itself must not.
    expect(seen.phone.page).toBeLessThanOrEqual(seen.phone.screen);
  });

  it.runIf(chapters.includes(url))('is a chapter: build-time math, numbered figures and an outline', () => {
    expect(seen.katex).toBeGreaterThan(0);
    // KaTeX renders on the server: no script of KaTeX's is sent.
    expect(seen.katexScripts).toEqual([]);
    expect(seen.outlineLinks).toBeGreaterThan(2);
    for (const n of seen.figureNumbers) expect(n).toMatch(/^(Figure|Table) \d+\.\d+$/);
  });

  it.runIf(url === notFound)('answers a missing address with status 404 and offers the contents', () => {
    expect(seen.notFoundHeading).toMatch(/not found/i);
    expect(seen.contentsLinks).toContain(`${siteUrl}high-dimensional-distributions/`);
  });
});
