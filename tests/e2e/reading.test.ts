// What a reader and an instructor do with a chapter: copy a section link, switch the theme, search,
// open the contents on a phone, follow the outline, read a citation card, and read with JS off.
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../setup/chromium.ts';

const siteUrl = inject('siteUrl');
const chapter1 = `${siteUrl}high-dimensional-distributions/`;
const chromium = useChromium();

describe('copy link', () => {
  it('copies the absolute URL of a section and of a figure', async () => {
    const context = await chromium.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
    const page = await context.newPage();
    await page.goto(chapter1);
    const heading = page.locator('.heading-2').first();
    const id = await heading.locator('h2').getAttribute('id');
    await heading.hover();
    await heading.locator('.copy-link').click();
    // The button says so once the clipboard write has resolved (and only for 2 s): wait for that first.
    await expect.poll(() => heading.locator('.copy-link-status').textContent()).toBe('Link copied');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${chapter1}#${id}`);

    const figure = page.locator('figure.figure').first();
    const figureId = await figure.getAttribute('id');
    await figure.locator('.copy-link').click();
    // Until the write lands, the clipboard still holds the section's link.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${chapter1}#${figureId}`);
    await context.close();
  });
});

describe('theme', () => {
  it('follows the system, toggles, and keeps the choice across reloads without a flash', async () => {
    const context = await chromium.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(chapter1);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    const toggle = page.locator('.theme-toggle');
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    const dark = await background();
    expect(dark).not.toBe(light);
    // The stored choice is applied by the inline head script, before the first paint: the theme is
    // already dark when the document's first element is parsed, before any other script runs.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body) {
          (window as unknown as { themeAtFirstBody: string | undefined }).themeAtFirstBody =
            document.documentElement.dataset.theme;
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expect(
      page.evaluate(() => (window as unknown as { themeAtFirstBody?: string }).themeAtFirstBody),
    ).resolves.toBe('dark');
    await expect(background()).resolves.toBe(dark);
    await toggle.click();
    await page.reload();
    await expect(background()).resolves.toBe(light);
    await context.close();
  });

  it('starts dark when the system prefers dark and nothing is stored', async () => {
    const context = await chromium.browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(chapter1);
    await expect(page.locator('.theme-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    await context.close();
  });
});

describe('search', () => {
  it('finds a word of chapter 1 with no other origin reachable and opens it', async () => {
    const context = await chromium.browser.newContext();
    const origin = new URL(siteUrl).origin;
    await context.route('**/*', (route) =>
      route.request().url().startsWith(origin) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    await page.goto(`${siteUrl}references/`);
    await page.locator('.search-button').click();
    await page.locator('#search-input').fill('manifold');
    const first = page.locator('.search-results a[href*="/high-dimensional-distributions/"]').first();
    await first.waitFor();
    await expect(page.locator('.search-status').textContent()).resolves.toMatch(/match/);
    await first.click();
    await page.waitForURL(/high-dimensional-distributions/);
    expect(new URL(page.url()).pathname).toBe(new URL(chapter1).pathname);
    await context.close();
  });

  it('indexes each formula once, not three times', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(chapter1);
    // A string, so that Vitest does not rewrite the browser's import() into its own loader.
    const base = new URL(siteUrl).pathname;
    const found: string[] = await page.evaluate(`(async () => {
      const pf = await import('${base}pagefind/pagefind.js');
      await pf.options({ baseUrl: '${base}' });
      const r = await pf.search('150,528');
      const data = await Promise.all(r.results.map((x) => x.data()));
      return data.map((d) => d.content);
    })()`);
    expect(found.length).toBeGreaterThan(0);
    const chapterText = found.join(' ');
    // The TeX source of an annotation (e.g. "\mathbb") never reaches the index.
    expect(chapterText).not.toMatch(/\\mathbb|\\times|\\text/);
    await context.close();
  });
});

describe('contents and outline', () => {
  it('folds the contents behind a button on a phone', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(chapter1);
    const chapterLink = page.locator('.toc-list a[href$="/references/"]');
    await expect(chapterLink.isVisible()).resolves.toBe(false);
    await page.locator('.toc-details > summary').click();
    await expect(chapterLink.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows the contents without a click on a wide screen and marks the current chapter', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(chapter1);
    await expect(page.locator('.toc-list a[aria-current="page"]').textContent()).resolves.toMatch(/high-dimensional/i);
    await expect(page.locator('.toc-list a[href$="/references/"]').isVisible()).resolves.toBe(true);
    // Chapters not written yet are listed but not linked.
    const unwritten = await page.locator('.toc-unwritten').count();
    const linked = await page.locator('.toc-list a').count();
    expect(unwritten + linked).toBe(7 + 2);
    await context.close();
  });

  it('highlights the section being read in the outline', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(chapter1);
    const ids = await page
      .locator('.outline-list a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.slice(1)));
    const target = ids[Math.min(3, ids.length - 1)]!;
    await page.locator(`[id="${target}"]`).scrollIntoViewIfNeeded();
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }), target);
    await page.waitForFunction(
      (id) => document.querySelector('.outline-list a.is-current')?.getAttribute('href') === `#${id}`,
      target,
    );
    await context.close();
  });
});

describe('citations', () => {
  it('show a preview card on keyboard focus and link to the reference list', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(chapter1);
    const link = page.locator('.cite-link').first();
    if ((await link.count()) === 0) return expect.fail('chapter 1 cites nothing');
    const card = page.locator('.cite-card').first();
    await expect(card.isVisible()).resolves.toBe(false);
    await link.focus();
    await expect(card.isVisible()).resolves.toBe(true);
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/references\/#[a-z0-9-]+$/);
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('keeps the chapter, its math and its navigation', async () => {
    const context = await chromium.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(chapter1);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/high-dimensional/i);
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    expect(await page.locator('.katex-display').first().isVisible()).toBe(true);
    await expect(page.locator('.toc-list a[href$="/references/"]').isVisible()).resolves.toBe(true);
    expect(await page.locator('.outline-list a').count()).toBeGreaterThan(2);
    await expect(page.locator('.prev-next a').count()).resolves.toBeGreaterThan(0);
    // Enhancements that need JS stay out of the way.
    await expect(page.locator('.search-button').isVisible()).resolves.toBe(false);
    await expect(page.locator('.copy-link').first().isVisible()).resolves.toBe(false);
    await context.close();
  });
});

describe('print', () => {
  it('hides navigation and prints the addresses of external links', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}references/`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.book-nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    const after = await page
      .locator('.references a[href^="http"]')
      .first()
      .evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toMatch(/http/);
    await page.goto(chapter1);
    await page.emulateMedia({ media: 'print' });
    const breaks = await page
      .locator('.equation, .katex-display')
      .first()
      .evaluate((e) => getComputedStyle(e).breakInside);
    expect(breaks).toBe('avoid');
    await context.close();
  });
});
