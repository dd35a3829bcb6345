// Interactive figures on pages of their own (src/pages/figures/): every interactive figure in a
// chapter links to its page, the link carries the figure's state, and the page links back to the
// figure in its chapter with the same state. The figures that run a model do it in the page's model
// worker: no TensorFlow.js on the main thread, and without workers they still work, and say so.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { COMPILE_HINT } from '../../src/build/compile-hint.ts';
import { useChromium } from '../setup/chromium.ts';
import { builtFile, holdRequests, watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const FIGURES = [
  { id: 'fig-swiss-roll', chapter: 'feature-space' },
  { id: 'fig-pixel-feature', chapter: 'feature-space' },
  { id: 'fig-attack-lab', chapter: 'adversarial-examples' },
  { id: 'fig-attack-lab-robust', chapter: 'adversarial-training' },
  { id: 'fig-shift-lab', chapter: 'distribution-shift' },
  { id: 'fig-sampling', chapter: 'generation' },
  { id: 'fig-latent-plane', chapter: 'generation' },
  { id: 'fig-three-kinds', chapter: 'adversarial-examples' },
  { id: 'fig-eval-panel', chapter: 'adversarial-training' },
  { id: 'fig-where-points', chapter: 'high-dimensional-distributions' },
  { id: 'fig-inside-outside', chapter: 'interpolation-extrapolation' },
];

const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

/** Records the page's layout shifts a reader would see (0.002 or more, not after input) from its start. */
const watchShifts = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { shifts: string[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Element }[];
      }[])
        // A line of text settling far down (0.0005) is not a jump the reader sees.
        if (!e.hadRecentInput && e.value >= 0.002)
          w.shifts.push(`${e.value.toFixed(3)} ${e.sources.map((s) => s.node?.className ?? '?').join(', ')}`);
    }).observe({ type: 'layout-shift', buffered: true });
  });
const shiftsSoFar = (page: Page) => page.evaluate(() => (window as unknown as { shifts: string[] }).shifts);

describe('interactive figures alone', () => {
  for (const { id, chapter } of FIGURES) {
    it(`${id}: the chapter links to it, and it links back`, async () => {
      const { page, watch } = await watchedPage(chromium.context, siteUrl);
      // Links only: the figure's model need not start.
      const heavy = await holdRequests(page);
      await page.goto(`${siteUrl}${chapter}/`);
      const link = page.locator(`#${id} a.alone-link`);
      expect(await link.getAttribute('href')).toBe(new URL(`figures/${id}/`, siteUrl).pathname);
      await page.goto(`${siteUrl}figures/${id}/`);
      expect(await page.locator(`main #${id}.figure`).count()).toBe(1);
      // No link to itself on its own page, and a way back to the chapter.
      expect(await page.locator('a.alone-link').count()).toBe(0);
      const back = page.locator('.figure-alone-context a');
      expect(await back.getAttribute('href')).toBe(`${new URL(`${chapter}/`, siteUrl).pathname}#${id}`);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      await heavy.release();
      await page.close();
    });
  }

  it('carries the state both ways: chapter → figure alone → chapter', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}adversarial-examples/?lab.eps=0.3&lab.digit=7`);
    await page.locator('#fig-attack-lab a.alone-link').click();
    await page.waitForURL(/\/figures\/fig-attack-lab\/\?/);
    expect(new URL(page.url()).searchParams.get('lab.eps')).toBe('0.3');
    const result = page.locator('#fig-attack-lab .result[aria-busy="false"][data-eps="0.3"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-digit')).toBe('7');
    // A change made on the page alone goes back with the reader.
    await page.locator('#fig-attack-lab input[type=radio][value=pgd]').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lab.attack') === 'pgd');
    await page.locator('.figure-alone-context a').click();
    await page.waitForURL(/\/adversarial-examples\/\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('lab.attack')).toBe('pgd');
    expect(url.searchParams.get('lab.eps')).toBe('0.3');
    expect(url.hash).toBe('#fig-attack-lab');
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('holds still on a phone while its tools and figure go live (the latent plane)', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 412, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await watchShifts(page);
    await page.goto(`${siteUrl}figures/fig-latent-plane/`);
    // Live: the tools shown and the decoder's first picture drawn.
    await page.locator('[data-copy-embed]:not([hidden])').waitFor();
    await page.locator('#fig-latent-plane canvas[aria-busy="false"][data-z1]').waitFor({ timeout: 30_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await shiftsSoFar(page)).toEqual([]);
    await context.close();
  });

  it.each([412, 1366])('holds still at %i px while the sampling figure draws its first digits', async (width) => {
    const context = await chromium.browser.newContext({ viewport: { width, height: 844 }, isMobile: width < 600 });
    const page = await context.newPage();
    await watchShifts(page);
    await page.goto(`${siteUrl}figures/fig-sampling/`);
    // Drawn, with its controls and the note on where it ran.
    await page.locator('.sampling[data-state="ready"] .samplers[aria-busy="false"]').waitFor({ timeout: 30_000 });
    await page.locator('.sampling .backend-note').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await shiftsSoFar(page)).toEqual([]);
    await context.close();
  });

  // Their parts are laid out as they mount, in the static version's place but out of sight
  // (src/styles/figures.css, parts-static and parts-live).
  it.each([
    ['fig-attack-lab', '.lab'],
    ['fig-pixel-feature', '.pf'],
    ['fig-shift-lab', '.shift'],
    ['fig-three-kinds', '.kinds'],
    ['fig-where-points', '.wp'],
  ])('keeps %s still while its live version mounts, until it is shown', async (id, root) => {
    const context = await chromium.browser.newContext({ viewport: { width: 412, height: 844 }, isMobile: true });
    const page = await context.newPage();
    // Every frame until the figure is ready: the static version where it was. And after every task that
    // changed the page (a mutation batch, not a frame: two parts may mount between frames), the live
    // version taking no room.
    await page.addInitScript((root) => {
      const w = window as unknown as { moved: string[]; liveChecks: number };
      w.moved = [];
      w.liveChecks = 0;
      let first: string | undefined;
      const figure = () => document.querySelector(root);
      const ready = () => figure()?.getAttribute('data-state') === 'ready';
      const frame = () => {
        if (ready()) return;
        const fallback = figure()?.querySelector(':scope > .parts-static')?.getBoundingClientRect();
        if (fallback) {
          const at = `${Math.round(fallback.top + scrollY)} ${Math.round(fallback.height)}`;
          first ??= at;
          if (at !== first) w.moved.push(`static version at ${at}, first at ${first}`);
        }
        requestAnimationFrame(frame);
      };
      const checkLive = () => {
        if (ready()) return;
        const live = figure()?.querySelector(':scope > .parts-live')?.getBoundingClientRect();
        if (!live) return;
        w.liveChecks++;
        if (live.height > 0) w.moved.push(`live version ${Math.round(live.height)} px tall while mounting`);
        // Laid out at its width while out of sight: not display: none, which would leave all the layout to one task.
        if (live.width === 0) w.moved.push('live version not laid out while mounting');
      };
      // From the first frame of the whole page (before it, the static version is still arriving).
      addEventListener('DOMContentLoaded', () => {
        requestAnimationFrame(frame);
        new MutationObserver(checkLive).observe(document.body, { childList: true, subtree: true });
      });
    }, root);
    await page.goto(`${siteUrl}figures/${id}/`);
    await page.locator(`${root}[data-state="ready"]`).waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { moved: string[]; liveChecks: number };
      return { moved: w.moved, liveChecks: w.liveChecks };
    });
    expect(seen.moved).toEqual([]);
    // It did mount in view of the test: parts were there, out of sight, after a task at least.
    expect(seen.liveChecks).toBeGreaterThan(0);
    await context.close();
  });

  it('shows the static figure without JavaScript', async () => {
    const ctx = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${siteUrl}figures/fig-attack-lab/`);
    expect(await page.locator('#fig-attack-lab .lab-static img').count()).toBe(3);
    expect(await page.locator('.figure-alone-context a').getAttribute('href')).toMatch(
      /adversarial-examples\/#fig-attack-lab$/,
    );
    await ctx.close();
  });
});

/** The figures that run a model, and what each shows once its model host has answered. */
const MODEL_FIGURES = [
  // The lab's curves panel (with its heading) mounts a turn after the first result.
  { id: 'fig-attack-lab', answered: '.lab[data-state="ready"] .result[aria-busy="false"][data-eps]' },
  { id: 'fig-attack-lab-robust', answered: '.lab[data-state="ready"] .result[aria-busy="false"][data-eps]' },
  { id: 'fig-shift-lab', answered: '.result[aria-busy="false"][data-accuracy]' },
  { id: 'fig-pixel-feature', answered: '.pf-results[data-confirmed]' },
  { id: 'fig-sampling', answered: '.samplers[aria-busy="false"]' },
  { id: 'fig-latent-plane', answered: 'canvas[aria-busy="false"][data-z1]' },
  { id: 'fig-three-kinds', answered: '.kinds-result[data-confirmed]' },
  { id: 'fig-eval-panel', answered: '[data-backend]' },
  { id: 'fig-where-points', answered: '.wp-live [data-backend]' },
  { id: 'fig-inside-outside', answered: '.fit[aria-busy="false"][data-lo]' },
];

/** Each visible heading that is more than one level below the one before it, as "h1 → h3 Title". */
const headingSkips = (page: Page) =>
  page.evaluate(() => {
    const shown = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => h.checkVisibility());
    return shown.flatMap((h, i) => {
      const before = shown[i - 1];
      return before && Number(h.tagName[1]) > Number(before.tagName[1]) + 1
        ? [`${before.tagName.toLowerCase()} → ${h.tagName.toLowerCase()} ${h.textContent?.trim()}`]
        : [];
    });
  });

describe('figures that run a model', () => {
  /** The text of a file the site served, read from the built site. */
  const servedText = (url: string) => readFileSync(builtFile(siteDir, siteUrl, url), 'utf8');
  /** Whether a served script carries TensorFlow.js (tfjs-core's flag registry names its URL prefix). */
  const tfjsIn = (url: string) => servedText(url).includes('tfjsflags');
  const scriptsOf = (entries: string[]) => entries.filter((u) => /\.m?js(\?|$)/.test(u));

  for (const { id, answered } of MODEL_FIGURES) {
    it(`${id}: TensorFlow.js runs in one worker, never on the main thread`, async () => {
      const { page, watch } = await watchedPage(chromium.context, siteUrl);
      await page.goto(`${siteUrl}figures/${id}/`);
      await page.locator(`#${id} ${answered}`).waitFor({ timeout: 60_000 });
      const onPage = scriptsOf(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
      expect(onPage.length).toBeGreaterThan(0);
      expect(onPage.filter(tfjsIn)).toEqual([]);
      const workers = page.workers();
      expect(workers).toHaveLength(1);
      const inWorker = scriptsOf(
        await workers[0]!.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)),
      );
      expect(inWorker.filter(tfjsIn).length).toBeGreaterThan(0);
      // The worker's tfjs, most of it never called, compiles lazily: no compile hint (src/build/compile-hint.ts).
      expect(inWorker.filter((u) => tfjsIn(u) && servedText(u).startsWith(COMPILE_HINT))).toEqual([]);
      expect(await page.locator(`#${id} [data-backend]`).first().textContent()).toBe('wasm');
      // Live, the figure's part headings follow the page's h1 without skipping a level.
      expect(await headingSkips(page)).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
      await page.close();
    });

    it(`${id}: without Web Workers, runs on the main thread and says so`, async () => {
      const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript(() => {
        delete (window as { Worker?: unknown }).Worker;
      });
      const { page, watch } = await watchedPage(ctx, siteUrl);
      await page.goto(`${siteUrl}figures/${id}/`);
      await page.locator(`#${id} ${answered}`).waitFor({ timeout: 60_000 });
      expect(await page.locator(`#${id} .where-note`).textContent()).toMatch(
        /main thread: this browser offers no Web Workers/,
      );
      expect(page.workers()).toHaveLength(0);
      expect(watch.pageErrors).toEqual([]);
      await ctx.close();
    });
  }
});
