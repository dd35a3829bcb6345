// axe-core, WCAG 2.2 A and AA rules, on every page of the sitemap, in light and in dark mode.
import { describe, expect, inject, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { useChromium } from '../setup/chromium.ts';
import { sitemapPages } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const pages = [...sitemapPages(inject('siteDir'), siteUrl), `${siteUrl}no-such-page/`];
const chromium = useChromium();

describe.each(['light', 'dark'] as const)('%s mode', (scheme) => {
  it.each(pages)('%s has no WCAG 2.2 A/AA violation', async (url) => {
    const context = await chromium.browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const summary = results.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
    expect(summary).toEqual([]);
    await context.close();
  });
});
