// Figure 3.x "Inside and outside the data" in Chromium, in chapter 3 and on its own page: both rows of
// frames come from the model worker with the classifier's answers and the distances to the nearest
// real digit; moving t moves the highlighted frame and the sentence; over several pairs the latent walk
// stays nearer the data than the cross-fade (measured in the page); a new range refits the five
// networks, which agree inside it and part outside; a link reproduces the state and bad values are
// clamped or dropped; no tensor is left in the worker after fifty changes; axe passes in both themes;
// without JavaScript the build's version shows; a missing file is named inside the figure.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { inkedDigits } from '../setup/ink.ts';
import { watchedFigure, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const chapter = `${siteUrl}interpolation-extrapolation/`;
const alone = `${siteUrl}figures/fig-inside-outside/`;
const fig = '#fig-inside-outside';
const chromium = useChromium();
const example = JSON.parse(readFileSync('src/widgets/inside-outside/static-example.json', 'utf8')) as {
  pair: { a: number; b: number };
  fit: { members: number };
};

async function open(
  context: BrowserContext,
  url = chapter,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; watch: PageWatch }> {
  return watchedFigure(context, siteUrl, url, fig, before);
}

/** Waits until both parts show settled answers (for the given attributes, if any). */
async function settled(page: Page, rows: Record<string, string> = {}, fit: Record<string, string> = {}) {
  const attrs = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `[data-${k}="${v}"]`)
      .join('');
  await page.locator(`${fig} .rows[aria-busy="false"]${attrs(rows)}`).waitFor({ timeout: 60_000 });
  await page.locator(`${fig} .fit[aria-busy="false"]${attrs(fit)}`).waitFor({ timeout: 60_000 });
}

const rowMeans = async (page: Page) =>
  (await page.locator(`${fig} .row-mean strong`).allTextContents()).map(Number) as [number, number];

const clean = (watch: PageWatch) => {
  expect(watch.pageErrors).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.externalRequests).toEqual([]);
};

describe('inside and outside the data', () => {
  it('runs in chapter 3 and on its own page: two rows of seven frames, five fits', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const url of [chapter, alone]) {
      const { page, watch } = await open(context, url);
      await settled(page, { a: String(example.pair.a), b: String(example.pair.b) });
      await expect(page.locator(`${fig} .rows img`).count()).resolves.toBe(14);
      // Each frame shows ink (painted one a task).
      await inkedDigits(page.locator(`${fig} .rows img`), 14, 10);
      await expect(page.locator(`${fig} .rows li[aria-current="true"]`).count()).resolves.toBe(2);
      await expect(page.locator(`${fig} .fit path.member`).count()).resolves.toBe(example.fit.members);
      await expect(page.locator(`${fig} .io-static`).count()).resolves.toBe(0);
      clean(watch);
      await page.close();
    }
    await context.close();
  });

  it('moves the highlighted frame and its numbers with t, and keeps t in the link', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await settled(page, { frame: '3' });
    const live = page.locator(`${fig} .rows + .sentence`);
    const before = await live.textContent();
    expect(before).toMatch(/^Frame 4 of 7, t = 0\.50\./);
    await page.locator(`#fig-inside-outside-t`).focus();
    await page.keyboard.press('ArrowRight');
    await settled(page, { frame: '4' });
    await expect.poll(() => live.textContent()).toMatch(/^Frame 5 of 7, t = 0\.67\./);
    expect(await live.textContent()).not.toBe(before);
    await expect.poll(() => new URL(page.url()).searchParams.get('io.t')).toBe('0.67');
    clean(watch);
    await context.close();
  });

  it('keeps the latent walk nearer the real digits than the cross-fade, over several pairs', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await settled(page);
    let fadeSum = 0;
    let latentSum = 0;
    const pairs = new Set<string>();
    const pairInUrl = () => {
      const params = new URL(page.url()).searchParams;
      return { a: params.get('io.a') ?? '0', b: params.get('io.b') ?? '7' };
    };
    for (let i = 0; i < 6; i++) {
      if (i > 0) {
        const previous = JSON.stringify(pairInUrl());
        await page.getByRole('button', { name: 'Random pair' }).click();
        await expect.poll(() => JSON.stringify(pairInUrl())).not.toBe(previous);
      }
      const { a, b } = pairInUrl();
      pairs.add(`${a}-${b}`);
      await settled(page, { a, b });
      const [fade, latent] = await rowMeans(page);
      fadeSum += fade;
      latentSum += latent;
    }
    expect(pairs.size).toBe(6);
    expect(latentSum).toBeLessThan(fadeSum);
    clean(watch);
    await context.close();
  });

  it('refits on a new range: the fits agree inside it and part ways outside', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await settled(page, {}, { lo: '-1', hi: '1' });
    await page.locator('#fig-inside-outside-hi').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await settled(page, {}, { lo: '-1', hi: '1.5' });
    const fit = page.locator(`${fig} .fit`);
    const inside = Number(await fit.getAttribute('data-spread-inside'));
    const outside = Number(await fit.getAttribute('data-spread-outside'));
    expect(outside).toBeGreaterThan(5 * inside);
    await expect(page.locator(`${fig} .fit .sentence`).textContent()).resolves.toMatch(
      /^Trained on x from −1\.0 to 1\.5\./,
    );
    await expect.poll(() => new URL(page.url()).searchParams.get('io.hi')).toBe('1.5');
    clean(watch);
    await context.close();
  });

  it('opens a link in its state, clamps what is out of range and drops what it cannot read', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context, `${alone}?io.a=12&io.b=345&io.t=0.83&io.f=cubic&io.lo=0.5&io.hi=2.5`);
    await settled(page, { a: '12', b: '345', frame: '5' }, { lo: '0.5', hi: '2.5' });
    await expect(page.getByRole('radio', { name: 'x³/6 − x/2' }).isChecked()).resolves.toBe(true);
    const bad = await open(context, `${alone}?io.a=99999&io.f=tan&io.lo=abc`);
    await settled(bad.page, { a: '799' }, { lo: '-1' });
    await expect.poll(() => Object.fromEntries(new URL(bad.page.url()).searchParams)).toEqual({ 'io.a': '799' });
    clean(watch);
    clean(bad.watch);
    await context.close();
  });

  it('leaves no tensor behind in the worker after fifty changes', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context, `${chapter}?io.debug=1`);
    await settled(page);
    const count = () =>
      page.evaluate(() =>
        (window as unknown as { __insideOutside: Record<string, { numTensors(): Promise<number> }> }).__insideOutside[
          'fig-inside-outside'
        ]!.numTensors(),
      );
    const before = await count();
    expect(before).toBeGreaterThan(0); // the decoder's and the classifier's weights
    await page.locator('#fig-inside-outside-a').focus();
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowUp');
    await page.locator('#fig-inside-outside-lo').focus();
    for (let i = 0; i < 25; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await settled(page, { a: '25' }, { lo: '-0.9' });
    await expect.poll(count).toBe(before);
    expect(page.workers()).toHaveLength(1);
    clean(watch);
    await context.close();
  }, 180_000);

  it('is accessible in both colour schemes', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await settled(page);
    expect(await axeInBothThemes(page, fig)).toEqual([]);
    clean(watch);
    await context.close();
  });

  it('shows the build-time version without JavaScript, in the chapter and alone', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const url of [chapter, alone]) {
      await page.goto(url);
      await expect(page.locator(`${fig} .io-static-row img`).count()).resolves.toBe(2);
      await expect(page.locator(`${fig} .io-static-row img`).first().isVisible()).resolves.toBe(true);
      await expect(page.locator(`${fig} .fit-plot path.member`).count()).resolves.toBe(example.fit.members);
      await expect(page.locator(`${fig} .io-static-fit`).textContent()).resolves.toMatch(/^Trained on x from −1\.0/);
      await expect(page.locator(`${fig} input`).count()).resolves.toBe(0);
    }
    await context.close();
  });

  it('names a missing file inside the figure, and the other part still works', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A page route, so that it takes precedence over the watcher's catch-all context route.
    const { page, watch } = await open(context, chapter, async (p) => {
      await p.route('**/models/vae/latent.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    });
    const alert = page.locator(`${fig} [role="alert"]`);
    await alert.waitFor({ timeout: 60_000 });
    await expect(alert.textContent()).resolves.toMatch(
      /^The VAE’s latent codes, models\/vae\/latent\.json, could not be loaded: HTTP 404/,
    );
    await page.locator(`${fig} .fit[aria-busy="false"]`).waitFor({ timeout: 60_000 });
    expect(watch.pageErrors).toEqual([]);
    await context.close();
  });
});
