// A figure's page in present mode (for a projector) and its embed page (for a course page's iframe).
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeRun } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const basePath = inject('basePath');
const chromium = useChromium({ viewport: { width: 1920, height: 1080 } });

const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();
/** Opens a figure's page and waits for its tools (present mode, keys), which load after the page. */
const ready = (page: Page) => page.locator('html[data-figure-tools="ready"]').waitFor({ state: 'attached' });
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${siteUrl}${path}`);
  await ready(page);
}

describe('present mode', () => {
  it('P hides everything but the figure and its controls, scales them up, and keeps the state in the URL', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-shift-lab/?shift.kind=fade`);
    const label = page.locator('#fig-shift-lab .shift-live label').first();
    await label.waitFor();
    const before = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await visible(page, '.site-header')).toBe(true);

    await page.keyboard.press('p');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'present');
    expect(await visible(page, '.site-header')).toBe(false);
    expect(await visible(page, '.site-footer')).toBe(false);
    expect(await visible(page, '.cite-this-page')).toBe(false);
    expect(await visible(page, '#fig-shift-lab figcaption')).toBe(false);
    expect(await visible(page, '#fig-shift-lab input[type=range]')).toBe(true);
    expect(await page.locator('[data-present]').getAttribute('aria-pressed')).toBe('true');
    // Readable from the back of a room: control labels of at least 20 px on a 1920 × 1080 projector.
    const after = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThanOrEqual(20);
    expect(after).toBeGreaterThan(before * 1.4);
    expect(new URL(page.url()).searchParams.get('shift.kind')).toBe('fade');

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('view'));
    expect(await visible(page, '.site-header')).toBe(true);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it("arrow keys step through the chapter's figures in present mode, carrying the state", async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-layers/?view=present&sr.n=500`);
    expect(await visible(page, '.site-header')).toBe(false);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/figures\/fig-pixel-feature\/\?/);
    await ready(page);
    expect(new URL(page.url()).searchParams.get('view')).toBe('present');
    expect(new URL(page.url()).searchParams.get('sr.n')).toBe('500');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/figures\/fig-pixel-vs-feature\//);
    await ready(page);
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(/\/figures\/fig-pixel-feature\//);
    // The first figure of a chapter has nowhere to go back to: it says so and stays.
    await open(page, `figures/fig-layers/?view=present`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('.figure-alone-status').textContent()).toMatch(/first figure/);
    expect(new URL(page.url()).pathname).toBe(`${basePath}figures/fig-layers/`);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('leaves the arrow keys to a focused control', async () => {
    const { page } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-shift-lab/?view=present`);
    const slider = page.locator('#fig-shift-lab input[type=range]');
    await slider.focus();
    const value = await slider.inputValue();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.inputValue()).not.toBe(value);
    expect(new URL(page.url()).pathname).toBe(`${basePath}figures/fig-shift-lab/`);
    await page.close();
  });

  it('"Hide controls" shows a fixed state with nothing to operate', async () => {
    const { page } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-shift-lab/?view=present&shift.level=0.5`);
    await page.locator('#fig-shift-lab .shift-live').waitFor();
    await page.locator('[data-hide-controls]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('controls') === 'hidden');
    expect(await page.locator('#fig-shift-lab :is(input, select, textarea):visible').count()).toBe(0);
    expect(await visible(page, '#fig-shift-lab .shift-live .chart-box svg')).toBe(true);
    await page.close();
  });

  it('drops a view it does not know from the address', async () => {
    const { page } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-layers/?view=slides&controls=maybe`);
    await page.waitForFunction(() => !location.search.includes('view') && !location.search.includes('controls'));
    expect(await visible(page, '.site-header')).toBe(true);
    await page.close();
  });
});

describe('embed', () => {
  it('copies an <iframe> of the embed page with the current state, which works from another page', async () => {
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl).origin });
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await open(page, `figures/fig-shift-lab/?shift.kind=noise&controls=hidden`);
    await page.locator('[data-copy-embed]').click();
    await expect.poll(() => page.locator('.figure-alone-status').textContent()).toMatch(/Embed code copied/);
    const code = await page.evaluate(() => navigator.clipboard.readText());
    const src = /<iframe src="([^"]+)"/.exec(code)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toBeDefined();
    const url = new URL(src!);
    expect(url.origin + url.pathname).toBe(`${siteUrl}figures/fig-shift-lab/embed/`);
    expect(url.searchParams.get('shift.kind')).toBe('noise');
    expect(url.searchParams.get('controls')).toBe('hidden');
    expect(code).toMatch(/width="640" height="480"/);
    expect(code).toMatch(/title="Figure 4\.2: Distribution shift"/);

    // A course page (here the site's own 404 page, emptied) pastes the code.
    await page.goto(`${siteUrl}no-such-page/`);
    await page.evaluate((html) => (document.body.innerHTML = html), code);
    const frame = page.frameLocator('iframe');
    await frame.locator('#fig-shift-lab .shift-live').waitFor({ timeout: 30_000 });
    expect(await frame.locator('#fig-shift-lab input:visible').count()).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('has no header, contents, search or footer, and links back to its section', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    // A static diagram: the figures' own widgets get axe on their pages (a11y.test.ts).
    await open(page, `figures/fig-cat-toaster/embed/`);
    for (const chrome of ['header', 'footer', 'nav', '.book-nav', '.search-dialog', '.skip-link'])
      expect(await page.locator(chrome).count(), chrome).toBe(0);
    expect(await page.locator('main #fig-cat-toaster').count()).toBe(1);
    const back = page.locator('.figure-embed-credit a').first();
    expect(await back.getAttribute('href')).toBe(`${basePath}adversarial-examples/#fig-cat-toaster`);
    expect(await back.getAttribute('target')).toBe('_blank');
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    const axe = await axeRun(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it("fits a 640 × 480 iframe without scrollbars (each figure's static version)", async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 640, height: 480 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const ids = [
      'fig-shift-lab',
      'fig-attack-lab',
      'fig-pixel-feature',
      'fig-swiss-roll',
      'fig-layers',
      'fig-shift',
      'fig-three-kinds',
      // Not fig-eval-panel: a tool with controls, bars, a curve and flags, not one picture; in a
      // 640 × 480 frame it scrolls inside the frame, as the live figures do.
    ];
    const overflowing: string[] = [];
    for (const id of ids) {
      await page.goto(`${siteUrl}figures/${id}/embed/`);
      const size = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
      }));
      if (size.width > 640 || size.height > 480) overflowing.push(`${id}: ${size.width} × ${size.height}`);
    }
    expect(overflowing).toEqual([]);
    await ctx.close();
  });
});
