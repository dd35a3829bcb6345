// Attack lab measurements for `npm run bench` (printed, not asserted): for each tfjs backend, the
// time from scrolling the figure into view to its first attack result (model and tfjs fetch
// included), one warm FGSM attack with prediction, and a full FGSM curve (500 digits × 7 ε) on cnn;
// and the gzipped JavaScript the figure loads.
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

interface Hook {
  backend: string;
  attack(p: Record<string, unknown>): Promise<{ ms: number }>;
  runCurve(spec: Record<string, unknown>, onProgress: () => void, signal: AbortSignal): Promise<{ epsilon: number; accuracy: number }[]>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureBackend(browser: Browser, siteUrl: string, backend: string, curve = true) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const js = new Map<string, number>();
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script') js.set(r.url(), gzipSync(await r.body().catch(() => Buffer.alloc(0))).length);
  });
  await page.goto(`${siteUrl}adversarial-examples/?lab.debug=1&lab.backend=${backend}`, { waitUntil: 'networkidle' });
  const pageJs = [...js.values()].reduce((a, b) => a + b, 0);
  const lab = page.locator('#fig-attack-lab .lab');
  const t0 = await page.evaluate(() => performance.now());
  await lab.scrollIntoViewIfNeeded();
  await lab.locator('.result[aria-busy="false"][data-eps]').waitFor({ timeout: 60_000 });
  const firstResultMs = (await page.evaluate(() => performance.now())) - t0;
  const figureJsGzipKB = ([...js.values()].reduce((a, b) => a + b, 0) - pageJs) / 1024;
  const running = await lab.locator('[data-backend]').textContent();
  const timing = await page.evaluate(async ({ curve }) => {
    const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab']!;
    for (let i = 0; i < 10; i++) await hook.attack({ model: 'cnn', attack: 'fgsm', digit: i, eps: 0.1 });
    const fgsm: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await hook.attack({ model: 'cnn', attack: 'fgsm', digit: i, eps: 0.1 });
      fgsm.push(performance.now() - t);
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
      points = await hook.runCurve({ model: 'cnn', attack: 'fgsm', epsilons: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3], count: 500, steps: 20 }, () => {}, new AbortController().signal);
      curveMs = performance.now() - t;
    }
    return { fgsm, pgd, curveMs, points };
  }, { curve });
  await context.close();
  return {
    backend: running,
    firstResultMs: Math.round(firstResultMs),
    fgsmWarmMedianMs: Number(median(timing.fgsm).toFixed(2)),
    pgd20WarmMedianMs: Number(median(timing.pgd).toFixed(1)),
    curveFgsm500x7Ms: Math.round(timing.curveMs),
    curveAccuracy: timing.points.map((p) => `${p.epsilon}:${(p.accuracy * 100).toFixed(1)}%`).join(' '),
    figureJsGzipKB: Number(figureJsGzipKB.toFixed(1)),
  };
}

export default async ({ browser, siteUrl }: { browser: Browser; siteUrl: string }) => {
  const out: Record<string, unknown> = {};
  for (const backend of ['wasm', 'cpu', 'webgl']) out[backend] = await measureBackend(browser, siteUrl, backend, backend !== 'webgl' || !process.env.BENCH_QUICK);
  return out;
};
