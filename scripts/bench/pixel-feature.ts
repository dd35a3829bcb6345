// Bench for the pixel-vs-feature figure (chapter 2), run by scripts/bench.ts against the built site:
//   - JS bytes (gzip) the figure adds: scripts fetched after it scrolls into view (island, d3 parts;
//     tfjs and the figure's jobs load in the model worker, counted apart)
//   - time from scrolling the figure into view to interactive (distances, maps and controls live), and
//     to the first nearest-neighbour accuracies; cold cache, median of 3; with the start-up stages
//   - time to recompute after a transform change: the analysis (anchor, copy, look-alike, distances,
//     percentiles, predictions, map positions) and the nearest-neighbour run over 400 query digits
import type { Browser, Page } from 'playwright-core';
import { openPage, servedFileBytes } from '../lib/bench-page.ts';
import { scrollUntil } from './_main-thread.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
  siteDir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Hook = {
  numTensors(): Promise<number>;
  timings(): Record<string, number> | null;
  analyse(t: object): Promise<{ ms: number }>;
  nnAccuracy(t: object): Promise<{ ms: number }>;
};

/** Scrolls the figure into view; ms until it is interactive, and until the NN accuracies show. */
async function scrollToInteractive(page: Page): Promise<{ interactive: number; accuracies: number }> {
  const [interactive = 0, accuracies = 0] = await scrollUntil(
    page,
    '#fig-pixel-feature',
    [{ selector: '.pf-results[data-copy-pixel]' }, { selector: '.pf-nn[data-pixel]' }],
    '.pf[data-state="failed"]',
  );
  return { interactive, accuracies };
}

export default async function pixelFeatureBench({
  browser,
  siteUrl,
  siteDir,
}: Context): Promise<Record<string, unknown>> {
  const chapter = `${siteUrl}feature-space/`;
  const base = new URL(siteUrl).pathname;
  const gzipOf = (url: string) => servedFileBytes(siteDir, base, url).gzip;
  const wasmBytes = (url: string) => servedFileBytes(siteDir, base, url).raw;

  const interactive: number[] = [],
    accuracies: number[] = [];
  let figureJs = { files: 0, gzip: 0, names: [] as string[] };
  let stages: Record<string, number> = {};
  let wasm = 0;
  for (let run = 0; run < 3; run++) {
    const { page, scripts, close } = await openPage(browser, `${chapter}?pf.debug=1`);
    const before = scripts.length;
    const wasmUrls: string[] = [];
    page.on('request', (r) => r.url().endsWith('.wasm') && wasmUrls.push(r.url()));
    const t = await scrollToInteractive(page);
    interactive.push(t.interactive);
    accuracies.push(t.accuracies);
    await page.waitForLoadState('networkidle');
    if (run === 0) {
      const added = [...new Set(scripts.slice(before))];
      figureJs = {
        files: added.length,
        gzip: added.reduce((sum, u) => sum + gzipOf(u), 0),
        names: added.map((u) => u.split('/').at(-1)!),
      };
      wasm = wasmUrls.reduce((s, u) => s + wasmBytes(u), 0);
      // The session's stages are done once the maps are drawn.
      await page.locator('#fig-pixel-feature .pf-maps svg').first().waitFor({ timeout: 120_000 });
      stages =
        (await page.evaluate(() => (window as unknown as { __pixelFeature: Hook }).__pixelFeature.timings())) ?? {};
    }
    await close();
  }

  // Recompute after a transform change, warm: 30 analyses and 5 nearest-neighbour runs, new transforms each.
  const { page, close } = await openPage(browser, `${chapter}?pf.debug=1`);
  await scrollToInteractive(page);
  const warm = await page.evaluate(async () => {
    const hook = (window as unknown as { __pixelFeature: Hook }).__pixelFeature;
    const analyse: number[] = [],
      nn: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Including the round trip to the model worker.
      const t0 = performance.now();
      await hook.analyse({ dx: (i % 9) - 4, rotate: (i % 13) - 6 });
      analyse.push(performance.now() - t0);
    }
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await hook.nnAccuracy({ dx: (i % 4) - 2, dy: 1, rotate: 3 * i + 1 });
      nn.push(performance.now() - t0);
    }
    return { analyse, nn };
  });
  // Through the UI: a slider step to the updated bars (one frame later at the earliest).
  const ui: number[] = [];
  for (let i = 0; i < 5; i++) {
    ui.push(
      await page.evaluate(
        (k) =>
          new Promise<number>((resolve) => {
            const results = document.querySelector('#fig-pixel-feature .pf-results')!;
            const slider = document.querySelector<HTMLInputElement>('#fig-pixel-feature-pf-dy')!;
            const before = results.getAttribute('data-copy-pixel');
            const t0 = performance.now();
            const mo = new MutationObserver(() => {
              if (results.getAttribute('data-copy-pixel') !== before) {
                mo.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - t0));
              }
            });
            mo.observe(results, { attributes: true });
            slider.value = String(k % 2 ? -1 : 1);
            slider.dispatchEvent(new Event('input', { bubbles: true }));
          }),
        i,
      ),
    );
  }
  await close();

  return {
    backend:
      "headless Chromium, tfjs wasm backend (the figure's measured default); 2-core machine shared with other jobs, so times are upper bounds",
    'figure JS (gzip)': `${(figureJs.gzip / 1024).toFixed(1)} KB in ${figureJs.files} files loaded when the figure scrolls into view (${figureJs.names.join(', ')}), plus ${(wasm / 1024).toFixed(0)} KB of tfjs wasm binary`,
    'time to interactive after scrolling into view': `${median(interactive).toFixed(0)} ms median of ${interactive.map((x) => x.toFixed(0)).join(', ')} ms (cold cache; first NN accuracies at ${median(accuracies).toFixed(0)} ms)`,
    'start-up stages (first run)': Object.entries(stages)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', '),
    'recompute after a transform change': `analysis ${median(warm.analyse).toFixed(1)} ms median incl. the worker round trip (p90 ${[...warm.analyse].sort((a, b) => a - b)[27]!.toFixed(1)} ms); slider to updated bars ${median(ui).toFixed(0)} ms; nearest-neighbour accuracies over 400 queries ${median(warm.nn).toFixed(0)} ms median (in slices of about 20 ms, in the worker)`,
  };
}
