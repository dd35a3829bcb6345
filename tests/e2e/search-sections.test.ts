// Search lands on the section that matches, not on the top of a long chapter, and its excerpts read
// as prose: no "#" anchors, no reference keys, no copy of a citation card.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from '../setup/chromium.ts';

const siteUrl = inject('siteUrl');
const base = new URL(siteUrl).pathname;
const chromium = useChromium();

interface Hit {
  url: string;
  excerpt: string;
  sections: { url: string; title: string; excerpt: string }[];
}

/** The raw Pagefind results for a query, as the search dialog receives them. */
async function pagefind(page: Page, query: string): Promise<Hit[]> {
  // A string, so that Vitest does not rewrite the browser's import() into its own loader.
  return page.evaluate(`(async () => {
    const pf = await import('${base}pagefind/pagefind.js');
    await pf.options({ baseUrl: '${base}' });
    const r = await pf.search(${JSON.stringify(query)});
    const data = await Promise.all(r.results.map((x) => x.data()));
    return data.map((d) => ({
      url: d.url,
      excerpt: d.excerpt,
      sections: (d.sub_results ?? []).map((s) => ({ url: s.url, title: s.title, excerpt: s.excerpt })),
    }));
  })()`);
}

const text = (html: string) => html.replace(/<\/?mark>/g, '');

describe('search', () => {
  it.each([
    ['projected gradient descent', '#pgd'],
    ['FGSM', '#fgsm'],
  ])('"%s" offers the section %s of chapter 5 in the dialog, and opens it there', async (query, fragment) => {
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${siteUrl}references/`);
    await page.locator('.search-button').click();
    await page.locator('#search-input').fill(query);
    const section = page.locator(`.search-results a[href$="/adversarial-examples/${fragment}"]`);
    await section.waitFor();
    await section.click();
    await page.waitForURL((url) => url.hash === fragment);
    // The reader lands on the heading, not on the page's top.
    await expect
      .poll(() => page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, fragment.slice(1)))
      .toBeLessThan(200);
    await expect(page.evaluate(() => scrollY)).resolves.toBeGreaterThan(1000);
    await context.close();
  });

  it('has excerpts without markup leftovers', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(siteUrl);
    const excerpts: string[] = [];
    for (const query of ['FGSM', 'projected gradient descent', 'pick a point', 'manifold', 'Goodfellow', 'textbook']) {
      const hits = await pagefind(page, query);
      expect(hits.length, query).toBeGreaterThan(0);
      for (const h of hits) excerpts.push(text(h.excerpt), ...h.sections.map((s) => text(s.excerpt)));
    }
    // Heading anchors ("# Pick a point of ℝ…") and reference keys ("#goodfellow2016dl…").
    expect(excerpts.filter((e) => /#\s|#[a-z]/.test(e))).toEqual([]);
    // A citation's preview card repeats the title of the work: its authors' list never shows up glued
    // to the citation, as in "(Goodfellow et al., 2015)Explaining and harnessing…".
    expect(excerpts.filter((e) => /et al\., \d{4}\)?[A-Z]/.test(e))).toEqual([]);
    await context.close();
  });

  it('returns sections whose addresses point at headings that exist', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(siteUrl);
    const hits = await pagefind(page, 'FGSM');
    const sections = hits.flatMap((h) => h.sections).filter((s) => s.url.includes('#'));
    expect(sections.length).toBeGreaterThan(0);
    for (const s of sections.slice(0, 5)) {
      await page.goto(new URL(s.url, siteUrl).href);
      const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
      await expect(page.locator(`[id="${id}"]`).count(), s.url).resolves.toBe(1);
    }
    await context.close();
  });
});
