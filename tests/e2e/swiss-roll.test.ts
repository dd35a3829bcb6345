// The Swiss roll figure in chapter 2, in Chromium (WebGL through SwiftShader): it draws, its controls
// and URL drive it, a link reproduces it, it unrolls, it announces distances chosen by keyboard, it
// falls back to the static picture without WebGL, and it gives its WebGL context back.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { launchChromium } from '../setup/browser.ts';
import { useChromium } from '../setup/chromium.ts';
import { builtFile, watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const chapter = `${siteUrl}feature-space/`;
const chromium = useChromium();

const stage = (page: Page) => page.locator('#fig-swiss-roll .sr-stage');

/** Opens chapter 2 with `query`, scrolls the figure into view and waits for its first frame. */
async function openFigure(context: BrowserContext, query = ''): Promise<{ page: Page; watch: PageWatch }> {
  const { page, watch } = await watchedPage(context, siteUrl);
  await page.goto(chapter + query);
  await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
  await page.waitForSelector('#fig-swiss-roll .sr-stage[data-state="live"]', { timeout: 20_000 });
  return { page, watch };
}

/**
 * Waits until the figure has drawn what it was asked for and has nothing left to draw (no sample
 * being built, no morph running, no change waiting for a frame): the scene says so on its stage.
 */
async function settle(page: Page, points?: number): Promise<void> {
  const count = points === undefined ? '' : `[data-points="${points}"]`;
  await page.waitForSelector(`#fig-swiss-roll .sr-stage[data-idle="true"][aria-busy="false"]${count}`, {
    timeout: 30_000,
  });
}

/** Records every unrolling stage the scene draws from now on (read with `drawnStages`). */
const recordStages = (page: Page) =>
  stage(page).evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { __stages: string[] }).__stages = seen;
    new MutationObserver(() => seen.push(el.dataset.alpha ?? '')).observe(el, { attributeFilter: ['data-alpha'] });
  });
const drawnStages = (page: Page) =>
  page.evaluate(() => (window as unknown as { __stages: string[] }).__stages.map(Number));

/**
 * Pixels of the drawing area that differ from its background, their bounding box, and a hash of the
 * drawing area's pixels (`inside`; the frame's border left out).
 */
async function ink(page: Page): Promise<{ count: number; width: number; height: number; inside: string }> {
  // Centred, so that the sticky page header does not cover part of it. In a chapter the blocks above may
  // be laid out only as the view reaches them, which can move the figure after the scroll: centre it
  // again until it stays where it is for two frames.
  await stage(page).evaluate(async (el) => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let tries = 0; tries < 20; tries++) {
      el.scrollIntoView({ block: 'center', behavior: 'instant' });
      const top = el.getBoundingClientRect().top;
      await frames();
      if (el.getBoundingClientRect().top === top) return;
    }
  });
  // A worker's frame reaches the screen on the compositor's schedule: take the picture once two in a row agree.
  let png = await stage(page).screenshot();
  for (let tries = 0; tries < 10; tries++) {
    const again = await stage(page).screenshot();
    if (again.equals(png)) break;
    png = again;
  }
  const result = await page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    // The background is the colour just inside the frame; the frame's own border (edges) is skipped.
    const o0 = 4 * (4 * width + 4);
    const bg = [data[o0]!, data[o0 + 1]!, data[o0 + 2]!];
    let count = 0,
      minX = width,
      maxX = 0,
      minY = height,
      maxY = 0,
      inside = 0x811c9dc5;
    for (let y = 3; y < height - 3; y++)
      for (let x = 3; x < width - 3; x++) {
        const o = 4 * (y * width + x);
        for (let c = 0; c < 3; c++) inside = Math.imul(inside ^ data[o + c]!, 0x01000193);
        if (Math.abs(data[o]! - bg[0]!) + Math.abs(data[o + 1]! - bg[1]!) + Math.abs(data[o + 2]! - bg[2]!) < 60)
          continue;
        count++;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    return { count, width: maxX - minX, height: maxY - minY, inside: (inside >>> 0).toString(16) };
  }, png.toString('base64'));
  return result;
}

const params = (page: Page) => new URL(page.url()).searchParams;
const clean = (watch: PageWatch) =>
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);

describe('the Swiss roll figure', () => {
  it('draws the roll, and the points slider changes the drawing and the URL', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context);
    await settle(page, 2000);
    const before = await ink(page);
    expect(before.count).toBeGreaterThan(4000); // 2,000 coloured dots
    await expect(page.locator('#fig-swiss-roll canvas').getAttribute('aria-label')).resolves.toMatch(
      /Swiss roll: 2,000 points without noise.*rolled up/,
    );
    await expect(page.locator('#fig-swiss-roll .sr-nojs').isVisible()).resolves.toBe(false);

    const slider = page.locator('#fig-swiss-roll-points');
    await slider.focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sr.n') === '100000');
    await settle(page, 100_000);
    const many = await ink(page);
    expect(many.count).toBeGreaterThan(before.count * 1.5);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sr.n') === '100');
    await settle(page, 100);
    const few = await ink(page);
    expect(few.count).toBeLessThan(before.count * 0.4); // bigger dots, but far fewer
    expect(few.count).toBeGreaterThan(100);
    await expect(page.locator('#fig-swiss-roll output').first().textContent()).resolves.toBe('100');
    clean(watch);
    await context.close();
  });

  it('reproduces the view a link describes, and turns and zooms by keyboard', async () => {
    const query = '?sr.n=5000&sr.noise=0.3&sr.unroll=1&sr.yaw=20&sr.pitch=-10&sr.zoom=1.5&sr.pair=10_20';
    // The drawing area of each opening: the same link draws the same picture. (Not the whole PNG: the
    // frame's rounded border was once a pixel off by one grey level between two openings.)
    const shots: string[] = [];
    for (let k = 0; k < 2; k++) {
      const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
      const { page, watch } = await openFigure(context, query);
      await page.waitForFunction(() =>
        /Points 10 and 20/.test(document.querySelector('#fig-swiss-roll .sr-announce')?.textContent ?? ''),
      );
      await settle(page, 5000);
      expect(await page.locator('#fig-swiss-roll-points').inputValue()).toBe('170'); // 100·10^1.7 ≈ 5,000
      expect(await page.locator('#fig-swiss-roll-noise').inputValue()).toBe('0.3');
      await expect(page.getByRole('button', { name: 'Unroll the sheet' }).getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      expect(await page.locator('#fig-swiss-roll-a').inputValue()).toBe('10');
      expect(await page.locator('#fig-swiss-roll-b').inputValue()).toBe('20');
      await expect(page.locator('#fig-swiss-roll canvas').getAttribute('aria-label')).resolves.toMatch(
        /5,000 points with noise.*flat sheet.*zoomed in 1.5 times.*Points 10 and 20 are marked/,
      );
      shots.push((await ink(page)).inside);
      if (k === 1) {
        // The link survives reading and writing: nothing was rewritten.
        expect(Object.fromEntries(params(page))).toEqual({
          'sr.n': '5000',
          'sr.noise': '0.3',
          'sr.unroll': '1',
          'sr.yaw': '20',
          'sr.pitch': '-10',
          'sr.zoom': '1.5',
          'sr.pair': '10_20',
        });
        await page.locator('#fig-swiss-roll canvas').focus();
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('+');
        // Each key writes the URL on its own, so wait for both writes, not just the first.
        await page.waitForFunction(() => {
          const search = new URL(location.href).searchParams;
          return search.get('sr.yaw') === '15' && search.get('sr.zoom') !== '1.5';
        });
        expect(Number(params(page).get('sr.zoom'))).toBeCloseTo(1.73, 2);
        await page.keyboard.press('0');
        await page.waitForFunction(() => !new URL(location.href).searchParams.has('sr.yaw'));
      }
      clean(watch);
      await context.close();
    }
    expect(shots[1]).toBe(shots[0]);
  });

  it('unrolls into a flat sheet and rolls back up', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 1200, height: 900 },
      reducedMotion: 'reduce',
    });
    const { page, watch } = await openFigure(context, '?sr.yaw=0&sr.pitch=0');
    await settle(page, 2000);
    const rolled = await ink(page);
    const button = page.getByRole('button', { name: 'Unroll the sheet' });
    await button.focus();
    await recordStages(page);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sr.unroll') === '1');
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-alpha="1.000"]');
    await settle(page);
    // Reduced motion: a jump to the flat sheet, no stage in between drawn.
    expect((await drawnStages(page)).filter((a) => a > 0 && a < 1)).toEqual([]);
    const flat = await ink(page);
    // Seen face on, the sheet is about four times as long as it is high; the roll is about round.
    expect(flat.width / flat.height).toBeGreaterThan(2.5);
    expect(rolled.width / rolled.height).toBeLessThan(1.6);
    await expect(page.locator('#fig-swiss-roll canvas').getAttribute('aria-label')).resolves.toMatch(
      /unrolled into a flat sheet/,
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('sr.unroll'));
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-alpha="0.000"]');
    await settle(page);
    expect((await ink(page)).width / rolled.width).toBeCloseTo(1, 1);
    clean(watch);
    await context.close();
  });

  it('animates the unrolling when motion is welcome', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 1200, height: 900 },
      reducedMotion: 'no-preference',
    });
    const { page, watch } = await openFigure(context);
    await settle(page, 2000);
    await recordStages(page);
    await page.getByRole('button', { name: 'Unroll the sheet' }).click();
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-alpha="1.000"]');
    await settle(page);
    // However few frames a loaded machine draws in the morph's 1.2 s, some show the sheet half unrolled.
    const stages = await drawnStages(page);
    expect(stages.some((a) => a > 0 && a < 1)).toBe(true);
    expect(stages.at(-1)).toBe(1);
    clean(watch);
    await context.close();
  });

  it('announces both distances for a pair chosen by keyboard', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context);
    const live = page.locator('#fig-swiss-roll .sr-announce');
    await page.getByRole('button', { name: 'Close in 3-D, far on the sheet' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => live.textContent())
      .toMatch(
        /^Points \d+ and \d+: \d+\.\d apart in a straight line through 3-D space, \d+\.\d along the sheet\. They are close in 3-D but far apart on the sheet/,
      );
    // The URL is written once the reader pauses, after the announcement: wait for it.
    await expect.poll(() => params(page).get('sr.pair') ?? '').toMatch(/^\d+_\d+$/);
    // Typed indices, with noise: the distance along the sheet becomes a neighbour-graph estimate.
    await page.locator('#fig-swiss-roll-noise').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('#fig-swiss-roll-a').fill('5');
    await page.keyboard.press('Tab');
    await page.locator('#fig-swiss-roll-b').fill('6');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => live.textContent())
      .toMatch(
        /^Points 5 and 6: \d+\.\d apart in a straight line through 3-D space, \d+\.\d along the sheet, estimated by the shortest path through a graph of nearest neighbours\./,
      );
    await expect.poll(() => params(page).get('sr.pair')).toBe('5_6');
    expect(params(page).get('sr.noise')).toBe('0.05');
    clean(watch);
    await context.close();
  });

  it('is accessible when live, with a pair picked (axe, light and dark mode)', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' });
    const { page, watch } = await openFigure(context, '?sr.pair=1236_1128');
    await expect.poll(() => page.locator('#fig-swiss-roll .sr-announce').textContent()).toMatch(/Points 1236 and 1128/);
    // A theme change redraws the scene in its colours: axe looks once it has settled.
    expect(await axeInBothThemes(page, '#fig-swiss-roll', (p) => settle(p, 2000))).toEqual([]);
    clean(watch);
    await context.close();
  });

  it('shows the static picture and says why when WebGL is missing, without console errors', async () => {
    // Chromium still gives a worker's OffscreenCanvas WebGL under --disable-webgl: without a GPU or a
    // software rasteriser (a blocklisted GPU), neither the page nor the paint worker has it.
    const noGl = await launchChromium('test', [
      '--disable-webgl',
      '--disable-3d-apis',
      '--disable-gpu',
      '--disable-software-rasterizer',
    ]);
    const context = await noGl.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await watchedPage(context, siteUrl);
    await page.goto(chapter);
    await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-state="no-webgl"]', { timeout: 20_000 });
    await expect(page.locator('#fig-swiss-roll .sr-static').isVisible()).resolves.toBe(true);
    await expect(page.locator('#fig-swiss-roll .sr-fallback').textContent()).resolves.toMatch(
      /not shown because this browser did not provide WebGL/,
    );
    await expect(page.locator('#fig-swiss-roll canvas').count()).resolves.toBe(0);
    await expect(page.locator('#fig-swiss-roll .sr-static path').count()).resolves.toBeGreaterThan(20);
    clean(watch);
    await noGl.close();
  });

  it('says which file failed when the 3-D view’s code does not download', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.route(/\/_astro\/scene\.[\w-]+\.js$/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(chapter);
    await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-state="error"]', { timeout: 20_000 });
    await expect(page.locator('#fig-swiss-roll .sr-fallback').textContent()).resolves.toMatch(
      /The 3-D view could not start: its code \(scene\.[\w-]+\.js\) did not download\..*reload the page to try again\. The picture above is a fixed view/,
    );
    await expect(page.locator('#fig-swiss-roll .sr-static').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('says so in the figure when the island’s own code does not download, instead of waiting forever', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.route(/\/_astro\/SwissRoll\.[\w-]+\.js(\?|$)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(chapter);
    await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    const note = page.locator('#fig-swiss-roll .widget-frame > .figure-failure');
    // Astro retries the import once, a second later, before it gives up.
    await note.waitFor({ timeout: 20_000 });
    await expect(note.textContent()).resolves.toMatch(
      /^The interactive figure could not start: its code \(SwissRoll\.[\w-]+\.js\) did not download\./,
    );
    await expect(note.getAttribute('role')).resolves.toBe('status');
    // Controls that could do nothing give way; the fixed picture stays.
    await expect(page.locator('#fig-swiss-roll .sr-controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('#fig-swiss-roll .sr-static').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('works without its worker, computing in the page, and says so', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await watchedPage(context, siteUrl);
    // Registered after the page's watch, so this route is asked first.
    await context.route(/\/_astro\/roll-worker[\w.-]*\.js$/, (route) => route.abort());
    await page.goto(`${chapter}?sr.noise=0.2&sr.pair=10_20`);
    await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    await settle(page, 2000);
    await expect
      .poll(() => page.locator('#fig-swiss-roll .sr-announce').textContent())
      .toMatch(/^Points 10 and 20: .* estimated by the shortest path through a graph of nearest neighbours/);
    await expect(page.locator('#fig-swiss-roll .sr-distances').textContent()).resolves.toMatch(
      /computed in the page: no worker could start/,
    );
    expect(watch.failedRequests.every((r) => /roll-worker/.test(r))).toBe(true);
    await context.close();
  });

  it('paints in a worker, so three.js never loads on the main thread; without that worker, paints in the page', async () => {
    /** Whether a served script carries three.js (its build marks itself with `__THREE__`). */
    const threeIn = (url: string) => readFileSync(builtFile(siteDir, siteUrl, url), 'utf8').includes('__THREE__');
    const scripts = (names: string[]) => names.filter((u) => /\.m?js(\?|$)/.test(u));
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context);
    await settle(page, 2000);
    await expect(stage(page).getAttribute('data-painter')).resolves.toBe('worker');
    expect((await ink(page)).count).toBeGreaterThan(4000);
    const painter = page.workers().find((w) => /paint-worker/.test(w.url()));
    expect(painter).toBeDefined();
    expect(threeIn(painter!.url())).toBe(true);
    // The page fetches its workers' own scripts too: those run elsewhere.
    const workers = new Set(page.workers().map((w) => w.url()));
    const onPage = scripts(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
    expect(onPage.filter((u) => !workers.has(u) && threeIn(u))).toEqual([]);
    clean(watch);
    await context.close();

    const noWorker = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    await noWorker.route(/\/_astro\/paint-worker[\w.-]*\.js$/, (route) => route.abort());
    const inPage = await noWorker.newPage();
    await inPage.goto(chapter);
    await inPage.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    await settle(inPage, 2000);
    await expect(stage(inPage).getAttribute('data-painter')).resolves.toBe('page');
    expect((await ink(inPage)).count).toBeGreaterThan(4000);
    await noWorker.close();
  });

  it('shows the static picture without JavaScript, and in print', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(chapter);
    await expect(page.locator('#fig-swiss-roll .sr-static').isVisible()).resolves.toBe(true);
    await expect(page.locator('#fig-swiss-roll .sr-nojs').isVisible()).resolves.toBe(true);
    await expect(page.locator('#fig-swiss-roll .sr-controls').isVisible()).resolves.toBe(false);
    await context.close();
    const printing = await chromium.browser.newContext();
    const { page: p2 } = await openFigure(printing);
    await p2.emulateMedia({ media: 'print' });
    await expect(p2.locator('#fig-swiss-roll .sr-static').isVisible()).resolves.toBe(true);
    await expect(p2.locator('#fig-swiss-roll .sr-stage').isVisible()).resolves.toBe(false);
    await expect(p2.locator('#fig-swiss-roll .sr-controls').isVisible()).resolves.toBe(false);
    await printing.close();
  });

  it('reserves its box: hydration does not move the text below it', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(chapter);
    // The whole chapter laid out now, not as the reader nears each block: only the figure may move.
    await page.evaluate(() => document.documentElement.classList.remove('defer-layout'));
    const caption = page.locator('#fig-swiss-roll figcaption');
    const before = await caption.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    await page.locator('#fig-swiss-roll').scrollIntoViewIfNeeded();
    await page.waitForSelector('#fig-swiss-roll .sr-stage[data-state="live"]');
    expect(await caption.evaluate((el) => el.getBoundingClientRect().top + scrollY)).toBeCloseTo(before, 0);
    await context.close();
  });

  // Painted by the worker, the context lives and dies with it; painted in the page (no worker could
  // start), the scene must force its loss. A page kept in the back/forward cache gives its context back
  // and makes a new one when shown again. Playwright's Chromium turns that cache off, so the test sends
  // the page the two events the browser would.
  it.each(['worker', 'page'])(
    'gives its WebGL context back (%s): hidden and shown again, it keeps exactly one',
    async (painter) => {
      const context = await chromium.browser.newContext({ viewport: { width: 1000, height: 800 } });
      if (painter === 'page') await context.route(/\/_astro\/paint-worker[\w.-]*\.js$/, (route) => route.abort());
      const warnings: string[] = [];
      await context.addInitScript(() => {
        const w = window as unknown as { __gl: { made: number; lost: number } };
        w.__gl = { made: 0, lost: 0 };
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
          const ctx = (original as (...a: unknown[]) => unknown).call(this, kind, ...rest);
          if (ctx && /webgl/.test(kind) && !this.dataset.counted) {
            this.dataset.counted = '1';
            w.__gl.made++;
            this.addEventListener('webglcontextlost', () => w.__gl.lost++);
          }
          return ctx;
        } as typeof original;
      });
      const page = await context.newPage();
      let paintWorkers = 0;
      page.on('worker', (worker) => {
        if (!/paint-worker/.test(worker.url())) return;
        paintWorkers++;
        worker.on('close', () => paintWorkers--);
      });
      page.on('console', (m) => {
        if (/webgl/i.test(m.text()) && /too many|oldest context/i.test(m.text())) warnings.push(m.text());
      });
      // A context lost by forceContextLoss() says so in an event that comes after it, not in it.
      const live = async () =>
        paintWorkers +
        (await page.evaluate(() => {
          const gl = (window as unknown as { __gl: { made: number; lost: number } }).__gl;
          return gl.made - gl.lost;
        }));
      const shown = `#fig-swiss-roll .sr-stage[data-painter="${painter}"][data-frames]`;
      await page.goto(`${chapter}#fig-swiss-roll`);
      for (let k = 0; k < 3; k++) {
        await page.waitForSelector(shown, { timeout: 20_000 });
        await expect.poll(live).toBe(1);
        await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
        await page.waitForSelector(shown, { state: 'detached' });
        await expect.poll(live).toBe(0);
        await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
      }
      await page.waitForSelector(shown, { timeout: 20_000 });
      await expect.poll(live).toBe(1);
      expect(warnings).toEqual([]);
      await context.close();
    },
  );
});
