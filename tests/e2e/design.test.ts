// The design system's page (/design/): every control at least 24 px tall (44 px on a touch screen),
// a visible focus ring on each, and no WCAG 2.2 A/AA violation in light, dark and forced colours.
// It also leaves screenshots in reports/design/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeRun } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { sitemapPages } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const designUrl = `${siteUrl}design/`;
const chromium = useChromium();
const CONTROLS = '.ui-button, .ui-segment, .ui-slider input, .ui-stepper input, .ui-check, .ui-disclosure > summary';

/**
 * The gallery is an island: wait until it has hydrated (its buttons then count presses), and for the
 * fonts, which set the controls' sizes.
 */
async function openDesign(page: Page): Promise<void> {
  await page.goto(designUrl, { waitUntil: 'load' });
  await page.locator('astro-island:not([ssr])').first().waitFor({ state: 'attached' });
  await page.evaluate(() => document.fonts.ready);
}

async function sizes(page: Page) {
  return page.locator(CONTROLS).evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return {
          what: `${e.className || e.tagName} ${e.textContent?.trim().slice(0, 24) ?? ''}`,
          w: r.width,
          h: r.height,
        };
      }),
  );
}

describe('the design page', () => {
  it('is served but kept out of the sitemap and the search index', async () => {
    expect(sitemapPages(inject('siteDir'), siteUrl).some((p) => p.endsWith('/design/'))).toBe(false);
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(designUrl);
    expect(response?.status()).toBe(200);
    await expect(page.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex');
    await expect(page.locator('[data-pagefind-body]').count()).resolves.toBe(0);
    await context.close();
  });

  it('shows every kind of control in both themes', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await openDesign(page);
    for (const scheme of ['light', 'dark']) {
      const half = page.locator(`.design-theme[data-scheme="${scheme}"]`);
      for (const selector of [
        '.ui-button',
        '.ui-segmented',
        '.ui-slider',
        '.ui-stepper',
        '.ui-check',
        '.ui-disclosure',
        '.ui-legend',
        '.figure-panel',
      ])
        expect(await half.locator(selector).count(), `${scheme}: ${selector}`).toBeGreaterThan(0);
    }
    // The halves really differ: the dark half's background is darker than the light half's.
    const luminance = (scheme: string) =>
      page.locator(`.design-theme[data-scheme="${scheme}"]`).evaluate((e) => {
        const [r, g, b] = getComputedStyle(e)
          .backgroundColor.match(/[\d.]+/g)!
          .map(Number);
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      });
    expect(await luminance('dark')).toBeLessThan((await luminance('light')) - 100);
    await context.close();
  });

  it('has no control smaller than 24 × 24 px with a mouse', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await openDesign(page);
    await expect(page.evaluate(() => matchMedia('(pointer: fine)').matches)).resolves.toBe(true);
    const found = await sizes(page);
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((c) => c.h < 24 || c.w < 24)).toEqual([]);
    await context.close();
  });

  it('has no control smaller than 44 px tall on a touch screen', async () => {
    const context = await chromium.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await openDesign(page);
    await expect(page.evaluate(() => matchMedia('(pointer: coarse)').matches)).resolves.toBe(true);
    const found = await sizes(page);
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((c) => c.h < 44 - 0.5 || c.w < 24)).toEqual([]);
    await context.close();
  });

  it.each(['light', 'dark'] as const)(
    'draws a visible focus ring on every control it reaches by keyboard (%s)',
    async (scheme) => {
      const context = await chromium.browser.newContext({
        colorScheme: scheme,
        viewport: { width: 1366, height: 900 },
      });
      const page = await context.newPage();
      await openDesign(page);
      const half = `.design-theme[data-scheme="${scheme}"]`;
      // Start just before the half, then Tab through it.
      await page.locator(`${half} h2`).evaluate((h) => {
        h.setAttribute('tabindex', '-1');
        h.focus();
      });
      const rings: { what: string; style: string; width: number; changed: boolean }[] = [];
      for (let k = 0; k < 80; k++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate((halfSelector) => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || !el.closest(halfSelector)) return null;
          el.dataset.ringTest = '';
          // A radio draws its ring round its segment.
          const owner = (el.matches('.ui-segment > input') ? el.parentElement : el) as HTMLElement;
          // At once: the page may scroll smoothly, and the pixels are read in the viewport.
          owner.scrollIntoView({ block: 'center', behavior: 'instant' });
          const cs = getComputedStyle(owner);
          const r = owner.getBoundingClientRect();
          return {
            what: `${el.tagName.toLowerCase()}.${el.className} ${(owner.textContent ?? '').trim().slice(0, 20)}`,
            style: cs.outlineStyle,
            width: parseFloat(cs.outlineWidth),
            // The control and 8 px round it, in the viewport: a full-page capture for each would lay
            // the whole page out again, twice per control.
            clip: { x: r.left - 8, y: r.top - 8, width: r.width + 16, height: r.height + 16 },
          };
        }, half);
        if (!info) break;
        // The ring changes the pixels round the control: compare with the same control unfocused.
        const focused = await page.screenshot({ clip: info.clip });
        await page.evaluate(() => (document.activeElement as HTMLElement).blur());
        const blurred = await page.screenshot({ clip: info.clip });
        rings.push({ what: info.what, style: info.style, width: info.width, changed: !focused.equals(blurred) });
        // Back where the keyboard was, so the next Tab goes on from here.
        await page.evaluate(() => {
          const el = document.querySelector<HTMLElement>('[data-ring-test]');
          el?.focus();
          el?.removeAttribute('data-ring-test');
        });
      }
      expect(rings.filter((r) => r.style === 'none' || r.width < 2 || !r.changed)).toEqual([]);
      // Buttons, one stop per radio group, sliders, steppers, checkboxes, disclosures, a scrolling table.
      expect(rings.length).toBeGreaterThan(15);
      await context.close();
    },
  );

  it.each([
    ['light', undefined],
    ['dark', undefined],
    ['light', 'active'],
  ] as const)('has no WCAG 2.2 A/AA violation (%s, forced colours %s) and is screenshotted', async (scheme, forced) => {
    const context = await chromium.browser.newContext({ colorScheme: scheme, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    if (forced) await page.emulateMedia({ forcedColors: forced });
    await openDesign(page);
    if (forced) await expect(page.evaluate(() => matchMedia('(forced-colors: active)').matches)).resolves.toBe(true);
    const results = await axeRun(page);
    const summary = results.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
    expect(summary).toEqual([]);
    mkdirSync('reports/design', { recursive: true });
    await page.screenshot({ path: `reports/design/design-${scheme}${forced ? '-forced' : ''}.png`, fullPage: true });
    await context.close();
  });
});
