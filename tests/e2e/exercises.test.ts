// Exercises as a student and an instructor meet them: numbered and linkable at the end of every chapter,
// listed on one page, hints and solutions folded without JavaScript, found by search, and lab links
// that open a figure in exactly the state the exercise names, with answers the live lab agrees with.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage } from '../setup/site.ts';
import book from '../../content/book.json' with { type: 'json' };
import { figureState } from '../../src/build/figure-states.ts';
import { readState } from '../../src/lib/url-state.ts';
import type { Label } from '../../src/lib/labels.ts';
import { answersFileSchema, labsFileSchema, parseWith } from '../../src/lib/exercise-labs.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium();
/** A page without JavaScript: for what the built HTML says, without loading the figures. */
const staticPage = async () => (await chromium.browser.newContext({ javaScriptEnabled: false })).newPage();
const labs = parseWith(labsFileSchema, JSON.parse(readFileSync('content/exercises/labs.json', 'utf8')), 'labs');
const answers = parseWith(
  answersFileSchema,
  JSON.parse(readFileSync('content/exercises/answers.json', 'utf8')),
  'answers',
);

/** The interactive figures as the chapters declare them (component and attributes), by id. */
const FIGURES: Record<string, Pick<Label, 'widget'>> = {
  'fig-attack-lab': { widget: { component: 'AttackLabFigure', props: {} } },
  'fig-attack-lab-robust': { widget: { component: 'AttackLabFigure', props: { focus: 'robust' } } },
  'fig-shift-lab': { widget: { component: 'ShiftLabFigure', props: {} } },
  'fig-pixel-feature': { widget: { component: 'PixelFeatureFigure', props: {} } },
  'fig-swiss-roll': { widget: { component: 'SwissRollFigure', props: {} } },
};

async function exercisesOn(page: Page) {
  return page.locator('section.exercise').evaluateAll((sections) =>
    sections.map((s) => {
      const h = s.querySelector('h3')!;
      return {
        id: h.id,
        number: h.querySelector('.exercise-number')?.textContent?.trim() ?? '',
        folds: [...s.querySelectorAll('details')].map((d) => d.querySelector('summary')?.textContent?.trim()),
      };
    }),
  );
}

describe('exercises in the chapters', () => {
  it('every chapter ends with takeaways and 3 to 5 numbered exercises with stable ids, listed on the exercises page', async () => {
    const page = await staticPage();
    const all: { id: string; number: string; href: string }[] = [];
    for (const chapter of book.chapters) {
      await page.goto(`${siteUrl}${chapter.slug}/`);
      expect(await page.locator('.objectives li').count(), chapter.slug).toBeGreaterThanOrEqual(2);
      const takeaways = await page.locator('.study-section .takeaways li').count();
      expect(takeaways, chapter.slug).toBeGreaterThanOrEqual(3);
      expect(takeaways, chapter.slug).toBeLessThanOrEqual(4);
      const found = await exercisesOn(page);
      expect(found.length, chapter.slug).toBeGreaterThanOrEqual(3);
      expect(found.length, chapter.slug).toBeLessThanOrEqual(5);
      found.forEach((e, i) => {
        expect(e.id).toMatch(/^ex-[a-z0-9-]+$/);
        expect(e.number).toBe(`Exercise ${chapter.number}.${i + 1}`);
        expect(e.folds, e.id).toEqual(['Hint', 'Solution']);
        all.push({ id: e.id, number: e.number, href: `${new URL(`${chapter.slug}/`, siteUrl).pathname}#${e.id}` });
      });
      // The outline lists the two sections the page adds after the chapter.
      const outline = await page.locator('.outline-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(outline.slice(-2)).toEqual(['#key-takeaways', '#exercises']);
    }
    await page.goto(`${siteUrl}exercises/`);
    const listed = await page
      .locator('.exercise-index li')
      .evaluateAll((lis) =>
        lis.map((li) => [
          li.querySelector('.exercise-index-number')?.textContent?.trim(),
          li.querySelector('a')?.getAttribute('href'),
        ]),
      );
    expect(listed).toEqual(all.map((e) => [e.number, e.href]));
    await page.context().close();
  });

  it('prints <Ref to="ex-…" /> as the exercise number, linked', async () => {
    const page = await staticPage();
    await page.goto(`${siteUrl}distribution-shift/`);
    const ref = page
      .locator(
        '#ex-shift-lab-fade ~ * a.xref[href="#ex-shift-lab-rotate"], .exercise a.xref[href="#ex-shift-lab-rotate"]',
      )
      .first();
    expect((await ref.textContent())?.trim()).toBe('Exercise 4.4');
    await page.context().close();
  });

  it('folds hints and solutions without JavaScript, and a click opens them', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${siteUrl}adversarial-examples/#ex-fgsm-by-hand`);
    const exercise = page.locator('section.exercise', { has: page.locator('#ex-fgsm-by-hand') });
    const solution = exercise.locator('details.exercise-solution');
    const hint = exercise.locator('details.exercise-hint');
    expect(await solution.getAttribute('open')).toBeNull();
    expect(await hint.getAttribute('open')).toBeNull();
    // The worked answer is in the page but not shown until the reader asks for it.
    const answer = solution.getByText('0.22', { exact: false }).first();
    expect(await answer.isVisible()).toBe(false);
    await solution.locator('summary').click();
    expect(await answer.isVisible()).toBe(true);
    expect(await hint.getAttribute('open')).toBeNull();
    await context.close();
  });

  it('are found by search', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(`${siteUrl}exercises/`);
    const base = new URL(siteUrl).pathname;
    // A string, so that Vitest does not rewrite the browser's import() into its own loader.
    const urls: string[] = await page.evaluate(`(async () => {
      const pf = await import('${base}pagefind/pagefind.js');
      await pf.options({ baseUrl: '${base}' });
      const r = await pf.search('thin peel holds almost everything');
      return Promise.all(r.results.map(async (x) => (await x.data()).url));
    })()`);
    expect(urls.some((u) => u.endsWith('/high-dimensional-distributions/'))).toBe(true);
    await page.context().close();
  });
});

describe('lab links', () => {
  it('open their figure in exactly the state labs.json names, in the chapter and alone', async () => {
    const page = await staticPage();
    const seen = new Set<string>();
    for (const chapter of book.chapters) {
      await page.goto(`${siteUrl}${chapter.slug}/`);
      const links = await page.locator('.lab-link').evaluateAll((ps) =>
        ps.map((p) => ({
          lab: p.getAttribute('data-lab')!,
          figure: p.getAttribute('data-figure')!,
          main: p.querySelector<HTMLAnchorElement>('a.lab-link-main')!.href,
          alone: p.querySelector<HTMLAnchorElement>('.lab-link-alone a')!.href,
        })),
      );
      for (const link of links) {
        const spec = labs[link.lab];
        expect(spec, link.lab).toBeDefined();
        expect(link.figure).toBe(spec!.figure);
        const fig = figureState({ id: link.figure, ...FIGURES[link.figure]! } as Label);
        const main = new URL(link.main);
        expect(main.hash).toBe(`#${link.figure}`);
        const opened = readState(fig.schema, fig.prefix, main.searchParams) as Record<string, unknown>;
        for (const [key, value] of Object.entries(spec!.state))
          expect(opened[key], `${link.lab}: ${key}`).toEqual(value);
        // Nothing else in the query: every parameter belongs to the figure.
        for (const key of main.searchParams.keys()) expect(key.startsWith(`${fig.prefix}.`), key).toBe(true);
        const alone = new URL(link.alone);
        expect(alone.pathname).toBe(new URL(`figures/${link.figure}/`, siteUrl).pathname);
        expect(alone.search).toBe(main.search);
        // The figure is on the page the link opens.
        const target = await page.context().request.get(`${main.origin}${main.pathname}`);
        expect(await target.text()).toContain(`id="${link.figure}"`);
        seen.add(link.lab);
      }
    }
    const withFigure = Object.entries(labs)
      .filter(([, l]) => l.figure)
      .map(([id]) => id);
    expect([...seen].sort()).toEqual(withFigure.sort());
    await page.context().close();
  });

  it("put the live attack lab where the answer says: the digit holds one step below the answer's ε and flips at it", async () => {
    const { page, watch } = await watchedPage(await chromium.browser.newContext(), siteUrl);
    const answer = answers.answers['flip-fgsm-cnn']!;
    const [eps, step] = [answer.eps as number, answer.step as number];
    await page.goto(`${siteUrl}adversarial-examples/`);
    const href = await page.locator('.lab-link[data-lab="flip-fgsm-cnn"] a.lab-link-main').getAttribute('href');
    for (const [at, flipped] of [
      [eps - step, false],
      [eps, true],
    ] as const) {
      const url = new URL(href!, siteUrl);
      url.searchParams.set('lab.eps', String(Math.round(at * 1000) / 1000));
      await page.goto(url.href);
      const result = page.locator(
        `#fig-attack-lab .result[aria-busy="false"][data-eps="${Math.round(at * 1000) / 1000}"]`,
      );
      await result.waitFor({ timeout: 60_000 });
      expect(await result.getAttribute('data-digit')).toBe(String(answer.digit));
      expect(await result.getAttribute('data-model')).toBe('cnn');
      const reading = await result.locator('.adv-pred').getAttribute('data-label');
      expect(reading === String(answer.label), `ε = ${at}: reads ${reading}`).toBe(!flipped);
    }
    expect(watch.pageErrors).toEqual([]);
    await page.context().close();
  });
});
