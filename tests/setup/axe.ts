// axe-core in the page, and on one figure of an open page in the light and the dark theme.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/**
 * The axe rules Lighthouse's accessibility score also counts that carry none of AXE_TAGS (best
 * practices such as heading order): run with them, so that a page passing here scores 100 there.
 */
export const LIGHTHOUSE_EXTRA_RULES = [
  'accesskeys',
  'aria-allowed-role',
  'aria-dialog-name',
  'aria-text',
  'aria-treeitem-name',
  'empty-heading',
  'heading-order',
  'identical-links-same-purpose',
  'image-redundant-alt',
  'landmark-one-main',
  'skip-link',
  'tabindex',
  'table-duplicate-name',
  // Experimental in axe and unweighted in Lighthouse, but WCAG 1.3.1: every data cell has a header.
  'td-has-header',
];
/**
 * The rules among AXE_TAGS that the dark theme or forced colours can change the outcome of. Both change
 * colours (the theme is light-dark() in CSS), and forced colours also draw borders round controls,
 * which changes their size; neither shows or hides anything (pages.test checks that), so a page that
 * passed every rule in light needs only these again.
 */
export const AXE_STYLE_RULES = ['color-contrast', 'link-in-text-block', 'target-size'];

/** axe-core's own script (the version @axe-core/playwright brings), put into each frame once. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 A/AA by tag; with runOnly by tag, `rules` switches on rules beyond those tags (axe's documented way). */
const DEFAULT_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: AXE_TAGS },
  rules: Object.fromEntries(LIGHTHOUSE_EXTRA_RULES.map((r) => [r, { enabled: true }])),
};

/**
 * axe-core's WCAG 2.2 A/AA rules and LIGHTHOUSE_EXTRA_RULES on the page (or only on `include`), or
 * only `rules` when given, run in the page with `axe.run`.
 * AxeBuilder.analyze() gives the same results but opens and closes a page for every analysis (its
 * finishRun step): measured 3 to 10 s more per analysis on a chapter here. This site has no
 * cross-origin frames, the one case that step is for.
 */
export async function axeRun(page: Page, include?: string, rules?: readonly string[]): Promise<AxeResults> {
  for (const frame of page.frames())
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  // Every violation in full; a pass, or a case axe could not decide, with one node each (axe's
  // `resultTypes`): building a selector for every node of every result was 13-26 % of a chapter's run.
  const options: RunOptions = {
    ...(rules ? { runOnly: { type: 'rule', values: [...rules] } } : DEFAULT_OPTIONS),
    resultTypes: ['violations'],
  };
  return page.evaluate(
    ([context, opts]) =>
      (window as unknown as { axe: { run(c: ElementContext, o: RunOptions): Promise<AxeResults> } }).axe.run(
        context ?? document,
        opts,
      ),
    [include ?? null, options] as const,
  );
}

/**
 * axe on one figure of an open page, in the light and the dark theme: the violations as lines
 * ("dark color-contrast: #fig-x .y"), empty when both pass. The theme here is CSS only (light-dark()),
 * so it has switched once the media query says so.
 */
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
    const axe = await axeRun(page, include);
    found.push(
      ...axe.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    );
  }
  return found;
}
