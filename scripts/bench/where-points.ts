// Bench for "Where the points are" (chapter 1), run by scripts/bench.ts against the built site, on the
// figure's own page with the page's CPU slowed 4× (CDP; the model worker runs at full speed). The
// figure's budget is ≤ 50 ms of main-thread work per interaction, so for each interaction it counts
// the long tasks (> 50 ms) and reports the longest, and INP:
//   - start: from navigation until the opening state (the build's numbers) is drawn;
//   - D stepped through 1 … 150,528 with the arrow keys (each new sample comes from the worker, in
//     slices), waiting for each histogram;
//   - the ε and shell-D sliders dragged with the mouse;
//   - the grid's model switched 10 times (each a worker run);
//   - "draw 1,000 more" (1,000 noise images through five models in the worker), and its worker time.
// BENCH_DRAG_MS shortens the drags. Wall times are noisy on a shared machine; the counts are not.
import type { Browser, Page } from 'playwright-core';
import { describeTasks, dragSlider, inp, longTasksSince, pageNow, slowedPage } from './_main-thread.ts';

const FIG = '#fig-where-points';
const IDP = 'fig-where-points-wp';
const DRAG_MS = Number(process.env.BENCH_DRAG_MS ?? 5_000);
const TIMEOUT = 180_000;
const frames = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function measure(page: Page, act: () => Promise<void>): Promise<string> {
  await frames(page);
  const t0 = await pageNow(page);
  await act();
  await frames(page);
  return describeTasks(await longTasksSince(page, t0));
}

export default async function wherePointsBench({
  browser,
  siteUrl,
}: {
  browser: Browser;
  siteUrl: string;
}): Promise<Record<string, unknown>> {
  const { page, close } = await slowedPage(browser, 4);
  const out: Record<string, unknown> = {
    note: 'page CPU slowed 4× (CDP); worker at full speed; shared 2-core machine',
  };
  const t0 = Date.now();
  await page.goto(`${siteUrl}figures/fig-where-points/`, { waitUntil: 'commit' });
  await page.locator(`${FIG} .wp-tally td[data-share]`).first().waitFor({ state: 'attached', timeout: TIMEOUT });
  await frames(page);
  out.start = `${describeTasks(await longTasksSince(page, 0))}; opening state drawn after ${Date.now() - t0} ms`;

  out['D stepped 1 → 150,528 (6 samples)'] = await measure(page, async () => {
    await page.locator(`#${IDP}-d`).focus();
    await page.keyboard.press('Home');
    await page.locator(`${FIG} .wp-hist-box[data-d="1"][data-contrast]`).waitFor({ timeout: TIMEOUT });
    for (const D of ['2', '10', '100', '784', '150528']) {
      await page.keyboard.press('ArrowRight');
      await page.locator(`${FIG} .wp-hist-box[data-d="${D}"][data-contrast]`).waitFor({ timeout: TIMEOUT });
    }
  });
  out['new sample at D = 150,528 (worker, sliced)'] = await measure(page, async () => {
    const started = Date.now();
    await page.locator(FIG).getByRole('button', { name: 'New random sample' }).click();
    await page.locator(`${FIG} .wp-hist-box[data-d="150528"][data-contrast]`).waitFor({ timeout: TIMEOUT });
    out['new sample at D = 150,528: wall ms'] = Date.now() - started;
  });
  out[`ε dragged ${DRAG_MS / 1000} s`] = await measure(page, () => dragSlider(page, `#${IDP}-eps`, DRAG_MS));
  out[`shell D dragged ${DRAG_MS / 1000} s`] = await measure(page, () => dragSlider(page, `#${IDP}-dim`, DRAG_MS));
  out['grid model switched 10 times'] = await measure(page, async () => {
    for (let i = 0; i < 10; i++)
      await page
        .locator(`${FIG} input[name="${IDP}-model"]`)
        .nth(i % 3)
        .check();
    await page.locator(`${FIG} .wp-grid[aria-busy="false"] .wp-answer b`).first().waitFor({ timeout: TIMEOUT });
  });
  out['draw 1,000 more (5 models, worker)'] = await measure(page, async () => {
    const started = Date.now();
    await page.locator(FIG).getByRole('button', { name: 'Draw 1,000 more' }).click();
    await page.locator(`${FIG} .wp-tally table[data-count="2000"]`).waitFor({ timeout: TIMEOUT });
    out['draw 1,000 more: wall ms'] = Date.now() - started;
  });
  out.INP = `${Math.round(await inp(page))} ms`;
  await close();
  return out;
}
