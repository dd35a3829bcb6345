// Bench for the evaluation panel (chapter 7), run by scripts/bench.ts against the built site, on its
// figure page:
//   - JS bytes (gzip) of its page, the panel live (the worker's tfjs included)
//   - a whole run of the strong suite on 100 digits of `linear` (wall time, and the main thread's long
//     tasks meanwhile: the suite runs in the worker, so there should be none)
//   - Cancel's latency on a running `cnn-robust` evaluation: click to the panel being idle again (median of 3)
import type { Browser, Page } from 'playwright-core';
import { openPage, servedFileBytes } from '../lib/bench-page.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
  siteDir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const PANEL = '#fig-eval-panel .eval-panel';

async function ready(page: Page): Promise<void> {
  await page.locator(`${PANEL}[data-state="ready"]`).waitFor({ timeout: 120_000 });
}

export default async function evalPanelBench({ browser, siteUrl, siteDir }: Context): Promise<Record<string, unknown>> {
  const url = `${siteUrl}figures/fig-eval-panel/`;
  const base = new URL(siteUrl).pathname;

  const { page, scripts, close } = await openPage(browser, `${url}?eval.model=linear&eval.debug=1`);
  await page.locator(PANEL).scrollIntoViewIfNeeded();
  await ready(page);
  await page.evaluate(() =>
    (window as unknown as { __evalPanel?: Record<string, { backend(): Promise<string> }> }).__evalPanel?.[
      'fig-eval-panel'
    ]?.backend(),
  );
  const added = [...new Set(scripts)];
  const figureJs = {
    files: added.length,
    gzip: added.reduce((sum, u) => sum + servedFileBytes(siteDir, base, u).gzip, 0),
  };
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
      type: 'longtask',
    });
  });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run the suite in this browser' }).click();
  await page.locator(`${PANEL}[data-source="live"]`).waitFor({ timeout: 300_000 });
  const linearRunMs = Date.now() - t0;
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  await close();

  const cancelMs: number[] = [];
  const robust = await openPage(browser, `${url}?eval.model=cnn-robust`);
  await robust.page.locator(PANEL).scrollIntoViewIfNeeded();
  await ready(robust.page);
  for (let i = 0; i < 3; i++) {
    await robust.page.getByRole('button', { name: 'Run the suite in this browser' }).click();
    await robust.page.waitForFunction(
      (sel) => Number(document.querySelector(`${sel} progress`)?.getAttribute('value') ?? 0) > 0,
      PANEL,
      { timeout: 120_000 },
    );
    const c0 = Date.now();
    await robust.page.getByRole('button', { name: 'Cancel' }).click();
    await ready(robust.page);
    cancelMs.push(Date.now() - c0);
  }
  await robust.close();

  return {
    pageJsFiles: figureJs.files,
    pageJsGzipKB: Math.round(figureJs.gzip / 102.4) / 10,
    linear100RunSeconds: Math.round(linearRunMs / 100) / 10,
    mainThreadLongTasksDuringRun: longTasks.length,
    longestMainThreadTaskMs: Math.round(Math.max(0, ...longTasks)),
    cancelLatencyMsMedian: median(cancelMs),
  };
}
