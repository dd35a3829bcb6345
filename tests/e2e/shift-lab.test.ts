// The shift lab (chapter 4) in Chromium: every held-out digit shifted, scored by a real model in the
// browser. What a reader would notice: the unshifted score is the build's measurement, shifting
// lowers accuracy while the confidence stays high, the link reproduces the state, bad links are
// clamped, a broken model is reported inside the figure, and no tensor is left behind.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { inkedDigits } from '../setup/ink.ts';
import { watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const CH4 = `${siteUrl}distribution-shift/`;
type Point = { level: number; accuracy: number; confidence: number; confidentMistakes: number };
const measured = JSON.parse(readFileSync('src/widgets/shift-lab/static-curves.json', 'utf8')) as {
  count: number;
  curves: Record<string, Record<string, Point[]>>;
};

const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

/** Opens chapter 4 with query `q`, scrolls the figure into view and waits for its first result. */
async function openShift(q = ''): Promise<{ page: Page; watch: PageWatch; fig: ReturnType<Page['locator']> }> {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  await page.goto(`${CH4}${q ? `?${q}` : ''}`);
  const fig = page.locator('#fig-shift-lab .shift');
  await fig.scrollIntoViewIfNeeded();
  await fig.locator('.result[aria-busy="false"][data-accuracy]').waitFor({ timeout: 30_000 });
  return { page, watch, fig };
}

const numberOf = async (fig: ReturnType<Page['locator']>, attr: string) =>
  Number(await fig.locator('.result').getAttribute(attr));

describe('shift lab', () => {
  it('scores the unshifted digits as the build measured, and a rotation costs accuracy but not confidence', async () => {
    const { page, watch, fig } = await openShift('shift.level=0');
    const build = measured.curves.cnn!.rotate!;
    // The same job, model and backend (wasm) as the build: the same score, to the last digit.
    expect(await numberOf(fig, 'data-accuracy')).toBe(build[0]!.accuracy);
    expect(await numberOf(fig, 'data-confidence')).toBe(build[0]!.confidence);
    expect(await fig.locator('.sentence').textContent()).toMatch(
      /^Unshifted: cnn gets \d+% of the 800 held-out digits right/,
    );

    const slider = fig.locator('input[type=range]');
    await slider.fill('0.5');
    await fig.locator('.result[aria-busy="false"][data-level="0.5"]').waitFor();
    const accuracy = await numberOf(fig, 'data-accuracy');
    const confidence = await numberOf(fig, 'data-confidence');
    expect(accuracy).toBeLessThan(0.7);
    expect(confidence - accuracy).toBeGreaterThan(0.15);
    expect(await numberOf(fig, 'data-mistakes')).toBeGreaterThan(0.05);
    expect(await fig.locator('.sentence').textContent()).toMatch(
      /^Rotated 45°: cnn gets \d+% .* yet is on average \d+% sure; \d+% of the digits are wrong with more than 90% confidence\.$/,
    );
    expect(await fig.locator('output').textContent()).toBe('45°');
    // The twelve sample digits say right or wrong in text, not only by colour.
    // innerText: what the reader sees, with the markup's line breaks collapsed.
    const marks = await fig.locator('.samples li span').allInnerTexts();
    expect(marks).toHaveLength(12);
    for (const m of marks) expect(m).toMatch(/^[✓✗] \d \d+%$/);
    // Each shows its digit, rotated: ink, no two alike.
    expect(new Set(await inkedDigits(fig.locator('.samples img'), 12, 30)).size).toBe(12);
    // The whole curve, measured again here, agrees with the build's: a marker per severity for each measure.
    await fig.locator('.curve-status[data-checked][data-source="build"]').waitFor({ timeout: 30_000 });
    expect(await fig.locator('.curve-status').textContent()).toMatch(/^\s*Curve: 9 severities × 800 digits/);
    for (const key of ['accuracy', 'confidence', 'confidentMistakes']) {
      expect(await fig.locator(`svg g[data-measure="${key}"] path:not(.now-marker)`).count()).toBe(1 + 9);
    }
    // 0.5 is the default, so the link no longer needs to say it.
    await expect.poll(() => new URL(page.url()).searchParams.get('shift.level')).toBeNull();
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('reproduces the figure from a link, moves by keyboard, and clamps or ignores bad values', async () => {
    const { page, fig } = await openShift('shift.kind=noise&shift.level=0.75&shift.model=linear');
    expect(await fig.locator('input[type=radio][value=noise]').isChecked()).toBe(true);
    expect(await fig.locator('input[type=radio][value=linear]').isChecked()).toBe(true);
    expect(await fig.locator('output').textContent()).toBe('σ = 0.45');
    const first = await fig.locator('.sentence').textContent();
    expect(first).toMatch(/^With noise of σ = 0\.45: linear gets/);
    await fig.locator('input[type=range]').focus();
    await page.keyboard.press('ArrowLeft');
    await fig.locator('.result[aria-busy="false"][data-level="0.725"]').waitFor();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('shift.level') === '0.725');
    await page.close();

    // The same link in a second reader's browser gives the same sentence.
    const again = await openShift('shift.kind=noise&shift.level=0.75&shift.model=linear');
    expect(await again.fig.locator('.sentence').textContent()).toBe(first);
    await again.page.close();

    const bad = await openShift('shift.kind=sideways&shift.level=7&shift.model=resnet');
    expect(await bad.fig.locator('input[type=radio][value=rotate]').isChecked()).toBe(true);
    expect(await bad.fig.locator('.result').getAttribute('data-level')).toBe('1');
    expect(await bad.fig.locator('.result').getAttribute('data-model')).toBe('cnn');
    expect(bad.watch.pageErrors).toEqual([]);
    await bad.page.close();
  });

  // The sentence is the largest text on the figure's page: set larger or wider live than in the static
  // version, it became a largest paint of its own, seconds after the first (Lighthouse's LCP).
  it.each([412, 1280])('takes the static sentence’s place and room at %i px without growing', async (width) => {
    // Font by its parts: with tabular digits (.steady) the `font` shorthand reads as "".
    const box = (el: Element) => {
      const s = getComputedStyle(el);
      return {
        width: Math.round(el.getBoundingClientRect().width),
        height: Math.round(el.getBoundingClientRect().height),
        font: [s.fontFamily, s.fontSize, s.fontWeight, s.lineHeight, s.fontVariantNumeric].join(' / '),
        text: el.textContent?.trim(),
      };
    };
    const still = await chromium.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await still.newPage();
    await page.goto(`${siteUrl}figures/fig-shift-lab/`);
    const fixed = await page.locator('#fig-shift-lab .shift-static-sentence').evaluate(box);
    await still.close();
    const live = await chromium.browser.newContext({ viewport: { width, height: 900 } });
    const page2 = await live.newPage();
    await page2.goto(`${siteUrl}figures/fig-shift-lab/`);
    const sentence = page2.locator('#fig-shift-lab .shift[data-state="ready"] .sentence');
    await sentence.waitFor({ timeout: 30_000 });
    expect(await sentence.evaluate(box)).toEqual(fixed);
    await live.close();
  });

  it('keeps its height on a phone whichever form its small print takes (a check ending, a slow answer)', async () => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${siteUrl}figures/fig-shift-lab/?shift.kind=move&shift.level=0.5`);
    const fig = page.locator('#fig-shift-lab .shift');
    await fig.locator('.result[aria-busy="false"][data-source="live"]').waitFor({ timeout: 60_000 });
    await fig.locator('.curve-status[data-checked]').waitFor({ timeout: 60_000 });
    const mark = "A ✓ or ✗ marks whether the model's answer (with its confidence) is right.";
    const size = '9 severities × 800 digits';
    const forms = {
      '.curve-status': [
        'Measuring the curve in your browser: 9 of 9 severities…',
        `Curve: ${size}, measured in your browser.`,
        `Curve: ${size}, measured when the site was built; checking it in your browser (9 of 9)…`,
        `Curve: ${size}, measured when the site was built and again, the same, in your browser.`,
      ],
      '.backend': [
        `${mark} Computed when the site was built.`,
        `${mark} Computed when the site was built, and the same here in 12345 ms.`,
        `${mark} Computed here in 12345 ms.`,
      ],
    };
    // Each line shown in each of its forms in turn (and put back): the result box keeps one height.
    const heights = await fig.evaluate((root, forms) => {
      const box = root.querySelector('.result')!;
      const seen = [Math.round(box.getBoundingClientRect().height)];
      for (const [selector, texts] of Object.entries(forms)) {
        const line = root.querySelector(selector)!;
        const shown = line.textContent;
        for (const text of texts) {
          line.textContent = text;
          seen.push(Math.round(box.getBoundingClientRect().height));
        }
        line.textContent = shown;
      }
      return seen;
    }, forms);
    expect(new Set(heights).size, heights.join(', ')).toBe(1);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('passes axe in light and dark once live, wrong answers included', async () => {
    const { page, fig } = await openShift('shift.kind=invert&shift.level=0.8');
    expect(await fig.locator('.samples li.wrong').count()).toBeGreaterThan(0);
    expect(await axeInBothThemes(page, '#fig-shift-lab')).toEqual([]);
    await page.close();
  });

  it('leaves no tensor behind in the worker, however often the digits are re-scored', async () => {
    const { page, fig } = await openShift('shift.debug=1');
    // The figure's own curve holds a tensor while it awaits each batch: let it finish before counting.
    await fig.locator('.curve-status[data-checked]').waitFor({ timeout: 30_000 });
    const counts = await page.evaluate(async () => {
      const hook = (
        window as unknown as {
          __shiftLab: Record<
            string,
            { numTensors(): Promise<number>; evaluate(m: string, k: string, s: number): Promise<unknown> }
          >;
        }
      ).__shiftLab['fig-shift-lab']!;
      // Every model once first, so that their weights are loaded before counting.
      for (const m of ['linear', 'cnn', 'cnn-robust']) await hook.evaluate(m, 'rotate', 0);
      const before = await hook.numTensors();
      const kinds = ['rotate', 'move', 'fade', 'noise', 'invert'];
      for (let i = 0; i < 20; i++)
        await hook.evaluate(['linear', 'cnn', 'cnn-robust'][i % 3]!, kinds[i % 5]!, (i % 8) / 8);
      return { before, after: await hook.numTensors() };
    });
    expect(counts.before).toBeGreaterThan(0);
    expect(counts.after).toBe(counts.before);
    await page.close();
  });

  it('shows the build-time score and curve before the worker has answered, and the same once it has', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await watchedPage(ctx, siteUrl);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/models/cnn/weights.bin', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(CH4);
    const fig = page.locator('#fig-shift-lab .shift');
    await fig.scrollIntoViewIfNeeded();
    await fig.locator('.result[data-source="build"][data-accuracy]').waitFor({ timeout: 30_000 });
    const read = async () => ({
      sentence: await fig.locator('.sentence').textContent(),
      accuracy: await numberOf(fig, 'data-accuracy'),
      samples: await fig.locator('.samples li span').allTextContents(),
      curve: await fig.locator('svg g[data-measure] path:not(.now-marker)').count(),
    });
    const before = await read();
    const point = measured.curves.cnn!.rotate!.find((p) => p.level === 0.5)!;
    expect(before.accuracy).toBe(point.accuracy);
    expect(before.samples).toHaveLength(12);
    expect(before.curve).toBe(3 * 10);
    expect(await fig.locator('.result').getAttribute('aria-busy')).toBe('true');
    release();
    await fig.locator('.result[data-confirmed][aria-busy="false"]').waitFor({ timeout: 30_000 });
    await fig.locator('.curve-status[data-checked][data-source="build"]').waitFor({ timeout: 30_000 });
    expect(await read()).toEqual(before);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('reports a missing model inside the figure and keeps working with another', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await watchedPage(ctx, siteUrl);
    await page.route('**/models/linear/weights.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${CH4}?shift.model=linear`);
    const fig = page.locator('#fig-shift-lab .shift');
    await fig.scrollIntoViewIfNeeded();
    const alert = fig.locator('.shift-error[role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/linear\/weights\.bin: HTTP 404/);
    await fig.locator('input[type=radio][value=cnn]').check();
    await fig.locator('.result[aria-busy="false"][data-model=cnn]').waitFor();
    expect(await alert.count()).toBe(0);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await ctx.close();
  });

  it("shows the build's measurements without JavaScript", async () => {
    const ctx = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(CH4);
    const fallback = page.locator('#fig-shift-lab .shift-static');
    expect(await fallback.locator('svg path').count()).toBeGreaterThanOrEqual(3 * 10);
    expect(await fallback.locator('tbody tr').count()).toBe(5);
    const rotated = measured.curves.cnn!.rotate!.find((p) => p.level === 0.5)!;
    expect(await fallback.locator('.shift-static-sentence').textContent()).toContain(
      `cnn gets ${Math.round(rotated.accuracy * 100)}% of the 800`,
    );
    await ctx.close();
  });
});
