// Bench for the three-kinds figure (chapter 5), run by scripts/bench.ts against the built site:
//   - JS bytes (gzip) the figure adds when it scrolls into view (the island; tfjs and the figure's job
//     load in the model worker)
//   - time from scrolling into view to the worker's confirmed opening result, cold cache, median of 3
//   - one comparison per model, warm: the job's own time in the worker (feature-space nearest
//     neighbour, and the bisection's targeted PGD attacks, counted) and with the round trip
//   - main-thread long tasks (> 50 ms) while the reader changes digit and model 10 times
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
  compare(r: object): Promise<{ ms: number; search: { probes: unknown[] } }>;
};

/** Scrolls the figure into view; ms until the worker has confirmed (or replaced) the opening result. */
async function scrollToConfirmed(page: Page): Promise<number> {
  const [confirmed] = await scrollUntil(
    page,
    '#fig-three-kinds',
    [{ selector: '.kinds-result[data-confirmed], .kinds-result[data-source="live"]' }],
    '.kinds[data-state="failed"]',
  );
  return confirmed!;
}

export default async function threeKindsBench({
  browser,
  siteUrl,
  siteDir,
}: Context): Promise<Record<string, unknown>> {
  const chapter = `${siteUrl}adversarial-examples/`;
  const base = new URL(siteUrl).pathname;
  const confirmed: number[] = [];
  let figureJs = { files: 0, gzip: 0 };
  for (let run = 0; run < 3; run++) {
    const { page, close } = await openPage(browser, `${chapter}?kinds.debug=1`);
    // The page's own scripts (the model worker's, tfjs among them, are not the page's resources).
    const pageScripts = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => /\.m?js(\?|$)/.test(u)),
      );
    const before = new Set(await pageScripts());
    confirmed.push(await scrollToConfirmed(page));
    if (run === 0) {
      const added = (await pageScripts()).filter((u) => !before.has(u));
      figureJs = { files: added.length, gzip: added.reduce((s, u) => s + servedFileBytes(siteDir, base, u).gzip, 0) };
    }
    await close();
  }

  const { page, close } = await openPage(browser, `${chapter}?kinds.debug=1`);
  await scrollToConfirmed(page);
  const perModel = await page.evaluate(async () => {
    const hook = (window as unknown as { __threeKinds: Hook }).__threeKinds;
    const out: Record<string, { job: number[]; roundTrip: number[]; attacks: number[] }> = {};
    for (const model of ['linear', 'cnn', 'cnn-robust']) {
      await hook.compare({ model }); // its feature space is made once
      const r = (out[model] = { job: [] as number[], roundTrip: [] as number[], attacks: [] as number[] });
      for (let digit = 10; digit < 15; digit++) {
        const t0 = performance.now();
        const res = await hook.compare({ model, digit });
        r.roundTrip.push(performance.now() - t0);
        r.job.push(res.ms);
        r.attacks.push(res.search.probes.length);
      }
    }
    return out;
  });
  // Long tasks on the main thread while the reader changes digit and model.
  const longTasks = await page.evaluate(async () => {
    const tasks: number[] = [];
    const po = new PerformanceObserver((l) => l.getEntries().forEach((e) => tasks.push(e.duration)));
    po.observe({ type: 'longtask' });
    const result = document.querySelector('#fig-three-kinds .kinds-result')!;
    const settled = () =>
      new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          if (result.getAttribute('aria-busy') === 'false') {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(result, { attributes: true });
      });
    const models = ['linear', 'cnn'];
    for (let i = 0; i < 10; i++) {
      const wait = settled();
      if (i % 2)
        document
          .querySelector<HTMLInputElement>(`#fig-three-kinds input[value="${models[i % 4 === 1 ? 0 : 1]}"]`)!
          .click();
      else document.querySelector<HTMLButtonElement>('#fig-three-kinds button[aria-label="Next digit"]')!.click();
      await wait;
    }
    po.disconnect();
    return tasks;
  });
  await close();

  const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
  return {
    backend:
      "headless Chromium, tfjs wasm backend (the figure's default); 2-core machine shared with other jobs, so times are upper bounds",
    'figure JS (gzip)': `${(figureJs.gzip / 1024).toFixed(1)} KB in ${figureJs.files} files loaded by the page when the figure scrolls into view (the worker's tfjs apart)`,
    'scroll into view to the confirmed opening result': `${fmt(confirmed)} median of ${confirmed.map((x) => x.toFixed(0)).join(', ')} ms (cold cache)`,
    'one comparison, warm (job in the worker / with round trip; attacks of 20 PGD steps)': Object.entries(perModel)
      .map(([m, r]) => `${m} ${fmt(r.job)} / ${fmt(r.roundTrip)} (${median(r.attacks)} attacks)`)
      .join('; '),
    'main-thread long tasks over 10 digit and model changes': `${longTasks.length} over 50 ms${longTasks.length ? ` (longest ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
  };
}
