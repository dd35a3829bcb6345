// Every live figure on its own page (figures/<id>/), its main thread measured in thread CPU time
// (scripts/bench/_thread-time.ts: a trace's RunTask tdur, which the shared machine's load does not
// inflate). Issue 13's budget is no task over 50 ms with the CPU slowed 4×; a 4× CDP slow-down
// multiplies a task's CPU time by about 4 (BENCH_CPU_RATE=4 checks that), so at 1× the budget is
// 12.5 ms CPU per task. For each figure:
//   - start: navigation, the figure scrolled into view, until it settles (nothing aria-busy, no DOM
//     change for a short quiet spell: the worker's answers are in);
//   - each slider stepped 40 times with the arrow keys, one key per frame (a held key), then settled;
//   - each of its buttons pressed once (copy-link excepted), then settled.
// Prints one table: per figure and phase, the longest task (ms CPU) and the tasks over 12.5 ms CPU, and
// how many of those are mostly script (the figure's, or the page's) rather than the browser parsing,
// styling, laying out and painting the page. Playwright's injected scripts are not counted.
// BENCH_FIGURES=<regex> measures only the matching figure ids.
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { mainThreadCpu, type ThreadTimeReport } from './_thread-time.ts';
import { slowedPage } from './_main-thread.ts';
import { launchChromium } from '../../tests/setup/browser.ts';

const RATE = Number(process.env.BENCH_CPU_RATE ?? 1);
const BUDGET = 50 / 4;
const STEPS = 40;
const MAX_BUTTONS = 8;
const QUIET_MS = 400;
const SETTLE_TIMEOUT = 120_000;

/** The live figures: those whose own page mounts an island (astro-island inside the figure). */
async function liveFigures(browser: Browser, pages: string[]): Promise<{ id: string; url: string }[]> {
  const found: { id: string; url: string }[] = [];
  const page = await browser.newPage();
  for (const url of pages) {
    const id = /\/figures\/(fig-[a-z0-9-]+)\/$/.exec(url)?.[1];
    if (!id) continue;
    if (process.env.BENCH_FIGURES && !new RegExp(process.env.BENCH_FIGURES).test(id)) continue;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    if ((await page.locator(`#${id} astro-island`).count()) > 0) found.push({ id, url });
  }
  await page.close();
  return found;
}

/** Resolves once nothing in the figure is aria-busy and its DOM has not changed for QUIET_MS. */
function settle(page: Page, id: string): Promise<void> {
  return page.evaluate(
    ({ id, quiet, timeout }) =>
      new Promise<void>((resolve, reject) => {
        const root = document.getElementById(id);
        if (!root) return reject(new Error(`no #${id}`));
        let last = performance.now();
        const mo = new MutationObserver(() => (last = performance.now()));
        mo.observe(root, { attributes: true, childList: true, subtree: true, characterData: true });
        const started = performance.now();
        const tick = () => {
          const now = performance.now();
          if (!root.querySelector('[aria-busy="true"]') && now - last >= quiet) {
            mo.disconnect();
            return resolve();
          }
          if (now - started > timeout) {
            mo.disconnect();
            return reject(new Error(`#${id} did not settle in ${timeout} ms`));
          }
          setTimeout(tick, 50);
        };
        tick();
      }),
    { id, quiet: QUIET_MS, timeout: SETTLE_TIMEOUT },
  );
}

const nextFrame = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));

interface Phase {
  longest: number;
  over: number;
  /** Of the tasks over budget, those mostly the page's script (the rest: parsing, style, layout, paint). */
  overScript: number;
  total: number;
}
const phaseOf = (reports: ThreadTimeReport[]): Phase => {
  const tasks = reports.flatMap((r) => r.tasks.map((cpu, i) => ({ cpu, script: r.script[i] ?? 0 })));
  const over = tasks.filter((t) => t.cpu > BUDGET);
  return {
    longest: Math.round(Math.max(0, ...tasks.map((t) => t.cpu)) * 10) / 10,
    over: over.length,
    overScript: over.filter((t) => t.script >= t.cpu / 2).length,
    total: Math.round(tasks.reduce((a, t) => a + t.cpu, 0)),
  };
};

async function measureFigure(browser: Browser, id: string, url: string) {
  const { page, close } = await slowedPage(browser, RATE, { viewport: { width: 1366, height: 900 } });
  page.setDefaultTimeout(SETTLE_TIMEOUT);
  const detail: Record<string, Phase> = {};
  try {
    const start = await mainThreadCpu(browser, page, async () => {
      await page.goto(url, { waitUntil: 'load', timeout: SETTLE_TIMEOUT });
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await settle(page, id);
    });
    detail.start = phaseOf([start]);
    const startPhase = detail.start;

    const sliders: ThreadTimeReport[] = [];
    const sliderIds = await page.locator(`#${id} input[type="range"]`).evaluateAll((els) => els.map((e) => e.id));
    for (const sliderId of sliderIds) {
      const slider = page.locator(`[id="${sliderId}"]`);
      if (!(await slider.isVisible()) || (await slider.isDisabled())) continue;
      const r = await mainThreadCpu(browser, page, async () => {
        await slider.focus();
        for (let i = 0; i < STEPS; i++) {
          await page.keyboard.press(i < STEPS / 2 ? 'ArrowRight' : 'ArrowLeft');
          await nextFrame(page);
        }
        await settle(page, id);
      });
      detail[`slider ${sliderId}`] = phaseOf([r]);
      sliders.push(r);
    }

    const buttons: ThreadTimeReport[] = [];
    const all = page.locator(`#${id} button:not([data-copy-link])`);
    const count = Math.min(await all.count(), MAX_BUTTONS);
    for (let i = 0; i < count; i++) {
      const button = all.nth(i);
      if (!(await button.isVisible()) || (await button.isDisabled())) continue;
      const name = ((await button.textContent()) ?? '').trim().replace(/\s+/g, ' ').slice(0, 30) || `#${i}`;
      const r = await mainThreadCpu(browser, page, async () => {
        await button.click();
        await settle(page, id);
      });
      detail[`button "${name}"`] = phaseOf([r]);
      buttons.push(r);
    }
    return { start: startPhase, sliders: phaseOf(sliders), buttons: phaseOf(buttons), detail };
  } finally {
    await close();
  }
}

export default async function figuresCpuBench({
  browser,
  pages,
}: {
  browser: Browser;
  pages: string[];
}): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    note: `main-thread CPU per task (trace tdur) at CDP rate ${RATE}×; budget ${RATE === 1 ? BUDGET : 50} ms CPU (50 ms at 4× ≈ ${BUDGET} ms at 1×); load average ${loadavg()[0]?.toFixed(1)}`,
  };
  const budget = RATE === 1 ? BUDGET : 50;
  const cell = (p: Phase) => `${p.longest.toFixed(1)} / ${p.over} (${p.overScript})`.padStart(18);
  const lines = [
    `${'figure'.padEnd(24)}${'start'.padStart(18)}${'sliders'.padStart(18)}${'buttons'.padStart(18)}   (longest ms CPU / tasks > ${budget} ms CPU (of which mostly the page's script; the rest is parse, style, layout, paint))`,
  ];
  for (const { id, url } of await liveFigures(browser, pages)) {
    // A browser of its own per figure: a renderer lost under a long trace must not take the rest with it.
    const own = await launchChromium();
    try {
      const r = await measureFigure(own, id, url);
      lines.push(`${id.padEnd(24)}${cell(r.start)}${cell(r.sliders)}${cell(r.buttons)}`);
      out[id] = r.detail;
    } catch (e) {
      lines.push(`${id.padEnd(24)}failed: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      await own.close().catch(() => {});
    }
  }
  console.log(`\nfigures-cpu:\n${lines.join('\n')}`);
  out.table = lines;
  return out;
}
