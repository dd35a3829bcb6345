// The "Where the points are" figure in chapter 1, in Chromium: it renders in the chapter and on its
// own page; dragging D changes the histogram and the printed (max − min)/min, which shrinks; the shell
// number is 1 − (1 − ε)ᴰ; a link reproduces the state and malformed values are clamped or dropped;
// "draw 1,000 more" adds a measured fraction; no tensor is left in the worker after twenty
// changes (a leak of one tensor per change would show after one); axe finds nothing in light or dark; without JavaScript the static version is there; a
// missing model file gives an in-figure error naming it.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { inkedDigits } from '../setup/ink.ts';
import { useChromium } from '../setup/chromium.ts';
import { watchedFigure, type PageWatch } from '../setup/site.ts';
import { coreLog10, shellFraction } from '../../src/lib/geo/shell.ts';

const siteUrl = inject('siteUrl');
const chapter = `${siteUrl}high-dimensional-distributions/`;
const alone = `${siteUrl}figures/fig-where-points/`;
const fig = '#fig-where-points';
const idp = 'fig-where-points-wp';
const chromium = useChromium();

const built = JSON.parse(readFileSync('src/widgets/where-points/static-data.json', 'utf8')) as {
  histograms: Record<string, { contrast: number; counts: number[] }>;
  noise: { first: { tallies: Record<string, { confident: number }> } };
};

async function openFigure(
  context: BrowserContext,
  url: string,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; watch: PageWatch }> {
  const { page, watch } = await watchedFigure(context, siteUrl, url, fig, before);
  await page.waitForSelector(`${fig} .wp[data-state="ready"] .wp-live`, { timeout: 45_000 });
  return { page, watch };
}

const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
const clean = (watch: PageWatch) =>
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);
const contrastShown = (page: Page) => page.locator(`${fig} .wp-hist-box[data-d] .wp-contrast`).textContent();
const bars = (page: Page) =>
  page.locator(`${fig} .wp-hist-box[data-d] svg .bar`).evaluateAll((r) => r.map((e) => e.getAttribute('height')));
const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-GB') : v.toPrecision(3));

describe('the where-the-points-are figure', () => {
  it('renders in the chapter; dragging D changes the histogram and (max − min)/min shrinks with D', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, chapter);
    const slider = page.locator(`#${idp}-d`);
    expect(await slider.inputValue()).toBe('4'); // D = 784
    expect(await contrastShown(page)).toBe(fmt(built.histograms['784']!.contrast));
    const at784 = await bars(page);
    // The grid's eight noise images and the held-out digit nearest each, painted one a task.
    await inkedDigits(page.locator(`${fig} .wp-cell img`), 16, 40);
    // About half of each noise image's pixels are dark, and no two images are alike.
    const noise = await inkedDigits(page.locator(`${fig} .wp-cell img:first-of-type`), 8, 250);
    expect(new Set(noise).size).toBe(8);

    await slider.focus();
    const seen: number[] = [];
    for (const [key, D] of [
      ['Home', '1'],
      ['ArrowRight', '2'],
      ['ArrowRight', '10'],
      ['ArrowRight', '100'],
      ['ArrowRight', '784'],
      ['ArrowRight', '150528'],
    ] as const) {
      await page.keyboard.press(key);
      await page.waitForSelector(`${fig} .wp-hist-box[data-d="${D}"][data-contrast]`, { timeout: 30_000 });
      const shown = Number((await contrastShown(page))!.replace(/,/g, ''));
      // The opening seed's samples are the build's: the figure prints what the static data says.
      expect(shown).toBeCloseTo(Number(fmt(built.histograms[D]!.contrast).replace(/,/g, '')), 6);
      seen.push(shown);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThan(seen[i - 1]!);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('geo.d') === '150528');
    expect(await bars(page)).not.toEqual(at784);
    // The real digits stay wide: far more spread than uniform points in the same 784 dimensions.
    const real = Number(await page.locator(`${fig} .wp-hist-box:not([data-d]) .wp-contrast`).textContent());
    expect(real).toBeGreaterThan(10 * built.histograms['784']!.contrast);
    // Spoken summary names the new dimension.
    await expect
      .poll(() => page.locator(`${fig} .figure-panel .ui-status`).nth(1).textContent())
      .toMatch(/uniform random points in 150,528 dimensions: .*\(max − min\)\/min = 0\.0113/);
    clean(watch);
    await context.close();
  }, 120_000);

  it('the shell number is 1 − (1 − ε)^D as ε and D move', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, alone);
    const share = page.locator(`${fig} .wp-shell`);
    expect(Number(await share.getAttribute('data-share'))).toBeCloseTo(shellFraction(0.01, 100), 12);
    expect(await page.locator(`${fig} [data-testid="shell-share"]`).textContent()).toBe('63.4%');
    const eps = page.locator(`#${idp}-eps`);
    await eps.focus();
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('geo.eps') === '0.019');
    expect(Number(await share.getAttribute('data-share'))).toBeCloseTo(shellFraction(0.019, 100), 12);
    const dim = page.locator(`#${idp}-dim`);
    await dim.focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('geo.dim') === '150528');
    const power = Math.round(coreLog10(0.019, 150_528));
    await expect(page.locator(`${fig} [data-testid="shell-share"]`).textContent()).resolves.toBe(
      `all but about 10−${-power}`,
    );
    await page.keyboard.press('Home');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('geo.dim') === '1');
    await expect(page.locator(`${fig} [data-testid="shell-share"]`).textContent()).resolves.toBe('1.9%');
    clean(watch);
    await context.close();
  });

  it('reproduces the state a link describes; bad values are clamped or dropped', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const query = '?geo.d=10&geo.eps=0.05&geo.dim=20&geo.model=cnn-robust';
    const { page, watch } = await openFigure(context, alone + query);
    expect(await page.locator(`#${idp}-d`).inputValue()).toBe('2');
    expect(await page.locator(`#${idp}-eps`).inputValue()).toBe('0.05');
    expect(await page.locator(`${fig} input[name="${idp}-model"][value="cnn-robust"]`).isChecked()).toBe(true);
    await page.waitForSelector(`${fig} .wp-hist-box[data-d="10"][data-contrast]`);
    expect(await page.locator(`${fig} [data-testid="shell-share"]`).textContent()).toBe(
      `${(shellFraction(0.05, 20) * 100).toFixed(1)}%`,
    );
    // The grid's answers come from the worker for a model the build did not show.
    await page.waitForSelector(`${fig} .wp-grid[aria-busy="false"] .wp-answer b`, { timeout: 45_000 });
    expect(await page.locator(`${fig} .wp-answer`).first().textContent()).toMatch(/^\s*\d \d+%\s*$/);
    clean(watch);
    await context.close();

    const bad = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page: p2, watch: w2 } = await openFigure(
      bad,
      `${alone}?geo.d=7&geo.eps=9&geo.dim=-4&geo.n=oops&geo.model=resnet&geo.seed=1`,
    );
    expect(await p2.locator(`#${idp}-d`).inputValue()).toBe('4'); // unknown D: the default 784
    expect(await p2.locator(`#${idp}-eps`).inputValue()).toBe('0.5'); // clamped
    expect(await p2.locator(`${fig} input[name="${idp}-model"][value="cnn"]`).isChecked()).toBe(true);
    // Clamped values are written back; unreadable ones leave the address.
    await p2.waitForFunction(() => new URL(location.href).searchParams.get('geo.eps') === '0.5');
    expect(params(p2)).toEqual({ 'geo.eps': '0.5', 'geo.dim': '1' });
    clean(w2);
    await bad.close();
  }, 120_000);

  it('"draw 1,000 more" adds a measured fraction; no tensor is left after twenty changes', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, `${chapter}?geo.debug=1`);
    const table = page.locator(`${fig} .wp-tally table`);
    expect(await table.getAttribute('data-count')).toBe('1000');
    const cnnShare = () => table.locator('tr[data-model="cnn"] td[data-share]').getAttribute('data-share');
    expect(Number(await cnnShare())).toBeCloseTo(built.noise.first.tallies.cnn!.confident / 1000, 9);
    await page.locator(fig).getByRole('button', { name: 'Draw 1,000 more' }).click();
    await page.waitForSelector(`${fig} .wp-tally table[data-count="2000"]`, { timeout: 90_000 });
    const share = Number(await cnnShare());
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    await expect(page.locator(`${fig} .wp-tally tr[data-model="cnn"] td[data-share]`).textContent()).resolves.toMatch(
      /^\d+\.\d%$/,
    );
    await page.waitForFunction(() => new URL(location.href).searchParams.get('geo.n') === '2');

    const numTensors = () =>
      page.evaluate(() =>
        (window as unknown as { __wherePoints: { numTensors(): Promise<number> } }).__wherePoints.numTensors(),
      );
    const before = await numTensors();
    expect(before).toBeGreaterThan(0); // the models and the kept digits
    // 20 changes: the grid's model (each a worker run for a model the build did not show) and D.
    const d = page.locator(`#${idp}-d`);
    for (let i = 0; i < 10; i++) {
      await page
        .locator(`${fig} input[name="${idp}-model"]`)
        .nth(i % 3)
        .check();
      await d.focus();
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    }
    await page.locator(`${fig} input[name="${idp}-model"][value="linear"]`).check();
    await page.waitForSelector(`${fig} .wp-grid[aria-busy="false"] .wp-answer b`, { timeout: 30_000 });
    await page.waitForSelector(`${fig} .wp-hist-box[data-d][data-contrast]`, { timeout: 30_000 });
    await expect.poll(numTensors, { timeout: 30_000 }).toBe(before);
    clean(watch);
    await context.close();
  }, 240_000);

  it('has no axe violations in light or dark', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, alone);
    await page.waitForSelector(`${fig} .wp-tally td[data-share]`);
    expect(await axeInBothThemes(page, fig)).toEqual([]);
    clean(watch);
    await context.close();
  }, 120_000);

  it('shows the static version without JavaScript, and in print', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(chapter);
    await expect(page.locator(`${fig} .wp-static img`).count()).resolves.toBe(16);
    await expect(page.locator(`${fig} .wp-static`).isVisible()).resolves.toBe(true);
    await expect(page.locator(`${fig} .wp-static-hists svg`).count()).resolves.toBe(2);
    await expect(page.locator(`${fig} .wp-static-table`).first().textContent()).resolves.toMatch(/cnn\s*\d+\.\d%/);
    // The sentences read as words: "at least 90% confidence", never "at least90%confidence".
    const captions = (await page.locator(`${fig} .wp-static-table caption`).allTextContents()).map((c) =>
      c.replace(/\s+/g, ' ').trim(),
    );
    expect(captions[0]).toMatch(/ at least \d+% confidence$/);
    expect(captions[1]).toMatch(/^All [\d,]+ pairwise distances of \d+ uniform random points in \[0, 1\] ?D$/);
    await expect(page.locator(`${fig} .wp-static-text`).first().textContent()).resolves.toMatch(
      / typically [\d.]+ away\.$/,
    );
    // Every image the static version names is served.
    const sources = await page
      .locator(`${fig} .wp-static img`)
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    for (const src of sources) expect((await page.request.get(src)).status()).toBe(200);
    await context.close();

    const printing = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page: p2 } = await openFigure(printing, chapter);
    await p2.emulateMedia({ media: 'print' });
    await expect(p2.locator(`${fig} .wp-static`).isVisible()).resolves.toBe(true);
    await expect(p2.locator(`${fig} .wp-live`).isVisible()).resolves.toBe(false);
    await printing.close();
  });

  it('shows an in-figure error naming a missing model file, and the page stays whole', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, `${alone}?geo.model=linear`, async (p) => {
      await p.route('**/models/linear/weights.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
    });
    const error = page.locator(`${fig} .wp-error[role="alert"]`);
    await error.waitFor({ timeout: 30_000 });
    await expect(error.textContent()).resolves.toMatch(/models\/linear\/weights\.bin: HTTP 404/);
    // The rest of the figure still works.
    await page.locator(`#${idp}-d`).focus();
    await page.keyboard.press('Home');
    await page.waitForSelector(`${fig} .wp-hist-box[data-d="1"][data-contrast]`);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.failedRequests.every((r) => r.includes('weights.bin'))).toBe(true);
    await context.close();
  });
});
