// The pure-JavaScript cpu backend of TensorFlow.js actually runs the book's models in the browser: it is
// the fallback where WebAssembly is unavailable, and otherwise never exercised by the figure tests.
// A smoke test on the attack lab's page of its own, asking for that backend through its link.
import { expect, inject, it } from 'vitest';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

it('the attack lab computes a result on the cpu backend and says which backend ran', async () => {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  await page.goto(`${siteUrl}figures/fig-attack-lab/?lab.backend=cpu&lab.eps=0.1`);
  const lab = page.locator('#fig-attack-lab');
  await lab.locator('.result[aria-busy="false"][data-eps="0.1"]').waitFor({ timeout: 60_000 });
  await expect(lab.locator('[data-backend]').first().textContent()).resolves.toBe('cpu');
  const after = await lab
    .locator('.bars li')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-after'))));
  expect(after).toHaveLength(10);
  expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);
  await page.close();
});

it('downloads the wasm binary once, though it is started early, and moves to cpu if it fails', async () => {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  const binaries: string[] = [];
  page.on('request', (r) => {
    if (/\.wasm$/.test(r.url())) binaries.push(r.url());
  });
  await page.goto(`${siteUrl}figures/fig-attack-lab/?lab.eps=0.1`);
  const lab = page.locator('#fig-attack-lab');
  await lab.locator('.result[aria-busy="false"][data-eps="0.1"]').waitFor({ timeout: 60_000 });
  await expect(lab.locator('[data-backend]').first().textContent()).resolves.toBe('wasm');
  expect(binaries).toHaveLength(1);
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests]).toEqual([]);
  await page.close();

  // The binary's download fails: the backend must refuse it and tfjs.ts move on, not wait forever.
  const broken = await chromium.context.newPage();
  await broken.route(/\.wasm$/, (route) => route.abort());
  await broken.goto(`${siteUrl}figures/fig-attack-lab/?lab.eps=0.1`);
  const fallback = broken.locator('#fig-attack-lab');
  await fallback.locator('.result[aria-busy="false"][data-eps="0.1"]').waitFor({ timeout: 60_000 });
  await expect(fallback.locator('[data-backend]').first().textContent()).resolves.toBe('cpu');
  await expect(
    fallback
      .locator('.backend-note, [data-backend]')
      .first()
      .evaluate((e) => e.closest('p')?.textContent),
  ).resolves.toMatch(/fell back: wasm/);
  await broken.close();
});
