// Attack lab measurements for `npm run bench` (printed, not asserted), in headless Chromium:
//   loading (wasm, the default): the lab starts ahead once the page is idle (`client:ahead`: files,
//   worker, first answer) and builds its live parts a screen before the reader reaches it, so
//     - readyAfterLoadMs: from the page's load event until the lab is warm (`data-warm`), off-screen;
//     - buildAheadMs: a reader 3 s after load a screen and a half above the lab, until it is built;
//     - firstResultAfterScrollMs: a reader who jumps to the lab 3 s after load, until the result shows;
//     - saveDataFirstResultAfterScrollMs: the same with Save-Data on (nothing loads before the reader
//       comes within 600 px, so this is the cold chain: island, tfjs, wasm, model, first attack);
//     - deepLinkFirstResultMs: a link straight to #fig-attack-lab, from navigation start (and, for
//       scale, deepLinkPageLoadMs: when that page's load event ended);
//     - deepLinkAt150msRttMs: the same link at a 150 ms round trip and 10 Mbit/s (CDP emulation), the
//       median of 3: on localhost the cold chain is CPU-bound, so a waterfall of requests (one level
//       of imports after another, files fetched one after another) shows only here;
//   per backend (wasm, cpu, webgl), cold first result after scrolling with Save-Data on, one warm FGSM
//   attack with prediction on a new digit, FGSM as the ε slider moves (direction reused), warm PGD-20, and a full FGSM curve (500 digits × 7 ε) on cnn;
//   and the gzipped JavaScript the figure loads.
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { scrollUntil } from './_main-thread.ts';

interface Hook {
  backend: string;
  attack(p: Record<string, unknown>): Promise<{ ms: number }>;
  runCurve(
    spec: Record<string, unknown>,
    onProgress: () => void,
    signal: AbortSignal,
  ): Promise<{ epsilon: number; accuracy: number }[]>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const RESULT = '#fig-attack-lab .result[aria-busy="false"][data-eps]';

async function newContext(browser: Browser, saveData: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (saveData)
    await context.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true, effectiveType: '4g' } }),
    );
  return context;
}

/** Scrolls the lab into view from inside the page; ms until its result is in the DOM and painted. */
async function scrollToResult(page: Page): Promise<number> {
  const [painted = 0] = await scrollUntil(
    page,
    '#fig-attack-lab',
    [{ selector: '.result[aria-busy="false"][data-eps]' }],
    '[data-state=failed]',
    { painted: true },
  );
  return painted;
}

/** The default loading policy, on the default backend. */
export async function measureLoading(browser: Browser, siteUrl: string) {
  const url = `${siteUrl}adversarial-examples/`;
  let context = await newContext(browser, false);
  let page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('#fig-attack-lab .lab[data-warm]').waitFor({ state: 'attached', timeout: 60_000 });
  const readyAfterLoadMs = await page.evaluate(
    () => performance.now() - performance.getEntriesByType('navigation')[0]!.toJSON().loadEventEnd,
  );
  await page.waitForTimeout(3000);
  const firstResultAfterScrollMs = await scrollToResult(page);
  await context.close();

  context = await newContext(browser, false);
  page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('#fig-attack-lab .lab[data-warm]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(3000);
  const buildAheadMs = await page.locator('#fig-attack-lab .lab').evaluate(
    (lab) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        new MutationObserver((_, observer) => {
          if (lab.getAttribute('data-state') !== 'ready') return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
        }).observe(lab, { attributes: true, attributeFilter: ['data-state'] });
        scrollTo(0, lab.getBoundingClientRect().top + scrollY - 1.5 * innerHeight);
      }),
  );
  await context.close();

  context = await newContext(browser, true);
  page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  const saveDataFirstResultAfterScrollMs = await scrollToResult(page);
  await context.close();

  context = await newContext(browser, false);
  page = await context.newPage();
  await page.goto(`${url}#fig-attack-lab`, { waitUntil: 'commit' });
  await page.locator(RESULT).waitFor({ timeout: 60_000 });
  const deepLinkFirstResultMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('load');
  const deepLinkPageLoadMs = await page.evaluate(
    () => performance.getEntriesByType('navigation')[0]!.toJSON().loadEventEnd as number,
  );
  await context.close();

  const slowLinks: number[] = [];
  for (let i = 0; i < 3; i++) {
    context = await newContext(browser, false);
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 10e6 / 8,
      uploadThroughput: 1e6 / 8,
    });
    await page.goto(`${url}#fig-attack-lab`, { waitUntil: 'commit' });
    await page.locator(RESULT).waitFor({ timeout: 60_000 });
    slowLinks.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return {
    readyAfterLoadMs: Math.round(readyAfterLoadMs),
    buildAheadMs: Math.round(buildAheadMs),
    firstResultAfterScrollMs: Math.round(firstResultAfterScrollMs),
    saveDataFirstResultAfterScrollMs: Math.round(saveDataFirstResultAfterScrollMs),
    deepLinkFirstResultMs: Math.round(deepLinkFirstResultMs),
    deepLinkPageLoadMs: Math.round(deepLinkPageLoadMs),
    deepLinkAt150msRttMs: Math.round(median(slowLinks)),
  };
}

export async function measureBackend(browser: Browser, siteUrl: string, backend: string, curve = true) {
  // Save-Data keeps the lab from loading ahead, so that its start-up is measured from the scroll.
  const context = await newContext(browser, true);
  const page = await context.newPage();
  const js = new Map<string, number>();
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script')
      js.set(r.url(), gzipSync(await r.body().catch(() => Buffer.alloc(0))).length);
  });
  await page.goto(`${siteUrl}adversarial-examples/?lab.debug=1&lab.backend=${backend}`, { waitUntil: 'networkidle' });
  const pageJs = [...js.values()].reduce((a, b) => a + b, 0);
  const firstResultMs = await scrollToResult(page);
  await page.waitForLoadState('networkidle');
  const figureJsGzipKB = ([...js.values()].reduce((a, b) => a + b, 0) - pageJs) / 1024;
  const running = await page.locator('#fig-attack-lab [data-backend]').textContent();
  const timing = await page.evaluate(
    async ({ curve }) => {
      const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab']!;
      for (let i = 0; i < 10; i++) await hook.attack({ model: 'cnn', attack: 'fgsm', digit: i, eps: 0.1 });
      const fgsm: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        await hook.attack({ model: 'cnn', attack: 'fgsm', digit: i, eps: 0.1 });
        fgsm.push(performance.now() - t);
      }
      // A slider drag: the same digit at 50 values of ε (the FGSM direction is reused after the first).
      const slider: number[] = [];
      for (let k = 1; k <= 50; k++) {
        const t = performance.now();
        await hook.attack({ model: 'cnn', attack: 'fgsm', digit: 3, eps: k / 100 });
        slider.push(performance.now() - t);
      }
      const pgd: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await hook.attack({ model: 'cnn', attack: 'pgd', k: 20, digit: i, eps: 0.1 });
        pgd.push(performance.now() - t);
      }
      let curveMs = NaN;
      let points: { epsilon: number; accuracy: number }[] = [];
      if (curve) {
        const t = performance.now();
        points = await hook.runCurve(
          { model: 'cnn', attack: 'fgsm', epsilons: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3], count: 500, steps: 20 },
          () => {},
          new AbortController().signal,
        );
        curveMs = performance.now() - t;
      }
      return { fgsm, slider, pgd, curveMs, points };
    },
    { curve },
  );
  await context.close();
  return {
    backend: running,
    coldFirstResultAfterScrollMs: Math.round(firstResultMs),
    fgsmWarmMedianMs: Number(median(timing.fgsm).toFixed(2)),
    fgsmSliderMedianMs: Number(median(timing.slider).toFixed(2)),
    pgd20WarmMedianMs: Number(median(timing.pgd).toFixed(1)),
    curveFgsm500x7Ms: Math.round(timing.curveMs),
    curveAccuracy: timing.points.map((p) => `${p.epsilon}:${(p.accuracy * 100).toFixed(1)}%`).join(' '),
    figureJsGzipKB: Number(figureJsGzipKB.toFixed(1)),
  };
}

export default async ({ browser, siteUrl }: { browser: Browser; siteUrl: string }) => {
  const out: Record<string, unknown> = { loading: await measureLoading(browser, siteUrl) };
  for (const backend of ['wasm', 'cpu', 'webgl'])
    out[backend] = await measureBackend(browser, siteUrl, backend, backend !== 'webgl' || !process.env.BENCH_QUICK);
  return out;
};
