// The three-kinds figure in chapter 5, in Chromium: the opening state shows the build's numbers and
// the model worker confirms them; the adversarial column stays within its ε and is read as the target;
// changing digit, model or negative changes the columns; a link reproduces the figure and bad values
// are clamped or dropped; a drawing can be the original; no tensor is left in the worker after
// twenty-odd changes; the figure is accessible in both themes; without JavaScript and in print it shows
// the static example; a missing model file gives an in-figure error.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { drawOne } from '../setup/draw.ts';
import { inkedDigits } from '../setup/ink.ts';
import { watchedFigure, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const chapter = `${siteUrl}adversarial-examples/`;
const fig = '#fig-three-kinds';
const idp = 'fig-three-kinds-kinds';
const settled = `${fig} .kinds-result[aria-busy="false"]`;
const chromium = useChromium();

interface Stored {
  digit: number;
  target: number;
  search: { eps: number };
  negative: { index: number; pixelL2: number; featureL2: number };
  hardNegative: { index: number; pixelL2: number; featureL2: number };
  adversarial: { pixelL2: number; featureL2: number; answer: { label: number } };
}
const example = JSON.parse(readFileSync('src/widgets/three-kinds/static-example.json', 'utf8')) as {
  opening: { digit: number };
  byModel: Record<string, Stored>;
};

async function open(
  context: BrowserContext,
  url = chapter,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; watch: PageWatch }> {
  return watchedFigure(context, siteUrl, url, fig, before);
}

interface Column {
  /** The model's answer. */
  label: number;
  /** Its class in the data; null for a made image. */
  cls: number | null;
  pixel: number;
  linf: number;
  feature: number;
  real: boolean;
}
/** What the figure shows: its state attributes and each column's numbers. */
async function shown(page: Page) {
  const result = page.locator(`${fig} .kinds-result`);
  const column = async (kind: string): Promise<Column> => {
    const c = page.locator(`${fig} .col[data-kind="${kind}"]`);
    const n = async (a: string) => Number(await c.getAttribute(`data-${a}`));
    return {
      label: await n('label'),
      cls: (await c.getAttribute('data-class')) ? await n('class') : null,
      pixel: await n('pixel'),
      linf: await n('linf'),
      feature: await n('feature'),
      real: (await c.getAttribute('data-real')) === 'true',
    };
  };
  return {
    model: await result.getAttribute('data-model'),
    digit: await result.getAttribute('data-digit'),
    target: Number(await result.getAttribute('data-target')),
    eps: Number(await page.locator(`${fig} .kinds-search`).getAttribute('data-eps')),
    negative: await column('negative'),
    hard: await column('hard-negative'),
    adversarial: await column('adversarial'),
    verdicts: await page.locator(`${fig} .col .verdict`).allTextContents(),
  };
}
type Shown = Awaited<ReturnType<typeof shown>>;

/** The adversarial column is a made image within its ε, read as the hard negative's class. */
function expectAttackHolds(s: Shown) {
  expect(s.adversarial.real).toBe(false);
  expect(s.negative.real && s.hard.real).toBe(true);
  expect(s.adversarial.linf).toBeLessThanOrEqual(s.eps + 1e-6);
  expect(s.adversarial.label).toBe(s.target);
  expect(s.hard.cls).toBe(s.target);
  expect(s.adversarial.cls).toBeNull();
  expect(s.verdicts[2]).toMatch(/^Not real: made by an attack/);
}

/** Waits for a settled result with these attributes on .kinds-result. */
const waitFor = (page: Page, attrs: Record<string, string>) =>
  page.waitForSelector(
    `${settled}${Object.entries(attrs)
      .map(([k, v]) => `[data-${k}="${v}"]`)
      .join('')}`,
    {
      timeout: 60_000,
    },
  );

const clean = (watch: PageWatch) =>
  expect([...watch.consoleErrors, ...watch.pageErrors, ...watch.failedRequests, ...watch.externalRequests]).toEqual([]);

/**
 * The chapter in its opening state, confirmed by the worker: one page for the tests that only look at
 * it (they leave its state as they found it), so that the worker's start and first run are paid once.
 */
let opening: Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> | undefined;
const openingPage = () =>
  (opening ??= (async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await page.waitForSelector(`${fig} .kinds-result[data-source="build"]`, { timeout: 45_000 });
    await page.waitForSelector(`${fig} .kinds-result[data-confirmed], ${fig} .kinds-result[data-source="live"]`, {
      timeout: 60_000,
    });
    return { context, page, watch };
  })());
afterAll(async () => (await opening)?.context.close());

describe('the three-kinds figure', () => {
  it("opens on the build's result, which the model worker confirms; the adversarial example holds", async () => {
    const { page, watch } = await openingPage();
    // The live default state is the static one: confirmed, not replaced.
    expect(await page.locator(`${fig} .kinds-result`).getAttribute('data-source')).toBe('build');
    const s = await shown(page);
    const stored = example.byModel.cnn!;
    expect(s.digit).toBe(String(example.opening.digit));
    expect(s.eps).toBe(stored.search.eps);
    expect(s.adversarial.pixel).toBe(stored.adversarial.pixelL2);
    expect(s.hard.feature).toBe(stored.hardNegative.featureL2);
    expectAttackHolds(s);
    // The story the chapter tells: nearest in pixels, yet read as the far class.
    expect(s.adversarial.pixel).toBeLessThan(s.hard.pixel);
    expect(s.hard.pixel).toBeLessThan(s.negative.pixel);
    expect(s.verdicts[0]).toMatch(/^Real: a held-out/);
    expect(s.verdicts[1]).toMatch(/^Real, and close to the boundary/);
    await expect(page.locator(`${fig} .ui-status`).textContent()).resolves.toMatch(
      /nearest of the three in pixels, yet cnn reads it as a \d, the hard negative's class/,
    );
    // Each column shows its own digit (painted one a task).
    const inks = await inkedDigits(page.locator(`${fig} .kinds-columns img`), 4, 40);
    expect(new Set(inks).size).toBe(4);
    // The marks on both axes are the columns' numbers.
    const marks = await page
      .locator(`${fig} .axis[data-space="pixel"] .mark`)
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-kind'), Number(g.getAttribute('data-value'))]));
    expect(Object.fromEntries(marks)).toEqual({
      negative: s.negative.pixel,
      'hard-negative': s.hard.pixel,
      adversarial: s.adversarial.pixel,
    });
    clean(watch);
  });

  it('changing the digit, the model and the negative changes the columns; a link reproduces them', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await waitFor(page, { confirmed: '' });
    const first = await shown(page);

    await page.locator(`#${idp}-thumb-5`).click();
    await waitFor(page, { digit: '5', model: 'cnn' });
    await expect.poll(() => new URL(page.url()).searchParams.get('kinds.digit')).toBe('5');
    const digit5 = await shown(page);
    expect(digit5.negative).not.toEqual(first.negative);
    expect(digit5.hard).not.toEqual(first.hard);
    expect(digit5.adversarial).not.toEqual(first.adversarial);
    expectAttackHolds(digit5);

    await page.locator(`${fig} input[type=radio][value="cnn-robust"]`).check();
    await waitFor(page, { digit: '5', model: 'cnn-robust' });
    const robust = await shown(page);
    expect(robust.adversarial).not.toEqual(digit5.adversarial);
    expect(robust.hard.feature).not.toBe(digit5.hard.feature); // another model, another feature space
    expectAttackHolds(robust);

    await page.getByRole('button', { name: 'Another random negative' }).click();
    await waitFor(page, { digit: '5', model: 'cnn-robust', seed: '2' });
    const reroll = await shown(page);
    expect(reroll.negative).not.toEqual(robust.negative);
    expect(reroll.hard).toEqual(robust.hard);
    expect(reroll.eps).toBe(robust.eps);

    // The link: another reader sees the same figure.
    // As the page's own copy-link buttons do: ask for the address (src/runtime/address-writes.ts).
    const link = new URL(
      await page.evaluate(() => {
        dispatchEvent(new Event('aside:read-address'));
        return location.href;
      }),
    );
    expect(Object.fromEntries(link.searchParams)).toEqual({
      'kinds.digit': '5',
      'kinds.model': 'cnn-robust',
      'kinds.seed': '2',
    });
    const other = await context.newPage();
    await other.goto(link.href);
    await other.locator(fig).scrollIntoViewIfNeeded();
    await waitFor(other, { digit: '5', model: 'cnn-robust', seed: '2' });
    expect(await shown(other)).toEqual(reroll);
    await other.close();
    clean(watch);
    await context.close();
  }, 180_000);

  it('clamps or drops bad values in the link', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(
      context,
      `${chapter}?kinds.digit=123456&kinds.model=resnet&kinds.seed=-4&kinds.drawn=maybe&kinds.ink=%%%`,
    );
    await waitFor(page, { model: 'cnn', seed: '1' });
    const digit = Number(await page.locator(`${fig} .kinds-result`).getAttribute('data-digit'));
    expect(digit).toBe(Number(await page.locator(`#${idp}-digit`).getAttribute('max')));
    await expect
      .poll(() => Object.fromEntries(new URL(page.url()).searchParams))
      .toEqual({ 'kinds.digit': String(digit) });
    expectAttackHolds(await shown(page));
    clean(watch);
    await context.close();
  });

  it('takes a drawing as the original', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context);
    await waitFor(page, { confirmed: '' });
    await page.getByLabel('Use my own drawing as the original').check();
    await drawOne(page, page.locator(`#${idp}-pad`));
    await waitFor(page, { digit: 'drawn' });
    await expect(page.locator(`${fig} .col.original .meta`).textContent()).resolves.toMatch(/^your drawing/);
    const s = await shown(page);
    const read = Number((await page.locator(`${fig} .col.original .answer b`).textContent())!.trim());
    expect(s.hard.label).not.toBe(read); // another class than the one the model reads
    expectAttackHolds(s);
    await expect.poll(() => new URL(page.url()).searchParams.get('kinds.ink')).toMatch(/^1[B-Za-z0-9_-]+$/);
    clean(watch);
    await context.close();
  });

  it('leaves no tensor behind in the worker after twenty-odd changes', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, watch } = await open(context, `${chapter}?kinds.debug=1`);
    await waitFor(page, { confirmed: '' });
    const result = await page.evaluate(async () => {
      const hook = (
        window as unknown as {
          __threeKinds: { numTensors(): Promise<number>; compare(r: object): Promise<{ search: { eps: number } }> };
        }
      ).__threeKinds;
      const models = ['linear', 'cnn', 'cnn-robust'];
      // Each model's feature space is kept once made: make all three before counting (3 changes).
      for (const model of models) await hook.compare({ model });
      const before = await hook.numTensors();
      // 23 changes, as a reader's come: most are superseded by the next one while running (the
      // tensor count answers between two steps of the job, so each is cut off mid-attack), every
      // eighth runs to the end; every model both ways.
      const runs: Promise<unknown>[] = [];
      for (let i = 0; i < 23; i++) {
        const run = hook.compare({ model: models[i % 3], digit: (i * 37) % 800, seed: i + 1 });
        runs.push(run.catch((e: Error) => (e.name === 'AbortError' ? 'superseded' : Promise.reject(e))));
        if (i % 8 === 7) await run;
        else await hook.numTensors();
      }
      const outcomes = await Promise.all(runs);
      return {
        before,
        after: await hook.numTensors(),
        superseded: outcomes.filter((o) => o === 'superseded').length,
      };
    });
    expect(result.before).toBeGreaterThan(0);
    expect(result.after).toBe(result.before);
    expect(result.superseded).toBeGreaterThan(15);
    // And twenty changes through the controls, most cancelled by the next.
    const input = page.locator(`#${idp}-digit`);
    await input.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp');
    await waitFor(page, { digit: String(example.opening.digit + 20) });
    const count = () =>
      page.evaluate(() =>
        (window as unknown as { __threeKinds: { numTensors(): Promise<number> } }).__threeKinds.numTensors(),
      );
    await expect.poll(count).toBe(result.before);
    expect(page.workers()).toHaveLength(1);
    clean(watch);
    await context.close();
  }, 240_000);

  it('is accessible, live, in both colour schemes', async () => {
    const { page, watch } = await openingPage();
    await waitFor(page, { confirmed: '' });
    expect(await axeInBothThemes(page, fig)).toEqual([]);
    await page.emulateMedia({ colorScheme: null });
    clean(watch);
  });

  it('shows the static example without JavaScript, on its figure page, and in print', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const url of [chapter, `${siteUrl}figures/fig-three-kinds/`]) {
      await page.goto(url);
      await expect(page.locator(`${fig} .kinds-static img`).count()).resolves.toBe(4);
      await expect(page.locator(`${fig} .kinds-static`).isVisible()).resolves.toBe(true);
      await expect(page.locator(`${fig} .kinds-static-text`).textContent()).resolves.toMatch(
        /^Bisection: the attack fails at ε = \d\.\d{3} and succeeds at ε = \d\.\d{3}/,
      );
      const stored = example.byModel.cnn!;
      await expect(
        page.locator(`${fig} .kinds-static .axis[data-space="pixel"] .values`).textContent(),
      ).resolves.toMatch(new RegExp(`adversarial\\s+${stored.adversarial.pixelL2.toFixed(2)}`));
    }
    await context.close();

    const { page: p2 } = await openingPage();
    await waitFor(p2, { confirmed: '' });
    await p2.emulateMedia({ media: 'print' });
    await expect(p2.locator(`${fig} .kinds-static`).isVisible()).resolves.toBe(true);
    await expect(p2.locator(`${fig} .kinds-live`).isVisible()).resolves.toBe(false);
    await p2.emulateMedia({ media: null });
  });

  it('shows an in-figure error when a model file is missing, and another model still works', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A page route, so that it takes precedence over the watcher's catch-all context route.
    const { page, watch } = await open(context, chapter, async (p) => {
      await p.route('**/models/cnn/weights.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
    });
    const error = page.locator(`${fig} .kinds-error[role="alert"]`);
    await error.waitFor({ timeout: 45_000 });
    await expect(error.textContent()).resolves.toMatch(/models\/cnn\/weights\.bin: HTTP 404/);
    await page.locator(`${fig} input[type=radio][value="linear"]`).check();
    await waitFor(page, { model: 'linear' });
    await expect(error.count()).resolves.toBe(0);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.failedRequests.every((r) => r.includes('weights.bin'))).toBe(true);
    await context.close();
  });
});
