// The glossary and the notation table as a reader meets them in a chapter: a term's first use links to
// its entry and shows the definition on hover and on keyboard focus (accessible in both themes), and
// the chapter's first formula links to the notation table.
import { describe, expect, inject, it } from 'vitest';
import { axeRun } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import book from '../../content/book.json' with { type: 'json' };

const siteUrl = inject('siteUrl');
const chromium = useChromium();
/** A page without JavaScript: for what the built HTML says, without loading the figures. */
const staticPage = async () => (await chromium.browser.newContext({ javaScriptEnabled: false })).newPage();
const chapter1 = `${siteUrl}high-dimensional-distributions/`;

describe('glossary links in the chapters', () => {
  it('show the definition card on hover and on keyboard focus, and lead to the entry', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(chapter1);
    const term = page.locator('.gloss').first();
    const link = term.locator('.gloss-link');
    const card = term.locator('.gloss-card');
    expect(await card.isVisible()).toBe(false);
    await link.hover();
    await expect.poll(() => card.isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(() => card.isVisible()).toBe(false);
    await link.focus();
    await expect.poll(() => card.isVisible()).toBe(true);
    // The card is the link's description for screen readers.
    expect(await link.getAttribute('aria-describedby')).toBe(await card.getAttribute('id'));
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/glossary\/#[a-z0-9-]+$/);
    await link.click();
    await page.waitForURL(/\/glossary\/#/);
    const id = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`dt[id="${id}"]`).count()).toBe(1);
    await page.context().close();
  });

  it('link each term once per chapter, never in headings, and every link has an entry', async () => {
    const page = await staticPage();
    await page.goto(`${siteUrl}glossary/`);
    const entries = new Set(await page.locator('.glossary-list dt').evaluateAll((dts) => dts.map((d) => d.id)));
    for (const chapter of book.chapters) {
      await page.goto(`${siteUrl}${chapter.slug}/`);
      const targets = await page
        .locator('.gloss-link')
        .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).hash.slice(1)));
      expect(targets.length, chapter.slug).toBeGreaterThan(3);
      expect(new Set(targets).size, `${chapter.slug} links a term twice`).toBe(targets.length);
      for (const t of targets) expect(entries.has(t), `${chapter.slug} → #${t}`).toBe(true);
      expect(await page.locator('h1 .gloss, h2 .gloss, h3 .gloss, a .gloss, .katex .gloss').count()).toBe(0);
    }
    await page.context().close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`an open card passes axe (WCAG 2.2 A/AA) in ${scheme} mode`, async () => {
      const context = await chromium.browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(chapter1);
      const term = page.locator('.gloss').nth(2);
      await term.locator('.gloss-link').focus();
      await expect.poll(() => term.locator('.gloss-card').isVisible()).toBe(true);
      const results = await axeRun(page, '.gloss');
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(0);
      await context.close();
    });
  }
});

describe('notation', () => {
  it("every chapter's first formula links to the notation table", async () => {
    const page = await staticPage();
    for (const chapter of book.chapters) {
      await page.goto(`${siteUrl}${chapter.slug}/`);
      const marks = page.locator('.notation-mark');
      expect(await marks.count(), chapter.slug).toBe(1);
      // It sits right after the first formula of the article.
      const afterFirstFormula = await page.evaluate(() => {
        const first = document.querySelector('article .katex');
        const mark = document.querySelector('.notation-mark');
        if (!first || !mark) return false;
        const formula = first.closest('.katex-display') ?? first;
        return formula.nextElementSibling === mark;
      });
      expect(afterFirstFormula, chapter.slug).toBe(true);
      expect(new URL((await marks.getAttribute('href'))!, siteUrl).pathname).toBe(
        new URL('notation/', siteUrl).pathname,
      );
    }
    await page.goto(`${siteUrl}notation/`);
    const symbols = await page.locator('.notation-table tbody tr').count();
    expect(symbols).toBeGreaterThan(20);
    await page.context().close();
  });

  it('the footer links the exercises, the glossary and the notation from every page', async () => {
    const page = await staticPage();
    for (const path of ['', 'references/', 'glossary/']) {
      await page.goto(siteUrl + path);
      const hrefs = await page.locator('.site-footer a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const target of ['exercises/', 'glossary/', 'notation/'])
        expect(hrefs, path).toContain(new URL(target, siteUrl).pathname);
    }
    await page.context().close();
  });
});
