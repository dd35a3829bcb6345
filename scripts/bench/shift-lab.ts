// Bench for the shift lab (chapter 4), run by scripts/bench.ts against the built site:
//   - JS bytes (gzip) the figure adds: scripts fetched after it scrolls into view
//   - time from scrolling it into view to the first score of the 800 shifted digits, and to the
//     whole curve (9 severities × 800 digits); cold cache, median of 3
//   - one re-score (a slider step: shift 800 digits, classify them), warm, per shift, for each model
import type { Browser, Page } from 'playwright-core';
import { openPage, servedFileBytes } from '../lib/bench-page.ts';
import { scrollUntil } from './_main-thread.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
  siteDir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Hook = { evaluate(m: string, k: string, s: number): Promise<{ ms: number }> };

async function scrollToResults(page: Page): Promise<{ first: number; curve: number }> {
  const [first = 0, curve = 0] = await scrollUntil(
    page,
    '#fig-shift-lab',
    [{ selector: '.result[aria-busy="false"][data-accuracy]' }, { selector: '.curve-status', text: /^Curve:/ }],
    '.shift[data-state="failed"]',
  );
  return { first, curve };
}

export default async function shiftLabBench({ browser, siteUrl, siteDir }: Context): Promise<Record<string, unknown>> {
  const chapter = `${siteUrl}distribution-shift/`;
  const base = new URL(siteUrl).pathname;
  const first: number[] = [],
    curve: number[] = [];
  let figureJs = { files: 0, gzip: 0 };
  for (let run = 0; run < 3; run++) {
    const { page, scripts, close } = await openPage(browser, `${chapter}?shift.debug=1`);
    const before = scripts.length;
    const t = await scrollToResults(page);
    first.push(t.first);
    curve.push(t.curve);
    if (run === 0) {
      const added = [...new Set(scripts.slice(before))];
      figureJs = {
        files: added.length,
        gzip: added.reduce((sum, u) => sum + servedFileBytes(siteDir, base, u).gzip, 0),
      };
    }
    await close();
  }
  const { page, close } = await openPage(browser, `${chapter}?shift.debug=1`);
  await scrollToResults(page);
  const rescore = await page.evaluate(async () => {
    const hook = (window as unknown as { __shiftLab: Record<string, Hook> }).__shiftLab['fig-shift-lab']!;
    const out: Record<string, Record<string, number>> = {};
    for (const m of ['linear', 'cnn', 'cnn-robust']) {
      out[m] = {};
      await hook.evaluate(m, 'rotate', 0.1); // loads and warms the model
      for (const k of ['rotate', 'move', 'fade', 'noise', 'invert']) {
        const ms: number[] = [];
        for (let i = 0; i < 5; i++) ms.push((await hook.evaluate(m, k, 0.3 + 0.1 * i)).ms);
        out[m][k] = Math.round([...ms].sort((a, b) => a - b)[2]! * 10) / 10;
      }
    }
    return out;
  });
  await close();
  return {
    'figure JS (gzip KB)': Math.round(figureJs.gzip / 102.4) / 10,
    'figure JS files': figureJs.files,
    'first score after scroll (ms, median of 3)': Math.round(median(first)),
    'whole curve after scroll (ms, median of 3)': Math.round(median(curve)),
    're-score of 800 digits, warm (ms, median of 5)': rescore,
  };
}
