// axe on one figure of an open page, in the light and the dark theme: the violations as lines
// ("dark color-contrast: #fig-x .y"), empty when both pass. The theme here is CSS only (light-dark()),
// so it has switched once the media query says so.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function axeInBothThemes(
  page: Page,
  include: string,
  /** What else must have caught up with a theme before axe looks (a figure re-reading its colours). */
  themed?: (page: Page) => Promise<unknown>,
): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForFunction(
      (dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
      colorScheme === 'dark',
    );
    await themed?.(page);
    const axe = await new AxeBuilder({ page }).include(include).withTags(AXE_TAGS).analyze();
    found.push(
      ...axe.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    );
  }
  return found;
}
