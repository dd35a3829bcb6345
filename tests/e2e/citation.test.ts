// For instructors, what a page says about itself: the footer's licences, version and date; "Cite this
// page" (copied BibTeX must parse); Highwire tags for Google Scholar; the changelog; the licence page;
// and old section ids that still lead to their section (the redirect table).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import bibtexParse from 'bibtex-parse';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage } from '../setup/site.ts';
import pkg from '../../package.json' with { type: 'json' };

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('footer', () => {
  it.each(['index.html', 'distribution-shift/index.html', 'figures/fig-shift-lab/index.html', 'licence/index.html'])(
    '%s names the licences, the version and its date',
    (file) => {
      const html = readFileSync(join(siteDir, file), 'utf8');
      const footer = /<footer class="site-footer"[^>]*>([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '';
      const text = footer.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(text).toContain('CC BY 4.0');
      expect(text).toContain('MIT');
      expect(text).toContain(`Version ${pkg.version}`);
      expect(footer).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}"[^>]*>\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/);
      expect(footer.match(/rel="license"/g)).toHaveLength(2);
    },
  );

  it('is there for the reader to see, with working links', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}distribution-shift/`);
    const footer = page.locator('footer.site-footer');
    await footer.scrollIntoViewIfNeeded();
    expect(await footer.locator('time').isVisible()).toBe(true);
    await footer.locator('a', { hasText: 'Changelog' }).click();
    await page.waitForURL(/\/changelog\/$/);
    expect(await page.locator('h1').textContent()).toBe('Changelog');
    expect(watch.failedRequests).toEqual([]);
    await page.close();
  });
});

describe('cite this page', () => {
  it('copies a BibTeX entry that parses, with this chapter, version, address and today as access date', async () => {
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}distribution-shift/`);
    // The page's public address: SITE_URL's when the site was built with one (its canonical link), else
    // where it is served from.
    const canonical = await page
      .locator('link[rel="canonical"]')
      .getAttribute('href', { timeout: 1000 })
      .catch(() => null);
    // (Before SITE_URL became optional, the build wrote a made-up localhost canonical link: not an address.)
    const address = canonical && !canonical.includes('localhost') ? canonical : `${siteUrl}distribution-shift/`;
    const block = page.locator('.cite-this-page');
    // The citation on the page gains today's date once the page is idle.
    await expect.poll(() => block.locator('.cite-plain').textContent()).toContain('(accessed ');
    await block.locator('button[data-copy-cite="bibtex"]').click();
    await expect.poll(() => block.locator('.cite-status').textContent()).toBe('BibTeX entry copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const entries = bibtexParse.entries(copied);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      type: 'misc',
      AUTHOR: 'highdim-aside contributors',
      TITLE: 'Distribution shift',
      VERSION: pkg.version,
      URL: address,
      URLDATE: today(),
    });
    expect(String(entries[0]!.YEAR)).toMatch(/^\d{4}$/);

    await block.locator('button[data-copy-cite="plain"]').click();
    await expect.poll(() => block.locator('.cite-status').textContent()).toBe('Citation copied.');
    const plain = await page.evaluate(() => navigator.clipboard.readText());
    expect(plain).toContain('highdim-aside contributors');
    expect(plain).toContain(`version ${pkg.version}, chapter 4`);
    expect(plain).toContain(address);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it("pins a figure's state in the address it cites", async () => {
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
    const { page } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}figures/fig-shift-lab/?shift.kind=fade&shift.level=0.5`);
    await page.locator('button[data-copy-cite="bibtex"]').click();
    await expect.poll(() => page.locator('.cite-status').textContent()).toBe('BibTeX entry copied.');
    const [entry] = bibtexParse.entries(await page.evaluate(() => navigator.clipboard.readText()));
    const url = new URL(String(entry?.URL));
    expect(url.pathname).toBe(new URL(`figures/fig-shift-lab/`, siteUrl).pathname);
    expect(url.searchParams.get('shift.kind')).toBe('fade');
    expect(String(entry?.TITLE)).toMatch(/^Figure 4\.2, in Distribution shift$/);
    // A change copied at once, before the figure has written it into the address (that waits for the
    // reader to pause), is cited all the same: one step of the slider, then Enter on the copy button.
    const fig = page.locator('#fig-shift-lab');
    await fig.locator('[data-state=ready]').waitFor();
    const addressBefore = await page.evaluate(async () => {
      const range = document.querySelector<HTMLInputElement>('#fig-shift-lab input[type=range]')!;
      range.stepUp();
      range.dispatchEvent(new Event('input', { bubbles: true }));
      range.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      document.querySelector<HTMLButtonElement>('button[data-copy-cite="plain"]')!.focus();
      return location.search;
    });
    await page.keyboard.press('Enter');
    // The address did not yet hold the step when the button was reached.
    expect(new URLSearchParams(addressBefore).get('shift.level')).not.toBe('0.525');
    await expect.poll(() => page.locator('.cite-status').textContent()).toBe('Citation copied.');
    const cited = /https?:\/\/\S+/.exec(await page.evaluate(() => navigator.clipboard.readText()))?.[0] ?? '';
    expect(new URL(cited.replace(/[.,]$/, '')).searchParams.get('shift.level')).toBe('0.525');
    await page.close();
  });

  it('is there to read without JavaScript', async () => {
    const ctx = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${siteUrl}adversarial-examples/`);
    const plain = await page.locator('.cite-this-page .cite-plain').innerText();
    expect(plain).toContain('Adversarial examples');
    expect(plain).toContain(`version ${pkg.version}, chapter 5`);
    const bibtex = await page.locator('.cite-this-page .cite-bibtex').textContent();
    expect(bibtexParse.entries(bibtex ?? '')[0]?.TITLE).toBe('Adversarial examples');
    // The copy buttons need JavaScript, so they stay hidden without it.
    expect(await page.locator('button[data-copy-cite]:visible').count()).toBe(0);
    await ctx.close();
  });
});

describe('Highwire tags for Google Scholar', () => {
  it('name the chapter, its authors and date, and its address only when SITE_URL gave one', () => {
    const html = readFileSync(join(siteDir, 'feature-space', 'index.html'), 'utf8');
    const meta = (name: string) =>
      [...html.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)"`, 'g'))].map((m) => m[1]);
    expect(meta('citation_title')).toEqual(['Networks learn in feature space, not pixel space']);
    expect(meta('citation_author')).toEqual(['highdim-aside contributors']);
    expect(meta('citation_publication_date')[0]).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    expect(meta('citation_inbook_title')).toHaveLength(1);
    // The canonical link exists exactly when the site was built with SITE_URL: the same address, or none
    // (never a made-up localhost one).
    const canonical = /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1];
    expect(meta('citation_public_url')).toEqual(canonical && !canonical.includes('localhost') ? [canonical] : []);
    expect(html).not.toMatch(/<meta name="citation_[a-z_]+" content="[^"]*localhost/);
  });
});

describe('changelog and licence pages', () => {
  it('the changelog lists content corrections with links to the sections they changed', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}changelog/`);
    const corrections = page.locator('.changelog-entry[data-kind="correction"]');
    expect(await corrections.count()).toBeGreaterThan(0);
    const link = corrections.first().locator('.changelog-sections a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL((u) => u.hash !== '' && href!.endsWith(u.pathname + u.hash));
    const id = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    expect(watch.failedRequests).toEqual([]);
    await page.close();
  });

  it('the licence page carries both licence texts', () => {
    const html = readFileSync(join(siteDir, 'licence', 'index.html'), 'utf8');
    expect(html).toContain('Creative Commons Attribution 4.0 International Public License');
    expect(html).toContain('Permission is hereby granted, free of charge');
  });
});

describe('old section ids keep working', () => {
  it('serves the redirect table the build checked', async () => {
    const response = await fetch(`${siteUrl}redirects.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(readFileSync('content/redirects.json', 'utf8')));
  });

  // The committed table is empty (no id has changed yet), so these tests serve their own table in
  // its place: the script and the built pages are the real ones.
  const TABLE = {
    'feature-space': { 'old-layers': 'layer-by-layer', 'seeing-manifolds': 'manifold-visualizations' },
    generation: { 'moved-section': 'feature-space#architectures' },
  };
  const withTable = async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    let tableRequests = 0;
    await page.route(`${siteUrl}redirects.json`, (route) => {
      tableRequests++;
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(TABLE) });
    });
    return { page, watch, tableRequests: () => tableRequests };
  };

  it('an old id in the same chapter leads to its new id, without a new history entry', async () => {
    const plain = await chromium.context.newPage();
    await plain.goto(`${siteUrl}feature-space/`);
    const historyLength = await plain.evaluate(() => history.length);
    await plain.close();
    const { page, watch } = await withTable();
    await page.goto(`${siteUrl}feature-space/?sr.n=500#old-layers`);
    await page.waitForURL((u) => u.hash === '#layer-by-layer');
    expect(new URL(page.url()).searchParams.get('sr.n')).toBe('500');
    await expect.poll(() => page.evaluate(() => document.querySelector(':target')?.id)).toBe('layer-by-layer');
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    // A link followed inside the page is redirected too.
    await page.evaluate(() => (location.hash = '#seeing-manifolds'));
    await page.waitForURL((u) => u.hash === '#manifold-visualizations');
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('a section that moved to another chapter is followed there', async () => {
    const { page } = await withTable();
    await page.goto(`${siteUrl}generation/#moved-section`);
    await page.waitForURL((u) => u.pathname.endsWith('/feature-space/') && u.hash === '#architectures');
    await page.close();
  });

  it('costs nothing when the id exists, and leaves unknown ids alone', async () => {
    const { page, tableRequests } = await withTable();
    await page.goto(`${siteUrl}feature-space/#how-small`);
    await page.goto(`${siteUrl}feature-space/#no-such-section`);
    await expect.poll(tableRequests).toBe(1);
    expect(new URL(page.url()).hash).toBe('#no-such-section');
    await page.close();
  });
});
