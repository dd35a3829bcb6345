// The static diagrams (src/components/diagrams/) can be read everywhere: on a 390 px phone no text in
// any of them is under 11 CSS px, printed on A4 none is under 9 pt, and no word sticks out of its
// drawing. Sizes are measured as rendered: the font size times the SVG's scale on screen.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from '../setup/chromium.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium();
const chapters = [
  'high-dimensional-distributions',
  'feature-space',
  'interpolation-extrapolation',
  'distribution-shift',
  'adversarial-examples',
  'generation',
  'adversarial-training',
];
/** A4 less the 16 mm side margins of src/styles/print.css, in CSS px (96 per inch). */
const A4_TEXT_WIDTH = Math.floor(((210 - 2 * 16) / 25.4) * 96);

interface DiagramText {
  figure: string;
  smallest: number;
  smallestText: string;
  outside: string[];
  texts: number;
}

/** Every diagram shown (a figure's direct <svg class="diagram"> child): its smallest text and stray words. */
function measure(page: Page): Promise<DiagramText[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGSVGElement>('figure .figure-body > svg.diagram')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .map((svg) => {
        const box = svg.getBoundingClientRect();
        let smallest = Infinity;
        let smallestText = '';
        let texts = 0;
        const outside: string[] = [];
        for (const t of svg.querySelectorAll<SVGTextContentElement>('text, tspan')) {
          const r = t.getBoundingClientRect();
          if (!t.textContent?.trim() || r.width === 0) continue;
          texts++;
          const m = t.getScreenCTM();
          const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
          if (px < smallest) {
            smallest = px;
            smallestText = t.textContent.trim().slice(0, 40);
          }
          if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
            outside.push(t.textContent.trim().slice(0, 40));
        }
        const figure = svg.closest('figure')?.id ?? '?';
        return { figure, smallest: Math.round(smallest * 100) / 100, smallestText, outside, texts };
      }),
  );
}

describe('diagram text', () => {
  it.each(chapters)('is at least 11 px on a 390 px phone and stays inside its drawing: %s', async (slug) => {
    const context = await chromium.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${siteUrl}${slug}/`);
    await page.evaluate(() => document.fonts.ready);
    const found = await measure(page);
    expect(found.length).toBeGreaterThan(0);
    // Every static diagram shows one of its drawings (none hides both at this width). Figures' own
    // static fallbacks (inside a widget frame) are not counted here.
    const figures = await page.locator('figure:has(> .figure-body > svg.diagram)').count();
    expect(found.length).toBe(figures);
    for (const d of found) {
      expect(d.texts, d.figure).toBeGreaterThan(0);
      expect(d.smallest, `${d.figure}: "${d.smallestText}"`).toBeGreaterThanOrEqual(11);
      expect(d.outside, d.figure).toEqual([]);
    }
    await context.close();
  });

  it.each(chapters)('is at least 9 pt printed on A4: %s', async (slug) => {
    const context = await chromium.browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${siteUrl}${slug}/`);
    await page.evaluate(() => document.fonts.ready);
    const found = await measure(page);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) {
      // 9 pt = 12 CSS px.
      expect(d.smallest, `${d.figure}: "${d.smallestText}"`).toBeGreaterThanOrEqual(12);
      expect(d.outside, d.figure).toEqual([]);
    }
    await context.close();
  });
});
