// Bench for figure 3.x "Inside and outside the data" (chapter 3), run by scripts/bench.ts against the
// built site, the main thread slowed 4× (a mid-range phone; the worker runs at full speed):
//   - time from scrolling the figure into view to both parts' first answers
//   - long tasks on the main thread while dragging t for 3 s, and while dragging the training range for
//     3 s (each move asks for a refit; the newest supersedes the older ones in the worker)
//   - one fit of the five networks in the worker, warm (its own clock), median of 5, per function
import type { Browser, Page } from 'playwright-core';
import { describeTasks, dragSlider, longTasksSince, pageNow, slowedPage } from './_main-thread.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const FIG = '#fig-inside-outside';

async function settle(page: Page): Promise<void> {
  await page.locator(`${FIG} .rows[aria-busy="false"]`).waitFor({ timeout: 120_000 });
  await page.locator(`${FIG} .fit[aria-busy="false"]`).waitFor({ timeout: 120_000 });
}

export default async function insideOutsideBench({ browser, siteUrl }: Context): Promise<Record<string, unknown>> {
  const { page, close } = await slowedPage(browser, 4);
  await page.goto(`${siteUrl}interpolation-extrapolation/?io.debug=1`);
  const t0 = Date.now();
  await page.locator(FIG).scrollIntoViewIfNeeded();
  await settle(page);
  const firstAnswers = Date.now() - t0;

  let since = await pageNow(page);
  await dragSlider(page, `${FIG}-t`, 3000);
  const dragT = describeTasks(await longTasksSince(page, since));

  await settle(page);
  since = await pageNow(page);
  await dragSlider(page, `${FIG}-hi`, 3000);
  await settle(page);
  const dragRange = describeTasks(await longTasksSince(page, since));

  const fits = await page.evaluate(async () => {
    const hook = (
      window as unknown as {
        __insideOutside: Record<string, { fit(input: object): Promise<{ ms: number }> }>;
      }
    ).__insideOutside['fig-inside-outside']!;
    const out: Record<string, number[]> = {};
    for (const target of ['sin', 'abs', 'cubic'])
      for (let i = 0; i < 5; i++) (out[target] ??= []).push((await hook.fit({ target, lo: -1, hi: 1, seed: 1 })).ms);
    return out;
  });
  await close();
  return {
    'both parts answered after scroll, 4× slower main thread (ms, wall)': firstAnswers,
    'dragging t for 3 s (main thread 4× slower)': dragT,
    'dragging the training range for 3 s, refitting (main thread 4× slower)': dragRange,
    'one fit of five networks in the worker, warm (ms, median of 5)': Object.fromEntries(
      Object.entries(fits).map(([k, v]) => [k, Math.round(median(v))]),
    ),
  };
}
