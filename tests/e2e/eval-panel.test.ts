// The evaluation panel (chapter 7 and its own figure page) in Chromium. What a reader would notice: the
// manifest's numbers are there before any JavaScript, a run in the browser moves its progress bar and
// replaces them, Cancel stops it, nothing is left behind in the worker, the flags are red on the masking
// trap and green on cnn-robust, links reproduce the state and bad links are cleaned, and axe is content.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const PAGE = `${siteUrl}figures/fig-eval-panel/`;
const manifest = (name: string) =>
  JSON.parse(readFileSync(`public/models/${name}/manifest.json`, 'utf8')) as {
    evaluation: { digits: number; rows: { epsilon: number; worstCase: number }[] };
  };

const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

interface Hook {
  numTensors(): Promise<number>;
}

/** Opens the figure page with query `q` and waits for the island to be live. */
async function openPanel(q = ''): Promise<{ page: Page; watch: PageWatch; panel: Locator }> {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  await page.goto(`${PAGE}${q ? `?${q}` : ''}`);
  const panel = page.locator('#fig-eval-panel .eval-panel');
  await panel.scrollIntoViewIfNeeded();
  await panel.locator('xpath=self::*[@data-state="ready"]').waitFor({ timeout: 30_000 });
  return { page, watch, panel };
}

const worstShown = async (panel: Locator) =>
  Number(await panel.locator('tr[data-attack="worst"]').getAttribute('data-value'));
const tensors = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __evalPanel: Record<string, Hook> }).__evalPanel['fig-eval-panel']!.numTensors(),
  );

describe('evaluation panel', () => {
  it('shows the manifest’s worst case in the HTML itself, before any script runs', async () => {
    const html = await (await fetch(PAGE)).text();
    const robust = manifest('cnn-robust').evaluation;
    const at03 = robust.rows.find((r) => r.epsilon === 0.3)!.worstCase;
    expect(html).toMatch(new RegExp(`data-attack="worst" data-value="${at03}"`));
    expect(html).toContain(`on ${robust.digits.toLocaleString('en-GB')} held-out digits`);
    // The ladder beside it, with the leaderboard's numbers and ours.
    expect(html).toMatch(/89\.62 %/);
    expect(html).toMatch(new RegExp(`data-rung="worst"[^>]*>\\s*${(at03 * 100).toFixed(1)} %`));
  });

  it('runs the suite on 100 digits of linear with a moving progress bar, then shows the live numbers', async () => {
    const { page, watch, panel } = await openPanel('eval.model=linear&eval.debug=1');
    expect(await panel.getAttribute('data-source')).toBe('manifest');
    const seen: number[] = [];
    await panel.getByRole('button', { name: 'Run the suite in this browser' }).click();
    await expect
      .poll(
        async () => {
          const v = await panel
            .locator('progress')
            .getAttribute('value')
            .catch(() => null);
          if (v !== null) seen.push(Number(v));
          return (await panel.getAttribute('data-source')) === 'live';
        },
        // About 6 CPU-seconds in Node; much longer on a machine shared with other jobs.
        { timeout: 280_000, interval: 100 },
      )
      .toBe(true);
    // The bar moved through at least two values before the end.
    expect(new Set(seen.filter((v) => v > 0)).size).toBeGreaterThanOrEqual(2);
    expect(await panel.getAttribute('data-digits')).toBe('100');
    expect(await panel.locator('.progress').textContent()).toMatch(/Done: 100 digits/);
    // The linear model falls to every attack at ε = 0.3 and its flags stay green.
    expect(await worstShown(panel)).toBe(0);
    expect(await panel.locator('li[data-ok="false"]').count()).toBe(0);
    expect(await panel.locator('.ui-status').textContent()).toMatch(
      /measured in this browser.*all four sanity flags green/,
    );

    // A run cancelled at once leaves the worker with the tensors the finished run left (its models), and one worker.
    const after1 = await tensors(page);
    await panel.getByRole('button', { name: 'Run the suite in this browser' }).click();
    await panel.locator('xpath=self::*[@data-state="running"]').waitFor();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.locator('xpath=self::*[@data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await tensors(page)).toBe(after1);
    expect(page.workers()).toHaveLength(1);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    await page.close();
  }, 300_000);

  it('cancels a slow run within moments, keeps the manifest’s numbers and leaks nothing', async () => {
    const { page, panel } = await openPanel('eval.model=cnn-robust&eval.debug=1');
    const before = await worstShown(panel);
    const counts: number[] = [];
    for (let i = 0; i < 2; i++) {
      await panel.getByRole('button', { name: 'Run the suite in this browser' }).click();
      await expect
        .poll(async () => Number(await panel.locator('progress').getAttribute('value')), { timeout: 60_000 })
        .toBeGreaterThan(0);
      await panel.getByRole('button', { name: 'Cancel' }).click();
      await panel.locator('xpath=self::*[@data-state="ready"]').waitFor({ timeout: 10_000 });
      expect(await panel.locator('.progress').textContent()).toMatch(/Cancelled/);
      expect(await panel.getAttribute('data-source')).toBe('manifest');
      expect(await worstShown(panel)).toBe(before);
      counts.push(await tensors(page));
    }
    expect(counts[1]).toBe(counts[0]);
    expect(page.workers()).toHaveLength(1);
    await page.close();
  });

  it('runs on all 2,000 held-out digits by fetching the 1,200 no page ships, and only for that run', async () => {
    const { page, watch, panel } = await openPanel('eval.model=linear&eval.digits=2000');
    const rest: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/data/heldout-rest.u8.gz')) rest.push(r.status());
    });
    await expect(panel.getByRole('radio', { name: '2,000' }).isChecked()).resolves.toBe(true);
    expect(rest).toEqual([]);
    await panel.getByRole('button', { name: 'Run the suite in this browser' }).click();
    // The bar moves before the first whole percent (14 s on this machine for 2,000 digits), and the
    // words say so: bar and words read in one look.
    const progress = () =>
      panel.evaluate((el) => {
        const bar = el.querySelector('progress');
        return { shown: bar ? bar.position : 0, words: el.querySelector('.progress span')?.textContent ?? '' };
      });
    await expect.poll(async () => (await progress()).shown, { timeout: 120_000 }).toBeGreaterThan(0);
    const first = await progress();
    expect(first.shown).toBeLessThan(0.01);
    expect(first.words).toMatch(/^under 1% · /);
    expect(rest).toEqual([200]);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.locator('xpath=self::*[@data-state="ready"]').waitFor({ timeout: 30_000 });
    expect([...watch.pageErrors, ...watch.consoleErrors, ...watch.failedRequests]).toEqual([]);
    await page.close();
  }, 300_000);

  it('flags the masking trap red and cnn-robust green, each with its reason', async () => {
    const { page, panel } = await openPanel('eval.model=cnn-binarized');
    const red = panel.locator('li[data-ok="false"]');
    expect(await red.count()).toBe(2);
    expect(await panel.locator('li[data-flag="blackBoxNoStrongerThanWhiteBox"]').getAttribute('data-ok')).toBe('false');
    expect(await panel.locator('li[data-flag="largeEpsilonBreaksAll"]').textContent()).toMatch(/Red:.*gradients/);
    expect(await panel.locator('.ui-status').textContent()).toMatch(/2 of the four sanity flags red/);
    await panel.getByRole('radio', { name: /cnn-robust/ }).check();
    await expect.poll(() => panel.locator('li[data-ok="true"]').count()).toBe(4);
    expect(await panel.locator('li[data-ok="false"]').count()).toBe(0);
    await page.close();
  });

  it('keeps its state in the link, and clamps or drops what it cannot read', async () => {
    const { page, panel } = await openPanel('eval.model=cnn-fgsm&eval.eps=0.25&eval.digits=300');
    expect(await panel.getByRole('radio', { name: /cnn-fgsm/ }).isChecked()).toBe(true);
    expect(await panel.getByRole('radio', { name: '0.25', exact: true }).isChecked()).toBe(true);
    expect(await panel.getByRole('radio', { name: '300', exact: true }).isChecked()).toBe(true);
    expect(await panel.locator('table caption').first().textContent()).toMatch(/ε = 0.25/);
    await panel.getByRole('radio', { name: '0.1', exact: true }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('eval.eps')).toBe('0.1');
    await page.close();

    const bad = await openPanel('eval.model=zzz&eval.eps=abc&eval.digits=-40');
    expect(await bad.panel.getByRole('radio', { name: /cnn-robust/ }).isChecked()).toBe(true);
    expect(await bad.panel.getByRole('radio', { name: '0.3', exact: true }).isChecked()).toBe(true);
    expect(await bad.panel.getByRole('radio', { name: '100', exact: true }).isChecked()).toBe(true);
    // Nothing it could not read stays in the link.
    await expect
      .poll(() => [...new URL(bad.page.url()).searchParams.keys()].filter((k) => k.startsWith('eval.')))
      .toEqual([]);
    expect(bad.watch.pageErrors).toEqual([]);
    await bad.page.close();
  });

  it('passes axe in light and dark', async () => {
    const { page } = await openPanel('eval.model=cnn-binarized');
    expect(await axeInBothThemes(page, '#fig-eval-panel')).toEqual([]);
    await page.close();
  });
});
