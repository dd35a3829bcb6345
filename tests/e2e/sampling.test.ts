// Figure 6.x "Four ways to sample a digit" in Chromium: four samplers, one of them the VAE's decoder
// in the page's model worker. What a reader would notice: four panels of digits with their scores,
// "Sample again" draws new ones and puts the seed in the link, the link reproduces the draws, a bad
// seed is dropped, a missing decoder is reported inside the figure, and no tensor is left behind.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const CH6 = `${siteUrl}generation/`;
const example = JSON.parse(readFileSync('src/widgets/sampling/static-example.json', 'utf8')) as {
  seed: number;
  sentence: string;
};

const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

type Fig = ReturnType<Page['locator']>;

/** Opens `url`, scrolls the figure into view and waits until its draws are shown. */
async function openSampling(url: string): Promise<{ page: Page; watch: PageWatch; fig: Fig }> {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  await page.goto(url);
  const fig = page.locator('#fig-sampling .sampling');
  await fig.scrollIntoViewIfNeeded();
  await fig.locator('.samplers[aria-busy="false"]').waitFor({ timeout: 30_000 });
  return { page, watch, fig };
}

/** Every panel's pixels, as data URLs: what the reader sees. */
const pictures = (fig: Fig) =>
  fig.locator('.samplers canvas').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));

const liveText = (fig: Fig) => fig.locator('[aria-live]').textContent();

describe('four ways to sample a digit', () => {
  it('draws four panels in chapter 6, the same as the build, and "Sample again" draws new ones', async () => {
    const { page, watch, fig } = await openSampling(CH6);
    expect(await fig.locator('.samplers li').count()).toBe(4);
    expect(await fig.locator('.samplers canvas').count()).toBe(4);
    const scores = await fig.locator('.samplers .score').allTextContents();
    expect(scores.slice(0, 3).every((s) => /log-likelihood −\d\.\d{3} nats per pixel/.test(s))).toBe(true);
    expect(scores[3]).toMatch(/ELBO −\d\.\d{3} nats per pixel: a lower bound/);
    // Same job, tables and decoder as the build: the same words for the same seed.
    expect(await fig.getAttribute('data-seed')).toBe(String(example.seed));
    expect(await liveText(fig)).toBe(example.sentence);
    const before = await pictures(fig);

    await fig.getByRole('button', { name: 'Sample again' }).click();
    await page
      .locator(`#fig-sampling .sampling[data-seed="${example.seed + 1}"] .samplers[aria-busy="false"]`)
      .waitFor();
    const after = await pictures(fig);
    expect(after).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(after[i]).not.toBe(before[i]);
    expect(await liveText(fig)).toMatch(new RegExp(`^Seed ${example.seed + 1}: 4 digits from each sampler`));
    await expect.poll(() => new URL(page.url()).searchParams.get('sample.seed')).toBe(String(example.seed + 1));
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('reproduces the draws from a link, on the figure page too, and drops a seed it cannot read', async () => {
    const a = await openSampling(`${CH6}?sample.seed=4242`);
    expect(await a.fig.getAttribute('data-seed')).toBe('4242');
    const first = { pictures: await pictures(a.fig), words: await liveText(a.fig) };
    await a.page.close();

    const b = await openSampling(`${siteUrl}figures/fig-sampling/?sample.seed=4242`);
    expect({ pictures: await pictures(b.fig), words: await liveText(b.fig) }).toEqual(first);
    await b.page.close();

    const bad = await openSampling(`${CH6}?sample.seed=abc&other=1`);
    expect(await bad.fig.getAttribute('data-seed')).toBe(String(example.seed));
    await expect.poll(() => new URL(bad.page.url()).searchParams.has('sample.seed')).toBe(false);
    expect(new URL(bad.page.url()).searchParams.get('other')).toBe('1');
    expect(bad.watch.pageErrors).toEqual([]);
    await bad.page.close();

    const big = await openSampling(`${CH6}?sample.seed=99999999`);
    expect(await big.fig.getAttribute('data-seed')).toBe('999999');
    await big.page.close();
  });

  it('leaves no tensor behind in the worker, however often it samples', async () => {
    const { page } = await openSampling(`${CH6}?sample.debug=1`);
    const counts = await page.evaluate(async () => {
      const hook = (
        window as unknown as {
          __sampling: Record<string, { numTensors(): Promise<number>; sample(seed: number): Promise<unknown> }>;
        }
      ).__sampling['fig-sampling']!;
      const before = await hook.numTensors();
      for (let seed = 100; seed < 130; seed++) await hook.sample(seed);
      return { before, after: await hook.numTensors() };
    });
    // The decoder's weights stay loaded; nothing else stays.
    expect(counts.before).toBeGreaterThan(0);
    expect(counts.after).toBe(counts.before);
    await page.close();
  });

  it('passes axe in light and dark once live', async () => {
    const { page } = await openSampling(CH6);
    expect(await axeInBothThemes(page, '#fig-sampling')).toEqual([]);
    await page.close();
  });

  it('reports a missing decoder inside the figure, naming the file', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await watchedPage(ctx, siteUrl);
    await page.route('**/models/vae/weights.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${CH6}?sample.seed=7`);
    const fig = page.locator('#fig-sampling .sampling');
    await fig.scrollIntoViewIfNeeded();
    const alert = fig.locator('.sampling-error[role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/vae\/weights\.bin: HTTP 404/);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('shows the build-time draws without JavaScript', async () => {
    const ctx = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const url of [CH6, `${siteUrl}figures/fig-sampling/`]) {
      await page.goto(url);
      const imgs = page.locator('#fig-sampling .samplers-static img');
      expect(await imgs.count()).toBe(4);
      // Every picture is there (a broken image has no natural width).
      const widths = await imgs.evaluateAll((els) =>
        Promise.all(
          els.map(async (e) => {
            const img = e as HTMLImageElement;
            if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }));
            return img.naturalWidth;
          }),
        ),
      );
      expect(widths).toEqual([57, 57, 57, 57]);
      expect(await page.locator('#fig-sampling .samplers-static .score').count()).toBe(4);
    }
    await ctx.close();
  });
});

describe('the latent plane', () => {
  const latent = JSON.parse(readFileSync('public/models/vae/latent.json', 'utf8')) as { count: number };

  async function openPlane(q = ''): Promise<{ page: Page; watch: PageWatch; fig: Fig }> {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${CH6}${q ? `?${q}` : ''}`);
    const fig = page.locator('#fig-latent-plane .latent');
    await fig.scrollIntoViewIfNeeded();
    await fig.locator('canvas[aria-busy="false"][data-z1]').waitFor({ timeout: 30_000 });
    return { page, watch, fig };
  }
  const decoded = (fig: Fig) => fig.locator('canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL());

  it('decodes the point under the crosshair; slider, pointer and link move it', async () => {
    const { page, watch, fig } = await openPlane();
    expect(await fig.locator('canvas').getAttribute('data-z1')).toBe('0');
    const centre = await decoded(fig);
    expect(await fig.locator('.sentence').textContent()).toMatch(/^z = \(0\.00, 0\.00\), 0\.00 from the centre/);

    const z1 = fig.getByLabel('z₁ (across)');
    await z1.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await fig.locator('canvas[aria-busy="false"][data-z1="1"]').waitFor();
    expect(await decoded(fig)).not.toBe(centre);
    await expect.poll(() => new URL(page.url()).searchParams.get('latent.z1')).toBe('1');
    expect(await fig.locator('.sentence').textContent()).toMatch(/nearest held-out digit’s code is a \d/);

    // A click on the map's top-left quarter moves the crosshair there.
    const box = (await fig.locator('svg.overlay').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await expect.poll(() => new URL(page.url()).searchParams.get('latent.z2')).toBe('2.5');
    expect(watch.pageErrors).toEqual([]);
    await page.close();

    const again = await openPlane('latent.z1=-1.5&latent.z2=9');
    expect(await again.fig.locator('canvas').getAttribute('data-z1')).toBe('-1.5');
    expect(await again.fig.locator('canvas').getAttribute('data-z2')).toBe('5');
    await again.page.close();
  });

  it('passes axe in light and dark once live', async () => {
    const { page } = await openPlane();
    expect(await axeInBothThemes(page, '#fig-latent-plane')).toEqual([]);
    await page.close();
  });

  it('draws the map of every held-out digit and the prior without JavaScript', async () => {
    const ctx = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${siteUrl}figures/fig-latent-plane/`);
    const dots = await page
      .locator('#fig-latent-plane svg.latent-map path.dots')
      .evaluateAll((ps) => ps.reduce((n, p) => n + (p.getAttribute('d')?.match(/h0/g)?.length ?? 0), 0));
    expect(dots).toBe(latent.count);
    expect(await page.locator('#fig-latent-plane .prior circle').count()).toBe(3);
    expect(await page.locator('#fig-latent-plane .latent-static-only img').isVisible()).toBe(true);
    // No sliders that could do nothing: the side column is the live figure's.
    expect(await page.locator('#fig-latent-plane .side').isVisible()).toBe(false);
    await ctx.close();
  });
});
