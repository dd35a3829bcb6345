// The pixel-vs-feature figure in chapter 2, in Chromium: a 20° rotation moves a digit far in pixels
// and little in features (as the figure prints it), the nearest-neighbour accuracies appear and
// differ between the spaces, a drawn stroke is classified (mouse and keyboard), a link reproduces the
// figure, the opening state shows the build's numbers before the model worker answers (and the same
// after), no tensor is left in the worker after twenty transform changes, and a missing model file
// gives an in-figure error without an uncaught exception.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { drawOne } from '../setup/draw.ts';
import { watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const chapter = `${siteUrl}feature-space/`;
const fig = '#fig-pixel-feature';
const chromium = useChromium();

async function openFigure(
  context: BrowserContext,
  query = '',
  ready = true,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; watch: PageWatch }> {
  const { page, watch } = await watchedPage(context, siteUrl);
  await before?.(page);
  await page.goto(chapter + query);
  await page.locator(fig).scrollIntoViewIfNeeded();
  if (ready)
    await page.waitForSelector(`${fig} .pf[data-state="ready"] .pf-results[data-copy-pixel]`, { timeout: 45_000 });
  return { page, watch };
}

/** The distances as the bars print them: "7.62 · 4th pct". */
async function printed(
  page: Page,
): Promise<{ copy: { pixel: number; feature: number }; look: { pixel: number; feature: number } }> {
  const nums = await page.locator(`${fig} .bars .bar text.num`).allTextContents();
  const v = nums.map((t) => Number(t.split('·')[0]!.trim()));
  expect(v).toHaveLength(4);
  return { copy: { pixel: v[0]!, feature: v[1]! }, look: { pixel: v[2]!, feature: v[3]! } };
}

const nnValues = async (page: Page) => {
  await page.waitForSelector(`${fig} .pf-nn[data-pixel][data-feature]`, { timeout: 30_000 });
  const [pixel, feature] = await page.locator(`${fig} .pf-nn-value`).allTextContents();
  return { pixel: Number(pixel!.replace('%', '')), feature: Number(feature!.replace('%', '')) };
};
const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
const example = JSON.parse(readFileSync('src/widgets/pixel-feature/static-example.json', 'utf8')) as {
  distances: { copy: { pixel: number; feature: number }; lookalike: { pixel: number; feature: number } };
  nearestNeighbour: { transformed: { pixel: number; feature: number }; unchanged: { pixel: number; feature: number } };
};
const clean = (watch: PageWatch) =>
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);

describe('the pixel-vs-feature figure', () => {
  it('a rotation the model never saw moves the digit far in pixels and little in features; a taught shift more so', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context);
    expect(await page.locator(`${fig}-pf-rot`).inputValue()).toBe('20'); // the default: the static example's rotation
    expect(await page.locator(`${fig}-pf-dx`).inputValue()).toBe('0');
    const rotated = await printed(page);
    const nnRotated = await nnValues(page);

    // The "taught or not" table applies the trained-on shift to the copy.
    const shiftRow = page.locator(`${fig} .pf-compare tr[data-trained]`);
    await shiftRow.getByRole('button').click();
    await page.waitForFunction(() => {
      const p = new URL(location.href).searchParams;
      return p.get('pf.dx') === '2' && p.get('pf.rot') === '0';
    });
    await expect.poll(() => shiftRow.getAttribute('aria-current')).toBe('true');
    await page.waitForSelector(`${fig} .pf-nn[data-source="live"]:not([data-running])`, { timeout: 30_000 });
    const nnShifted = await nnValues(page);

    const shift = page.locator(`${fig}-pf-dx`);
    await shift.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('pf.dx') === null);
    await page.waitForFunction(
      (f) => document.querySelector(`${f} .bars .bar text.num`)?.textContent?.startsWith('0.00'),
      fig,
    );
    const same = await printed(page);
    expect(same.copy).toEqual({ pixel: 0, feature: 0 });
    expect(same.look).toEqual(rotated.look); // the look-alike depends on the anchor only
    const nnSame = await nnValues(page);

    // Rotated 20° the copy is farther in pixels than a digit of another class, and well under half as
    // far in features.
    expect(rotated.copy.pixel).toBeGreaterThan(rotated.look.pixel);
    expect(rotated.copy.feature).toBeLessThan(rotated.look.feature / 2.5);
    const text = await page.locator(`${fig} .pf-verdict`).textContent();
    expect(text).toMatch(/Copy: 0\.0 pct in pixels, 0\.0 pct in features/);

    // Accuracies: feature space ahead under the rotation, which costs pixels more; the trained-on
    // shift opens a still wider gap.
    expect(nnRotated.feature - nnRotated.pixel).toBeGreaterThan(10);
    expect(nnSame.pixel - nnRotated.pixel).toBeGreaterThan(10);
    expect(nnSame.feature - nnRotated.feature).toBeLessThan(8);
    expect(nnShifted.feature - nnShifted.pixel).toBeGreaterThan(nnRotated.feature - nnRotated.pixel);
    // The announcement follows 500 ms after the last change: wait for the new one.
    await expect
      .poll(() => page.locator(`${fig} .pf-announce`).textContent())
      .toMatch(
        /its copy \(unchanged\): pixel distance 0\.00.*Nearest-neighbour accuracy with every query digit unchanged: \d+\.\d% in pixel space, \d+\.\d% in feature space/,
      );
    console.log(
      `rotation 20°: copy pixel ${rotated.copy.pixel}, feature ${rotated.copy.feature}; look-alike pixel ${rotated.look.pixel}, feature ${rotated.look.feature}; NN ${nnRotated.pixel}% vs ${nnRotated.feature}% (shift 2 px ${nnShifted.pixel}% vs ${nnShifted.feature}%; unchanged ${nnSame.pixel}% vs ${nnSame.feature}%)`,
    );
    clean(watch);
    await context.close();
  });

  it.each([1200, 360])(
    'keeps its table of accuracies still at %i px while the transform changes and a run starts and ends',
    async (width) => {
      const context = await chromium.browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600 });
      const { page, watch } = await openFigure(context);
      await page.waitForSelector(`${fig} .pf-nn[data-baseline-checked]:not([data-running])`, { timeout: 60_000 });
      // Every frame from now on: where the comparison table sits in the accuracies' box, and its height.
      await page.evaluate((fig) => {
        const w = window as unknown as { tableAt: Set<string>; runningFrames: number };
        w.tableAt = new Set();
        w.runningFrames = 0;
        const frame = () => {
          const box = document.querySelector(`${fig} .pf-nn`)!;
          const table = box.querySelector('.pf-compare')!.getBoundingClientRect();
          w.tableAt.add(`${Math.round(table.top - box.getBoundingClientRect().top)} ${Math.round(table.height)}`);
          if (box.hasAttribute('data-running')) w.runningFrames++;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }, fig);
      // From 20°, a row of the table (shown in bold), to 21°, which no row has: a run under the new transform.
      await page.locator(`${fig}-pf-rot`).focus();
      await page.keyboard.press('ArrowRight');
      const seen = () =>
        page.evaluate(() => {
          const w = window as unknown as { tableAt: Set<string>; runningFrames: number };
          return { tableAt: [...w.tableAt], runningFrames: w.runningFrames };
        });
      await expect.poll(async () => (await seen()).runningFrames).toBeGreaterThan(0);
      await page.waitForSelector(`${fig} .pf-nn[data-source="live"][data-pixel]:not([data-running])`, {
        timeout: 30_000,
      });
      expect((await seen()).tableAt).toHaveLength(1);
      clean(watch);
      await context.close();
    },
  );

  it("shows the build's numbers before the model worker has answered, and the same once it has", async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    const { page, watch } = await openFigure(context, '', false, async (p) => {
      await p.route('**/models/cnn/weights.bin', async (route) => {
        await held;
        await route.continue();
      });
    });
    const results = page.locator(`${fig} .pf-results`);
    const nn = page.locator(`${fig} .pf-nn`);
    await page.waitForSelector(`${fig} .pf-results[data-source="build"][data-copy-pixel]`, { timeout: 30_000 });
    await page.waitForSelector(`${fig} .pf-nn[data-source="build"][data-running]`);
    const read = async () => ({
      bars: await page.locator(`${fig} .bars .bar text.num`).allTextContents(),
      verdict: await page.locator(`${fig} .pf-verdict`).textContent(),
      predictions: await Promise.all(['anchor', 'copy', 'look'].map((k) => results.getAttribute(`data-pred-${k}`))),
      nn: await page.locator(`${fig} .pf-nn-value`).allTextContents(),
      baseline: await page.locator(`${fig} .pf-nn-base`).allTextContents(),
    });
    const before = await read();
    expect(Number(await results.getAttribute('data-copy-pixel'))).toBe(example.distances.copy.pixel);
    expect(Number(await results.getAttribute('data-look-feature'))).toBe(example.distances.lookalike.feature);
    expect(Number(await nn.getAttribute('data-feature'))).toBe(example.nearestNeighbour.transformed.feature);
    expect(before.bars).toHaveLength(4);
    expect(before.nn.every((v) => /%$/.test(v))).toBe(true);
    expect(before.baseline.every((v) => v.startsWith('unchanged: '))).toBe(true);
    expect(await results.getAttribute('data-confirmed')).toBeNull(); // nothing has come from the worker
    release();
    // The worker's answers: the analysis confirmed, both accuracy runs over; the build's numbers stay.
    await page.waitForSelector(`${fig} .pf-results[data-confirmed], ${fig} .pf-results[data-source="live"]`, {
      timeout: 60_000,
    });
    await page.waitForSelector(`${fig} .pf-nn[data-baseline-checked]:not([data-running])`, { timeout: 60_000 });
    expect(await results.getAttribute('data-source')).toBe('build');
    expect(await nn.getAttribute('data-source')).toBe('build');
    expect(await read()).toEqual(before);
    clean(watch);
    await context.close();
  });

  // Two readers' pages, each preparing the figure in its own worker: longer than one page's test.
  it('classifies a stroke drawn with the mouse, and one drawn with the keyboard', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context);
    await page.getByLabel('Use my own drawing as the anchor').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('pf.drawn') === '1');
    const pad = page.locator(`${fig}-pf-pad`);
    await drawOne(page, pad);
    const results = page.locator(`${fig} .pf-results`);
    await page.waitForFunction(
      (f) => document.querySelector(`${f} .pf-results`)?.getAttribute('data-anchor') === 'drawn',
      fig,
    );
    expect(await results.getAttribute('data-pred-anchor')).toBe('1');
    await expect(page.locator(`${fig} [data-testid="anchor"] figcaption`).textContent()).resolves.toMatch(
      /your drawing.*model: 1/,
    );
    // The copy of the drawing is analysed as well; the look-alike is a held-out digit of another class.
    expect(Number(await results.getAttribute('data-copy-pixel'))).toBeGreaterThan(0);
    expect(await results.getAttribute('data-pred-look')).not.toBe('1');

    // Keyboard: clear, then a horizontal bar on top and a stroke down: a "7".
    await pad.focus();
    await page.keyboard.press('Delete');
    await page.waitForFunction(
      (f) => document.querySelector(`${f} .pf-results`)?.getAttribute('data-anchor') !== 'drawn',
      fig,
    );
    for (let k = 0; k < 8; k++) await page.keyboard.press('ArrowUp');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
    for (let k = 0; k < 16; k++) {
      await page.keyboard.press('ArrowDown');
      if (k % 3 === 0) await page.keyboard.press('ArrowLeft');
    }
    await page.keyboard.press('Space');
    await page.waitForFunction(
      (f) => document.querySelector(`${f} .pf-results`)?.getAttribute('data-anchor') === 'drawn',
      fig,
    );
    expect(await results.getAttribute('data-pred-anchor')).toBe('7');

    // The drawing travels in the link: another reader opening it sees the same analysis.
    await page.waitForFunction(() => /^1[B-Za-z0-9_-]+$/.test(new URL(location.href).searchParams.get('pf.ink') ?? ''));
    // That may be a part of the stroke sent while drawing: the whole one is in the address once it is
    // asked for, as the page's own copy-link buttons ask (src/runtime/address-writes.ts).
    const shared = await page.evaluate(() => {
      dispatchEvent(new Event('aside:read-address'));
      return location.href;
    });
    const before = {
      copy: await results.getAttribute('data-copy-feature'),
      look: await results.getAttribute('data-look-pixel'),
    };
    const other = await context.newPage();
    await other.goto(shared);
    const otherResults = other.locator(`${fig} .pf-results`);
    await other.locator(fig).scrollIntoViewIfNeeded();
    await other.waitForFunction(
      (f) => document.querySelector(`${f} .pf-results`)?.getAttribute('data-anchor') === 'drawn',
      fig,
      { timeout: 30_000 },
    );
    expect(await otherResults.getAttribute('data-pred-anchor')).toBe('7');
    expect({
      copy: await otherResults.getAttribute('data-copy-feature'),
      look: await otherResults.getAttribute('data-look-pixel'),
    }).toEqual(before);
    await other.close();

    // Accessible when live, drawing pad open, in both colour schemes.
    // The figure re-reads its class colours (the legend's) on the next animation frame: wait for them.
    const legendThemed = (p: Page) =>
      p.waitForFunction(
        (f) =>
          [...document.querySelectorAll<HTMLElement>(`${f} .pf-legend .cls`)].every((el, k) => {
            const probe = document.createElement('span');
            probe.style.color = `var(--pf-c${k})`;
            el.after(probe);
            const want = getComputedStyle(probe).color;
            probe.remove();
            return getComputedStyle(el).color === want;
          }),
        fig,
      );
    expect(await axeInBothThemes(page, fig, legendThemed)).toEqual([]);
    clean(watch);
    await context.close();
  }, 240_000);

  // Two readers' pages, each preparing the figure in its own worker: longer than one page's test.
  it('draws its maps as they near the view, not while the page loads', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 412, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${siteUrl}figures/fig-pixel-feature/`);
    await page.locator('.pf[data-state="ready"] .pf-results[data-copy-pixel]').waitFor({ timeout: 45_000 });
    const map = page.locator('[data-testid="map-feature"]');
    // Ready, below the first screen, and not drawn.
    expect(await map.evaluate((m) => m.getBoundingClientRect().top > 1.5 * innerHeight)).toBe(true);
    expect(await map.getAttribute('data-drawn')).toBe('false');
    await map.scrollIntoViewIfNeeded();
    await expect.poll(() => map.getAttribute('data-drawn')).toBe('true');
    // Drawn: its canvas holds ink (the labels), not only the blank it started as.
    const inked = await map.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);
    await context.close();
  });

  it('reproduces the figure a link describes, with bad values clamped', async () => {
    const query = '?pf.a=10&pf.dx=-3&pf.dy=1&pf.rot=15&pf.noise=0.1&pf.seed=5&pf.contrast=9&pf.bright=oops';
    const runs: {
      distances: Awaited<ReturnType<typeof printed>>;
      preds: (string | null)[];
      nn: { pixel: number; feature: number };
    }[] = [];
    for (let k = 0; k < 2; k++) {
      const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
      const { page, watch } = await openFigure(context, query);
      expect(await page.locator(`${fig}-pf-anchor`).inputValue()).toBe('10');
      expect(await page.locator(`${fig}-pf-dx`).inputValue()).toBe('-3');
      expect(await page.locator(`${fig}-pf-dy`).inputValue()).toBe('1');
      expect(await page.locator(`${fig}-pf-rot`).inputValue()).toBe('15');
      expect(await page.locator(`${fig}-pf-noise`).inputValue()).toBe('0.1');
      expect(await page.locator(`${fig}-pf-contrast`).inputValue()).toBe('2'); // clamped
      expect(await page.locator(`${fig}-pf-bright`).inputValue()).toBe('0'); // ignored
      const results = page.locator(`${fig} .pf-results`);
      runs.push({
        distances: await printed(page),
        preds: [
          await results.getAttribute('data-pred-anchor'),
          await results.getAttribute('data-pred-copy'),
          await results.getAttribute('data-pred-look'),
        ],
        nn: await nnValues(page),
      });
      await page.waitForFunction(() => new URL(location.href).searchParams.get('pf.contrast') === '2');
      expect(params(page)).toEqual({
        'pf.a': '10',
        'pf.dx': '-3',
        'pf.dy': '1',
        'pf.rot': '15',
        'pf.noise': '0.1',
        'pf.seed': '5',
        'pf.contrast': '2',
      });
      clean(watch);
      await context.close();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]!.distances.copy.pixel).toBeGreaterThan(0);
  }, 240_000);

  it('leaves no tensor behind in the worker after twenty transform changes', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page, watch } = await openFigure(context, '?pf.debug=1');
    await nnValues(page);
    // The maps' session, and the baseline run ("unchanged: …") that follows it, are done before counting.
    await page.waitForSelector(`${fig} .pf-nn[data-baseline-checked]`, { timeout: 60_000 });
    const numTensors = () =>
      page.evaluate(() =>
        (window as unknown as { __pixelFeature: { numTensors(): Promise<number> } }).__pixelFeature.numTensors(),
      );
    const result = await page.evaluate(async () => {
      const hook = (
        window as unknown as {
          __pixelFeature: {
            numTensors(): Promise<number>;
            analyse(t: object): Promise<unknown>;
            nnAccuracy(t: object): Promise<unknown>;
          };
        }
      ).__pixelFeature;
      const before = await hook.numTensors();
      for (let i = 0; i < 20; i++)
        await hook.analyse({
          dx: (i % 9) - 4,
          dy: ((i * 7) % 9) - 4,
          rotate: (i % 61) - 30,
          brightness: ((i % 5) - 2) / 10,
          contrast: 0.5 + (i % 4) / 4,
          noise: (i % 3) / 10,
          seed: i + 1,
        });
      for (let i = 0; i < 3; i++) await hook.nnAccuracy({ dx: i + 1, rotate: 5 * i });
      return { before, after: await hook.numTensors() };
    });
    expect(result.before).toBeGreaterThan(0);
    expect(result.after).toBe(result.before);
    // And through the controls: 20 slider moves, with the runs they start and cancel.
    const rot = page.locator(`${fig}-pf-rot`);
    await rot.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press(i < 10 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('pf.rot') === null);
    await nnValues(page);
    // The last recomputation may still be finishing on a slow machine; a leak never comes back down.
    await expect.poll(numTensors).toBe(result.before);
    clean(watch);
    await context.close();
  });

  it('shows the static example without JavaScript, and in print', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(chapter);
    await expect(page.locator(`${fig} .pf-static img`).count()).resolves.toBe(3);
    await expect(page.locator(`${fig} .pf-static`).isVisible()).resolves.toBe(true);
    await expect(page.locator(`${fig} .pf-static-bars title`).textContent()).resolves.toMatch(
      /transformed copy: pixel distance \d+\.\d+ \(percentile [\d.]+\), feature distance/,
    );
    // The "taught or not" comparison, static: the trained-on shift and the untrained transforms.
    const rows = await page.locator(`${fig} .pf-static-compare tbody tr`).allTextContents();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^shift 2 px right \(in training\) ?\d+\.\d% ?\d+\.\d%$/),
      expect.stringMatching(/^rotation 20° \(never in training\)/),
      expect.stringMatching(/^contrast ×0\.5 \(never in training\)/),
    ]);
    await expect(page.locator(`${fig} .pf-static-text`).textContent()).resolves.toMatch(
      /\d+\.\d% in pixel space, \d+\.\d% in feature space/,
    );
    await context.close();

    const printing = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const { page: p2 } = await openFigure(printing);
    await p2.emulateMedia({ media: 'print' });
    await expect(p2.locator(`${fig} .pf-static`).isVisible()).resolves.toBe(true);
    await expect(p2.locator(`${fig} .pf-live`).isVisible()).resolves.toBe(false);
    await printing.close();
  });

  it('shows an in-figure error when the model is missing, and the page stays whole', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1200, height: 900 } });
    // A page route, so that it takes precedence over the watcher's catch-all context route.
    const { page, watch } = await openFigure(context, '', false, async (p) => {
      await p.route('**/models/cnn/weights.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
    });
    const error = page.locator(`${fig} .pf-error[role="alert"]`);
    await error.waitFor({ timeout: 30_000 });
    await expect(error.textContent()).resolves.toMatch(/could not start: .*models\/cnn\/weights\.bin: HTTP 404/);
    // The static example is still there, and so is the rest of the chapter.
    await expect(page.locator(`${fig} .pf-static img`).count()).resolves.toBe(3);
    await expect(page.locator(`${fig} .pf-static`).isVisible()).resolves.toBe(true);
    await expect(page.locator('#fig-swiss-roll').count()).resolves.toBe(1);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.failedRequests.every((r) => r.includes('weights.bin'))).toBe(true);
    await context.close();
  });
});
