// Bench for figure 6.x "Four ways to sample a digit" (chapter 6), run by scripts/bench.ts against the
// built site:
//   - JS bytes (gzip) the figure adds: scripts fetched after it scrolls into view
//   - time from scrolling it into view to the first draws (decoder and tables loaded), cold, median of 3
//   - one "sample again" (four digits from each sampler, the VAE's through its decoder), warm, median of 15
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { openPage, servedFileBytes } from '../lib/bench-page.ts';
import { scrollUntil } from './_main-thread.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
  siteDir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function scrollToDraws(page: Page): Promise<number> {
  const [drawn = 0] = await scrollUntil(
    page,
    '#fig-sampling',
    [{ selector: '.samplers[aria-busy="false"]' }],
    '.sampling-error',
  );
  return drawn;
}

export default async function samplingBench({ browser, siteUrl, siteDir }: Context): Promise<Record<string, unknown>> {
  const chapter = `${siteUrl}generation/?sample.debug=1`;
  const base = new URL(siteUrl).pathname;
  const first: number[] = [];
  let figureJs = { files: 0, gzip: 0 };
  for (let run = 0; run < 3; run++) {
    const { page, scripts, close } = await openPage(browser, chapter);
    const before = scripts.length;
    first.push(await scrollToDraws(page));
    if (run === 0) {
      const added = [...new Set(scripts.slice(before))];
      figureJs = { files: added.length, gzip: added.reduce((s, u) => s + servedFileBytes(siteDir, base, u).gzip, 0) };
    }
    await close();
  }
  const { page, close } = await openPage(browser, chapter);
  await scrollToDraws(page);
  const warm = await page.evaluate(async () => {
    const hook = (
      window as unknown as { __sampling: Record<string, { sample(seed: number): Promise<{ ms: number }> }> }
    ).__sampling['fig-sampling']!;
    const ms: number[] = [];
    for (let seed = 500; seed < 515; seed++) ms.push((await hook.sample(seed)).ms);
    return [...ms].sort((a, b) => a - b)[7]!;
  });
  await close();
  return {
    'figure JS (gzip KB)': Math.round(figureJs.gzip / 102.4) / 10,
    'figure JS files': figureJs.files,
    'first draws after scroll (ms, median of 3)': Math.round(median(first)),
    'one draw of 16 digits in the worker, warm (ms, median of 15)': Math.round(warm * 10) / 10,
  };
}
