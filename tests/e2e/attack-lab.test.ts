// The attack lab (chapters 5 and 7) in Chromium against the built site: the attack does what the
// paper says, the numbers shown are honest, the curves match the manifests, state round-trips through
// the URL, broken model files give an in-figure error, and no tensor leaks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeInBothThemes } from '../setup/axe.ts';
import { useChromium } from '../setup/chromium.ts';
import { drawOne } from '../setup/draw.ts';
import { inkedDigits } from '../setup/ink.ts';
import { holdRequests, watchedPage, type PageWatch } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const CH5 = `${siteUrl}adversarial-examples/`;
const CH7 = `${siteUrl}adversarial-training/`;
const manifest = (m: string) => JSON.parse(readFileSync(join(siteDir, 'models', m, 'manifest.json'), 'utf8'));
const robustShipped = existsSync(join(siteDir, 'models', 'cnn-robust', 'manifest.json'));

const chromium = useChromium({ viewport: { width: 1280, height: 900 } });

/** `window.__attackLab[figureId]`, present while the lab is mounted with `?<prefix>.debug=1`. */
interface Hook {
  /** Live tensors in the page's model worker. */
  numTensors(): Promise<number>;
  attack(
    p: Record<string, unknown>,
  ): Promise<{ clean: { label: number }; adv: { label: number; probs: Float32Array }; linf: number }>;
  backend(): string | null;
}

/** Opens a chapter with query `q`, scrolls the lab into view and waits for its first result. */
async function openLab(
  url: string,
  q = '',
  figure = '#fig-attack-lab',
): Promise<{ page: Page; watch: PageWatch; lab: ReturnType<Page['locator']> }> {
  const { page, watch } = await watchedPage(chromium.context, siteUrl);
  await page.goto(`${url}${q ? `?${q}` : ''}`);
  const lab = page.locator(`${figure} .lab`);
  await lab.scrollIntoViewIfNeeded();
  await lab.locator('.result[aria-busy="false"][data-eps]').waitFor({ timeout: 30_000 });
  return { page, watch, lab };
}

/** The probabilities shown by the bars, before and after. */
async function bars(lab: ReturnType<Page['locator']>) {
  return lab
    .locator('.bars li')
    .evaluateAll((els) =>
      els.map((e) => ({ before: Number(e.getAttribute('data-before')), after: Number(e.getAttribute('data-after')) })),
    );
}
const argmax = (xs: number[]) => xs.reduce((b, v, i, a) => (v > a[b]! ? i : b), 0);

/** Sets ε with the slider, as a reader would, and waits for the result at that ε. */
async function setEps(lab: ReturnType<Page['locator']>, eps: number) {
  await lab.locator('input[type=range][id$="-eps"]').fill(String(eps));
  await lab.locator(`.result[aria-busy="false"][data-eps="${eps}"]`).waitFor();
}

describe('attack lab, chapter 5', () => {
  it('at ε = 0 predicts as on the clean digit; raising ε flips a cnn digit, the sentence says so, and L∞ never exceeds ε', async () => {
    const { page, watch, lab } = await openLab(CH5, 'lab.debug=1&lab.model=cnn&lab.digit=1&lab.eps=0');
    expect(await lab.locator('.verdict').textContent()).toMatch(/^No attack \(ε = 0\)/);
    const b0 = await bars(lab);
    expect(argmax(b0.map((b) => b.after))).toBe(argmax(b0.map((b) => b.before)));
    expect(Number(await lab.locator('.adv-pred').getAttribute('data-label'))).toBe(argmax(b0.map((b) => b.before)));
    expect(await lab.locator('.linf').textContent()).toBe('0.000');
    let flippedAt: number | null = null;
    for (let eps = 0.025; eps <= 0.5; eps = Math.round((eps + 0.025) * 1000) / 1000) {
      await setEps(lab, eps);
      const linf = Number(await lab.locator('.linf').textContent());
      expect(linf).toBeLessThanOrEqual(eps);
      expect(Number(await lab.locator('.linf').getAttribute('data-value'))).toBeLessThanOrEqual(eps + 1e-6);
      const b = await bars(lab);
      if (argmax(b.map((x) => x.after)) !== argmax(b.map((x) => x.before))) {
        flippedAt = eps;
        break;
      }
    }
    expect(flippedAt).not.toBeNull();
    expect(await lab.locator('.verdict').textContent()).toMatch(/^7 at \S+ became [0-689] at \S+\.$/);
    // The slider wrote ε into the URL.
    // The slider wrote ε into the URL (the default, 0.15, is left out to keep links short).
    await expect.poll(() => Number(new URL(page.url()).searchParams.get('lab.eps') ?? 0.15)).toBe(flippedAt);
    expect(await page.locator('.lab').first().getAttribute('data-state')).toBe('ready');
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    await page.close();
  });

  it('targeted FGSM raises the chosen class', async () => {
    const { page, watch, lab } = await openLab(CH5, 'lab.attack=fgsm-targeted&lab.target=3&lab.digit=1&lab.eps=0.1');
    await expect(lab.locator('select[id$="-target"]').inputValue()).resolves.toBe('3');
    for (const target of [3, 5]) {
      await lab.locator('select[id$="-target"]').selectOption(String(target));
      await lab.locator(`.result[aria-busy="false"][data-target="${target}"]`).waitFor();
      const b = await bars(lab);
      expect(b[target]!.after).toBeGreaterThan(b[target]!.before);
      expect(await lab.locator('.verdict').textContent()).toMatch(new RegExp(`Target ${target} (reached|not reached)`));
    }
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('reproduces the figure from a URL with state, and ignores bad values', async () => {
    const q =
      'lab.digit=5&lab.model=linear&lab.attack=pgd&lab.eps=0.2&lab.k=7&lab.alpha=0.05&lab.rs=0&lab.target=banana';
    const { page, watch, lab } = await openLab(CH5, q);
    await expect(lab.locator('input[type=radio][value=linear]').isChecked()).resolves.toBe(true);
    await expect(lab.locator('input[type=radio][value=pgd]').isChecked()).resolves.toBe(true);
    await expect(lab.locator('input[id$="-eps"]').inputValue()).resolves.toBe('0.2');
    await expect(lab.locator('input[id$="-k"]').inputValue()).resolves.toBe('7');
    await expect(lab.locator('input[id$="-alpha"]').inputValue()).resolves.toBe('0.05');
    await expect(lab.locator('label:has-text("random start") input').isChecked()).resolves.toBe(false);
    const result = lab.locator('.result');
    expect(await result.getAttribute('data-digit')).toBe('5');
    expect(await result.getAttribute('data-model')).toBe('linear');
    expect(await lab.locator('.stats').textContent()).toMatch(/PGD \(T = 7, α = 0\.0500\)/);
    // The same URL in a fresh page gives the same numbers.
    const first = await bars(lab);
    const again = await openLab(CH5, q);
    expect(await bars(again.lab)).toEqual(first);
    expect([...watch.consoleErrors, ...again.watch.consoleErrors, ...watch.pageErrors]).toEqual([]);
    await again.page.close();
    await page.close();
  });

  it('leaks no tensor over 20 attacks, counted in the model worker', async () => {
    const { page, lab } = await openLab(CH5, 'lab.debug=1');
    const counts = await page.evaluate(async () => {
      const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab']!;
      const kinds = ['fgsm', 'fgsm-targeted', 'pgd'];
      await hook.attack({ model: 'linear' });
      await hook.attack({ model: 'cnn' });
      const before = await hook.numTensors();
      // Runs of two on one digit and attack (the ε-only path), models alternating, drawings mixed in.
      for (let i = 0; i < 20; i++) {
        const pixels = i % 7 === 0 ? new Float32Array(784).fill(0.1 + (i % 3) / 10) : null;
        await hook.attack({
          attack: kinds[Math.floor(i / 2) % 3],
          digit: Math.floor(i / 2),
          eps: (i % 10) / 20,
          k: 5,
          model: Math.floor(i / 4) % 2 ? 'cnn' : 'linear',
          pixels,
        });
      }
      return { before, after: await hook.numTensors(), backend: hook.backend() };
    });
    expect(counts.before).toBeGreaterThan(0);
    expect(counts.after).toBe(counts.before);
    expect(await lab.locator('[data-backend]').textContent()).toBe(counts.backend);
    await page.close();
  });

  it('runs a PGD curve in slices: the same result every time, and cancelling frees every tensor', async () => {
    const { page } = await openLab(CH5, 'lab.debug=1');
    const r = await page.evaluate(async () => {
      const hook = (
        window as unknown as {
          __attackLab: Record<
            string,
            Hook & {
              runCurve: (
                spec: unknown,
                onProgress: (p: { done: number }) => void,
                signal: AbortSignal,
              ) => Promise<unknown>;
            }
          >;
        }
      ).__attackLab['fig-attack-lab']!;
      const spec = { model: 'cnn', attack: 'pgd', epsilons: [0.1, 0.2], count: 40, steps: 10 };
      const before = await hook.numTensors();
      const first = await hook.runCurve(spec, () => {}, new AbortController().signal);
      const second = await hook.runCurve(spec, () => {}, new AbortController().signal);
      const ctrl = new AbortController();
      let error = '';
      try {
        await hook.runCurve(
          { ...spec, count: 400 },
          (p: { done: number }) => {
            if (p.done > 0) ctrl.abort();
          },
          ctrl.signal,
        );
      } catch (e) {
        error = (e as Error).name;
      }
      return { first, second, error, leaked: (await hook.numTensors()) - before };
    });
    expect(r.first).toEqual(r.second);
    expect(r.first).toHaveLength(2);
    expect(r.error).toBe('AbortError');
    expect(r.leaked).toBe(0);
    await page.close();
  });

  it('gives the same numbers when only ε moves as when the attack starts afresh', async () => {
    const { page } = await openLab(CH5, 'lab.debug=1');
    const same = await page.evaluate(async () => {
      const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab']!;
      const out: boolean[] = [];
      for (const attack of ['fgsm', 'fgsm-targeted']) {
        await hook.attack({ model: 'cnn', attack, digit: 9, eps: 0.05, target: 2 });
        const slid = await hook.attack({ model: 'cnn', attack, digit: 9, eps: 0.2, target: 2 });
        await hook.attack({ model: 'cnn', attack, digit: 10, eps: 0.2, target: 2 });
        const fresh = await hook.attack({ model: 'cnn', attack, digit: 9, eps: 0.2, target: 2 });
        out.push(slid.adv.probs.every((p, k) => p === fresh.adv.probs[k]) && slid.linf === fresh.linf);
      }
      return out;
    });
    expect(same).toEqual([true, true]);
    await page.close();
  });

  it('runs the FGSM curve to the end, matches the manifest at ε = 0, and can be cancelled', async () => {
    const { page, watch, lab } = await openLab(CH5, '');
    // Closed, the curves panel is not built (it cost the lab's start a long task); opening builds it.
    await lab.locator('details.curves-box').waitFor();
    expect(await lab.locator('.curves').count()).toBe(0);
    await lab.locator('summary').click();
    const panel = lab.locator('.curves');
    await panel.locator('input[type=checkbox][value=linear]').uncheck();
    await panel.locator('input[type=checkbox][value=cnn]').check();
    await panel.locator('select[id$="-curve-count"]').selectOption('800');
    await panel.locator('button.run').click();
    await panel.locator('.status').waitFor({ timeout: 60_000 });
    const done = await panel.locator('.status').textContent();
    expect(done).toMatch(/^Done/);
    console.log(`attack lab curve: ${done}`);
    const acc0 = Number(
      await panel.locator('tr[data-model=cnn][data-attack=fgsm] td[data-eps="0"]').getAttribute('data-acc'),
    );
    expect(acc0).toBeCloseTo(manifest('cnn').cleanAccuracy.shippedSample, 2);
    const acc3 = Number(
      await panel.locator('tr[data-model=cnn][data-attack=fgsm] td[data-eps="0.3"]').getAttribute('data-acc'),
    );
    expect(acc3).toBeLessThan(acc0);
    // A long PGD run in the worker: the lab keeps answering meanwhile, and a cancel stops the run.
    await panel.locator('input[type=checkbox][value=pgd]').check();
    await panel.locator('button.run').click();
    await panel.locator('progress').waitFor();
    await setEps(lab, 0.05);
    expect(await panel.locator('progress').count()).toBe(1); // still running
    await panel.locator('button.cancel').click();
    await expect
      .poll(() =>
        panel
          .locator('.status')
          .textContent()
          .catch(() => ''),
      )
      .toMatch(/^Cancelled/);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });
});

describe("attack lab, the reader's own digit", () => {
  it('attacks a digit drawn with the mouse, and the link carries the drawing to another reader', async () => {
    const { page, watch, lab } = await openLab(CH5, 'lab.model=cnn&lab.eps=0');
    await lab.getByLabel('Attack my own drawing instead').check();
    await drawOne(page, lab.locator('canvas[role=application]'));
    await lab.locator('.result[aria-busy="false"][data-digit="drawn"]').waitFor();
    expect(await lab.locator('.verdict').textContent()).toMatch(
      /^Your drawing: No attack \(ε = 0\): the model says 1 at /,
    );
    expect(await lab.locator('.images img').first().getAttribute('alt')).toBe('Original: your drawing, read as 1');
    // The held-out thumbnails are off while the drawing is attacked.
    expect(await lab.locator('fieldset[disabled] .thumb').count()).toBeGreaterThan(0);

    // Raise ε until the model no longer reads a 1; L∞ stays within ε all the way.
    let flippedAt: number | null = null;
    for (let eps = 0.05; eps <= 0.5; eps = Math.round((eps + 0.05) * 100) / 100) {
      await setEps(lab, eps);
      expect(Number(await lab.locator('.linf').getAttribute('data-value'))).toBeLessThanOrEqual(eps + 1e-6);
      if ((await lab.locator('.adv-pred').getAttribute('data-label')) !== '1') {
        flippedAt = eps;
        break;
      }
    }
    expect(flippedAt).not.toBeNull();
    expect(await lab.locator('.verdict').textContent()).toMatch(/^Your drawing: 1 at \S+ became [02-9] at \S+\.$/);
    // The link is copied below: wait until it holds the drawing and the last ε (written once the
    // reader pauses; 0.15, the default, is left out).
    await page.waitForFunction((eps) => {
      const search = new URL(location.href).searchParams;
      return /^1[B-Za-z0-9_-]+$/.test(search.get('lab.ink') ?? '') && Number(search.get('lab.eps') ?? 0.15) === eps;
    }, flippedAt);
    // Accessible with the drawing pad open, in both colour schemes.
    expect(await axeInBothThemes(page, '#fig-attack-lab')).toEqual([]);
    const url = new URL(page.url());
    expect(url.searchParams.get('lab.drawn')).toBe('1');
    const seen = {
      verdict: await lab.locator('.verdict').textContent(),
      linf: await lab.locator('.linf').getAttribute('data-value'),
    };

    const other = await openLab(CH5, url.search.slice(1));
    await other.lab.locator('.result[aria-busy="false"][data-digit="drawn"]').waitFor();
    expect({
      verdict: await other.lab.locator('.verdict').textContent(),
      linf: await other.lab.locator('.linf').getAttribute('data-value'),
    }).toEqual(seen);
    // Unticking goes back to the held-out digit, and the drawing leaves the URL.
    await other.lab.getByLabel('Attack my own drawing instead').uncheck();
    await other.lab.locator('.result[aria-busy="false"][data-digit="1"]').waitFor();
    await other.page.waitForFunction(() => !new URL(location.href).searchParams.has('lab.ink'));
    for (const w of [watch, other.watch]) {
      expect(w.consoleErrors).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    }
    await other.page.close();
    await page.close();
  });

  it('ignores a corrupt drawing in the link and attacks the held-out digit', async () => {
    const { page, watch, lab } = await openLab(CH5, 'lab.drawn=1&lab.ink=1ZZZ&lab.digit=4');
    expect(await lab.locator('.result').getAttribute('data-digit')).toBe('4');
    await lab.getByText('Until you draw, the lab attacks held-out digit no. 4.').waitFor();
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('shows each digit in its thumbnail, and moves through them with the arrow keys', async () => {
    const { page, lab } = await openLab(CH5, 'lab.digit=5');
    // Each thumbnail shows its own digit: dark ink on light, no two alike.
    const shown = await inkedDigits(lab.locator('.thumb img'), 12, 40);
    expect(shown.every((d) => d.split(',').length < 400)).toBe(true);
    expect(new Set(shown).size).toBe(12);
    await lab.locator('.thumb[aria-pressed=true]').focus();
    await page.keyboard.press('ArrowRight');
    await lab.locator('.result[aria-busy="false"][data-digit="6"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Digit 6,/);
    await page.keyboard.press('ArrowDown');
    await lab.locator('.result[aria-busy="false"][data-digit="18"]').waitFor();
    await page.close();
  });
});

describe('attack lab with broken model files', () => {
  for (const [what, fulfil] of [
    ['missing', { status: 404, body: 'not found' }],
    ['truncated', { status: 200, body: Buffer.alloc(1000), contentType: 'application/octet-stream' }],
  ] as const) {
    it(`shows an in-figure error for ${what} weights and keeps the rest working`, async () => {
      const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, watch } = await watchedPage(ctx, siteUrl);
      // A page route wins over the context route that watchedPage installs.
      await page.route('**/models/linear/weights.bin', (route) => route.fulfill(fulfil));
      await page.goto(`${CH5}?lab.model=linear`);
      const lab = page.locator('#fig-attack-lab .lab');
      await lab.scrollIntoViewIfNeeded();
      const alert = lab.locator('.lab-error[role=alert]');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.textContent()).toMatch(
        what === 'missing' ? /linear\/weights\.bin: HTTP 404/ : /linear\/weights\.bin: truncated/,
      );
      // Another model still works, and the error goes away.
      await lab.locator('input[type=radio][value=cnn]').check();
      await lab.locator('.result[aria-busy="false"][data-model=cnn]').waitFor();
      expect(await alert.count()).toBe(0);
      expect(watch.pageErrors).toEqual([]);
      // The only console error allowed is the browser's own note about the 404.
      expect(watch.consoleErrors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
      await ctx.close();
    });
  }
});

describe('attack lab, chapter 7', () => {
  it('opens on the robust model (when shipped) and the curves, with its own URL prefix', async () => {
    const { page, watch, lab } = await openLab(CH7, 'lab.eps=0.33&lab-robust.eps=0.25', '#fig-attack-lab-robust');
    expect(await lab.getAttribute('data-prefix')).toBe('lab-robust');
    expect(await lab.locator('.result').getAttribute('data-eps')).toBe('0.25');
    expect(await lab.locator('.result').getAttribute('data-model')).toBe(robustShipped ? 'cnn-robust' : 'cnn');
    expect(await lab.locator('details.curves-box').getAttribute('open')).not.toBeNull();
    // Before any run, the manifests' curves are drawn (cnn and cnn-robust, FGSM and PGD), each with
    // a point per ε of its evaluation table.
    const manifestLines = lab.locator('.curves svg g.series.manifest');
    await manifestLines.first().waitFor();
    const expected = (robustShipped ? ['cnn', 'cnn-robust'] : ['cnn']).length * 2;
    expect(await manifestLines.count()).toBe(expected);
    const rows = manifest('cnn').robustness.rows.length;
    expect(await manifestLines.first().locator('path').count()).toBe(2 + rows); // the line, and a marker at ε = 0 and at each row
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });

  it('on a phone, the chart keeps readable labels and the cost table fits the screen', async () => {
    const phone = await chromium.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto(CH7);
    // To the lab first, as a reader scrolls: the chapter lays it out as it comes near, and the lab then
    // builds its live parts. (The blocks above it take their real heights as they are laid out, which
    // can carry the lab away again: scroll until it is live.)
    const lab = page.locator('#fig-attack-lab-robust .lab');
    await expect
      .poll(async () => {
        await lab.scrollIntoViewIfNeeded();
        return lab.getAttribute('data-state');
      })
      .toBe('ready');
    const chart = page.locator('#fig-attack-lab-robust .curves svg.chart');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('g.series').first().waitFor();
    // The chart is drawn first at a default 560-unit width, then at its box's measured width (a
    // ResizeObserver): wait for the latter before measuring the text.
    await page.waitForFunction(() => {
      const svg = document.querySelector<SVGSVGElement>('#fig-attack-lab-robust .curves svg.chart')!;
      return svg.viewBox.baseVal.width <= svg.parentElement!.clientWidth;
    });
    // A fixed 560-unit viewBox squeezed to the phone drew these at about 7 px.
    const tickHeight = await chart
      .locator('text')
      .first()
      .evaluate((t) => t.getBoundingClientRect().height);
    expect(tickHeight).toBeGreaterThanOrEqual(11);
    const table = await page
      .locator('.lab-cost')
      .evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
    expect(table.table).toBeLessThanOrEqual(table.box);
    await phone.close();
  });

  it.skipIf(!robustShipped)(
    'the cost table gives the manifests’ PGD and worst-case numbers, and says which digits they cover',
    async () => {
      const { page } = await watchedPage(chromium.context, siteUrl);
      await page.goto(CH7, { waitUntil: 'domcontentloaded' });
      const cost = page.locator('#fig-attack-lab-robust .lab-cost');
      const text = async (l: ReturnType<Page['locator']>) =>
        ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();
      const robust = manifest('cnn-robust');
      const digits = (n: number) => n.toLocaleString('en-GB');
      // Words and numbers kept apart ("PGD-20 on 2,000 held-out digits", never "PGD-20on 2,000held-out").
      expect(await text(cost.locator('caption'))).toContain(
        `PGD-${robust.robustness.pgd.steps} on ${digits(robust.robustness.count)} held-out digits`,
      );
      const worst03 = robust.evaluation.rows.find((r: { epsilon: number }) => r.epsilon === 0.3).worstCase;
      const row = cost.locator('tr.lab-worst-row[data-model="cnn-robust"]');
      expect(await text(row)).toContain(`${(worst03 * 100).toFixed(1)}%`);
      const scope = await text(page.locator('#fig-attack-lab-robust .lab-worst'));
      if (robust.evaluation.heldOutPositions) expect(scope).toMatch(/stratified samples/);
      else expect(scope).toContain(`on all ${digits(robust.evaluation.digits)} held-out digits`);
      await page.close();
    },
  );

  it.skipIf(!robustShipped)('cnn-robust needs a larger ε than cnn to flip most digits', async () => {
    const { page } = await openLab(CH7, 'lab-robust.debug=1', '#fig-attack-lab-robust');
    const flips = await page.evaluate(async () => {
      const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab-robust']!;
      const out: Record<string, number[]> = { cnn: [], 'cnn-robust': [] };
      for (const model of ['cnn', 'cnn-robust']) {
        for (let digit = 0; digit < 20; digit++) {
          let at = 1;
          for (let eps = 0.05; eps <= 0.5; eps += 0.05) {
            const r = await hook.attack({ model, digit, eps, attack: 'pgd', k: 5, alpha: (2.5 * eps) / 5 });
            if (r.adv.label !== r.clean.label) {
              at = eps;
              break;
            }
          }
          out[model]!.push(at);
        }
      }
      return out;
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(flips['cnn-robust']!)).toBeGreaterThan(median(flips.cnn!));
    await page.close();
  });
});

describe('attack lab loading', () => {
  /** The model, the digits or the wasm binary: what the lab must not fetch before it is wanted. */
  const heavy = (urls: string[]) => urls.some((u) => /\.wasm$|weights\.bin|digits\.u8/.test(u));

  it('starts ahead once the page is idle, and builds its parts only when the reader comes near', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const urls: string[] = [];
    ctx.on('request', (r) => urls.push(r.url()));
    const { page, watch } = await watchedPage(ctx, siteUrl);
    await page.goto(CH5);
    const lab = page.locator('#fig-attack-lab .lab');
    // Never scrolled: the figure is far below the first screen.
    await lab.and(page.locator('[data-warm]')).waitFor({ state: 'attached', timeout: 30_000 });
    expect(await lab.evaluate((el) => el.getBoundingClientRect().top > 2 * innerHeight)).toBe(true);
    expect(heavy(urls)).toBe(true);
    // Files, worker and first answer are in; the live parts are not built yet (the static version shows).
    expect(await lab.locator('.lab-live').count()).toBe(0);
    expect(await lab.getAttribute('data-state')).toBe('loading');
    // One scroll to a screen and a half above it, and no further: the lab builds itself a screen ahead.
    await lab.evaluate((el) => scrollTo(0, el.getBoundingClientRect().top + scrollY - 1.5 * innerHeight));
    await expect.poll(() => lab.getAttribute('data-state')).toBe('ready');
    expect(await lab.locator('.result[aria-busy="false"][data-eps]').count()).toBe(1);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('with Save-Data on, downloads nothing heavy until the reader comes near', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true, effectiveType: '4g' } }),
    );
    const urls: string[] = [];
    ctx.on('request', (r) => urls.push(r.url()));
    const { page, watch } = await watchedPage(ctx, siteUrl);
    await page.goto(CH5, { waitUntil: 'load' });
    // Idle callbacks run in the order asked for: once this one has run, the figure's own would have.
    await page.evaluate(
      () => new Promise((r) => requestIdleCallback(() => requestAnimationFrame(() => r(null)), { timeout: 5000 })),
    );
    expect(await page.locator('#fig-attack-lab astro-island').first().getAttribute('ssr')).not.toBeNull();
    expect(heavy(urls)).toBe(false);
    const lab = page.locator('#fig-attack-lab .lab');
    await lab.scrollIntoViewIfNeeded();
    await lab.locator('.result[aria-busy="false"][data-eps]').waitFor({ timeout: 30_000 });
    expect(heavy(urls)).toBe(true);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('starts before the page has loaded when the link points to it, even with Save-Data on', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true, effectiveType: '4g' } }),
    );
    const { page, watch } = await watchedPage(ctx, siteUrl);
    // The page's fonts and images are held back (then dropped), so it cannot finish loading. Without the
    // address check the lab started only at the load event (a build without it fails here).
    const fonts = await holdRequests(page, /\.(woff2|png)$/);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(r.url()));
    await page.goto(`${CH5}#fig-attack-lab`, { waitUntil: 'domcontentloaded' });
    // The directive has run and two frames have passed.
    await page.waitForFunction(() => 'ahead' in ((window as unknown as { Astro?: object }).Astro ?? {}));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const loaded = await page.evaluate(() => document.readyState === 'complete');
    const labAsked = asked.some((u) => /\/AttackLab\.[\w-]+\.js$/.test(u));
    await fonts.release();
    expect(loaded).toBe(false);
    expect(labAsked).toBe(true);
    await page.locator('#fig-attack-lab .lab .result[aria-busy="false"][data-eps]').waitFor({ timeout: 30_000 });
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });
});

describe('attack lab and its model worker', () => {
  const built = JSON.parse(readFileSync('src/widgets/attack-lab/static-example.json', 'utf8')).examples.attack as {
    adv: { label: number; probs: number[] };
    clean: { probs: number[] };
    linf: number;
  };
  /** The bars' numbers as the page holds them (float32, as the job computed them). */
  const asShown = (probs: number[]) => Array.from(Float32Array.from(probs));

  it('shows the build-time numbers before the worker has answered, and the same once it has', async () => {
    const ctx = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    const { page, watch } = await watchedPage(ctx, siteUrl);
    // The model's weights are held back: the worker cannot answer until they arrive. (A page route
    // wins over the watcher's context route, and sees the worker's requests too.)
    await page.route('**/models/cnn/weights.bin', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${CH5}?lab.debug=1`);
    const lab = page.locator('#fig-attack-lab .lab');
    await lab.scrollIntoViewIfNeeded();
    const result = lab.locator('.result[data-source="build"][data-eps]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('aria-busy')).toBe('true');
    expect(await result.getAttribute('data-confirmed')).toBeNull();
    const before = {
      bars: await bars(lab),
      label: await lab.locator('.adv-pred').getAttribute('data-label'),
      linf: await lab.locator('.linf').getAttribute('data-value'),
      verdict: await lab.locator('.verdict').textContent(),
    };
    expect(before.bars.map((b) => b.after)).toEqual(asShown(built.adv.probs));
    expect(before.bars.map((b) => b.before)).toEqual(asShown(built.clean.probs));
    expect(before.label).toBe(String(built.adv.label));
    expect(Number(before.linf)).toBe(built.linf);

    release();
    await lab.locator('.result[data-source="build"][data-confirmed][aria-busy="false"]').waitFor({ timeout: 30_000 });
    expect({
      bars: await bars(lab),
      label: await lab.locator('.adv-pred').getAttribute('data-label'),
      linf: await lab.locator('.linf').getAttribute('data-value'),
      verdict: await lab.locator('.verdict').textContent(),
    }).toEqual(before);
    // And the worker's own numbers for the opening state are the build's, not merely rounded alike.
    const live = await page.evaluate(async () => {
      const hook = (window as unknown as { __attackLab: Record<string, Hook> }).__attackLab['fig-attack-lab']!;
      const r = await hook.attack({});
      return { probs: Array.from(r.adv.probs), label: r.adv.label, linf: r.linf };
    });
    expect(live.label).toBe(built.adv.label);
    live.probs.forEach((p, k) => expect(p).toBeCloseTo(built.adv.probs[k]!, 6));
    expect(live.linf).toBeCloseTo(built.linf, 6);
    expect(watch.pageErrors).toEqual([]);
    await ctx.close();
  });

  it('leaves no worker and no debug hook behind once the lab is gone', async () => {
    const { page } = await openLab(CH5, 'lab.debug=1');
    expect(page.workers()).toHaveLength(1);
    const closed = new Promise((r) => page.workers()[0]!.once('close', r));
    // What Astro does to an island that a page swap removes.
    await page.evaluate(() => {
      document.querySelector('#fig-attack-lab astro-island')!.remove();
      document.dispatchEvent(new Event('astro:after-swap'));
    });
    await closed;
    expect(page.workers()).toHaveLength(0);
    expect(await page.evaluate(() => '__attackLab' in window)).toBe(false);
    await page.close();
  });
});
