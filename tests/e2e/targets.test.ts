// Every control a reader can press or drag in a live figure, on its own page, is a target of at least
// 24 × 24 CSS px with a mouse (WCAG 2.2 target size, AA), and at least 44 px tall on a touch screen.
// The design page checks the design system's controls; this checks that the figures use them (a
// native 13 px checkbox or a bare select would fail). A checkbox or radio counts with its label,
// which is part of its target.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContextOptions } from 'playwright-core';
import { useChromium } from '../setup/chromium.ts';
import { sitemapPages } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const chromium = useChromium();
const CONTROLS =
  'button, select, summary, input:not([type="hidden"]), [role="button"], [role="slider"], [role="radio"]';

/** Figure pages whose figure is live (an island), read from the built files. */
const livePages = sitemapPages(siteDir, siteUrl).filter((url) => {
  const path = new URL(url).pathname.replace(/^.*?\/figures\//, 'figures/');
  if (!path.startsWith('figures/')) return false;
  return readFileSync(join(siteDir, path, 'index.html'), 'utf8').includes('<astro-island');
});

async function smallTargets(url: string, options: BrowserContextOptions, minHeight: number) {
  const context = await chromium.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // Hydrated, and the figure's controls drawn (some appear once its models have loaded).
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
  await page.locator(`.widget-frame :is(${CONTROLS})`).first().waitFor({ timeout: 60_000 });
  const found = await page.locator(`.widget-frame :is(${CONTROLS})`).evaluateAll((els, min) => {
    return els
      .filter((e) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0)
      .map((e) => {
        const input = e as HTMLInputElement;
        const box = (input.type === 'checkbox' || input.type === 'radio') && input.labels?.[0] ? input.labels[0] : e;
        const r = box.getBoundingClientRect();
        return {
          what: `${e.tagName.toLowerCase()} ${input.name || input.id || e.textContent?.trim().slice(0, 30)}`,
          w: Math.round(r.width),
          h: Math.round(r.height),
        };
      })
      .filter((c) => c.w > 0 && (c.h < min - 0.5 || c.w < 24));
  }, minHeight);
  const counted = await page.locator(`.widget-frame :is(${CONTROLS})`).count();
  await context.close();
  return { found, counted };
}

describe('figure controls as targets', () => {
  it('finds the live figures', () => expect(livePages.length).toBeGreaterThanOrEqual(10));

  it.each(livePages)('%s: none smaller than 24 × 24 px with a mouse', async (url) => {
    const { found, counted } = await smallTargets(url, { viewport: { width: 1366, height: 900 } }, 24);
    expect(counted).toBeGreaterThan(0);
    expect(found.map((c) => `${c.what} ${c.w}×${c.h}`).join('; ')).toBe('');
  });

  it.each(livePages)('%s: none under 44 px tall on a touch screen', async (url) => {
    const { found } = await smallTargets(
      url,
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      44,
    );
    expect(found.map((c) => `${c.what} ${c.w}×${c.h}`).join('; ')).toBe('');
  });
});
