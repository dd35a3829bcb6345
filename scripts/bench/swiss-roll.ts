// Bench for the Swiss roll figure (chapter 2), run by scripts/bench.ts against the built site:
//   - JS bytes (gzip) the figure adds: scripts fetched after it scrolls into view (island + three.js)
//   - time from scrolling the figure into view to its first drawn frame (cold cache, median of 3)
//   - frame time while the view turns every frame, at 1,000, 10,000 and 100,000 points
// Headless Chromium draws WebGL with SwiftShader, a software renderer on the CPU: frame times here
// are an upper bound, not what a laptop GPU does.
import type { Browser, Page } from 'playwright-core';
import { openPage, servedFileBytes } from '../lib/bench-page.ts';
import { scrollUntil } from './_main-thread.ts';

interface Context {
  browser: Browser;
  siteUrl: string;
  siteDir: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Scrolls the figure into view and resolves with ms until its first frame. */
async function scrollToFirstFrame(page: Page): Promise<number> {
  const [live = 0] = await scrollUntil(
    page,
    '#fig-swiss-roll',
    [{ selector: '.sr-stage[data-state="live"]' }],
    '.sr-stage[data-state="no-webgl"], .sr-stage[data-state="error"]',
  );
  return live;
}

/** Turns the view one step per animation frame for `count` frames; returns frame intervals in ms. */
async function turnFrames(page: Page, count: number): Promise<{ intervals: number[]; drawn: number }> {
  return page.evaluate(
    (n) =>
      new Promise<{ intervals: number[]; drawn: number }>((resolve) => {
        const stage = document.querySelector<HTMLElement>('#fig-swiss-roll .sr-stage')!;
        const canvas = stage.querySelector('canvas')!;
        const first = Number(stage.dataset.frames);
        const times: number[] = [];
        const step = (t: number) => {
          times.push(t);
          if (times.length > n) {
            resolve({
              intervals: times.slice(1).map((x, i) => x - times[i]!),
              drawn: Number(stage.dataset.frames) - first,
            });
            return;
          }
          canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    count,
  );
}

export default async function swissRollBench({ browser, siteUrl, siteDir }: Context): Promise<Record<string, unknown>> {
  const chapter = `${siteUrl}feature-space/`;
  const base = new URL(siteUrl).pathname;
  const gzipOf = (url: string) => servedFileBytes(siteDir, base, url).gzip;

  // JS the figure adds, and time to first frame (three cold loads).
  const firstFrame: number[] = [];
  let figureJs = { files: 0, gzip: 0, names: [] as string[] };
  for (let run = 0; run < 3; run++) {
    const { page, scripts, close } = await openPage(browser, chapter, { reducedMotion: 'reduce' });
    const before = scripts.length;
    firstFrame.push(await scrollToFirstFrame(page));
    await page.waitForLoadState('networkidle');
    if (run === 0) {
      const added = scripts.slice(before);
      figureJs = {
        files: added.length,
        gzip: added.reduce((sum, u) => sum + gzipOf(u), 0),
        names: added.map((u) => u.split('/').at(-1)!),
      };
    }
    await close();
  }

  const frames: Record<string, string> = {};
  for (const n of [1000, 10_000, 100_000]) {
    const { page, close } = await openPage(browser, `${chapter}?sr.n=${n}`, { reducedMotion: 'reduce' });
    await scrollToFirstFrame(page);
    await turnFrames(page, 10); // warm up
    const { intervals, drawn } = await turnFrames(page, 60);
    const sorted = [...intervals].sort((a, b) => a - b);
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
    frames[`frame time, ${n.toLocaleString('en-GB')} points`] =
      `${mean.toFixed(1)} ms mean, ${median(intervals).toFixed(1)} ms median, ${sorted[Math.floor(0.95 * sorted.length)]!.toFixed(1)} ms p95 (${(1000 / mean).toFixed(0)} fps; ${drawn} frames drawn for ${intervals.length} turns)`;
    await close();
  }

  return {
    renderer:
      'headless Chromium, WebGL2 through SwiftShader (software rendering on the CPU, not a GPU); 2-core shared machine',
    'figure JS (gzip)': `${(figureJs.gzip / 1024).toFixed(1)} KB in ${figureJs.files} files loaded when the figure scrolls into view (${figureJs.names.join(', ')})`,
    'time to first frame after scrolling into view': `${median(firstFrame).toFixed(0)} ms median of ${firstFrame.map((x) => x.toFixed(0)).join(', ')} ms (cold cache)`,
    ...frames,
  };
}
