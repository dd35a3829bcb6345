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
