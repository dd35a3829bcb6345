// The main thread while the model figures work, with the page's CPU slowed 4× (issue 13's goal: no
// task over 50 ms, interaction to next paint ≤ 100 ms), on each figure's own page:
//   - start: from navigation until the figure has its live answers (the build's numbers are shown
//     first; this waits for the worker to confirm them, curves and accuracies included);
//   - drag: a slider dragged back and forth with the mouse for 10 s, until the last answer is in;
//   - attack lab, PGD-100 stepped with the arrow keys (20 presses on ε), and a PGD curve run to the end;
// and, printed for each figure, the page's composited layers once it has started.
// Only the page is slowed (CDP throttles the page's renderer, not the model worker's thread): what
// is measured is what the reader's page feels. BENCH_DRAG_MS shortens the drags.
import type { Browser, Page } from 'playwright-core';
import {
  compositedLayers,
  describeTasks,
  dragSlider,
  inp,
  longTasksSince,
  pageNow,
  slowedPage,
  stepWithKeys,
} from './_main-thread.ts';

interface Figure {
  id: string;
  /** What the figure shows once its worker has answered everything its opening state asks for. */
  settled: string[];
  /** What it shows when nothing is in flight for the state it shows. */
  idle: string[];
  slider: string;
}
const LAB_ANSWERED = '.result[aria-busy="false"]:is([data-confirmed], [data-source="live"])';

const FIGURES: Figure[] = [
  {
    id: 'fig-attack-lab',
    settled: [LAB_ANSWERED],
    idle: ['.result[aria-busy="false"]'],
    slider: 'input[id$="-eps"]',
  },
  {
    id: 'fig-shift-lab',
    settled: [LAB_ANSWERED, '.curve-status[data-checked]'],
    idle: ['.result[aria-busy="false"]'],
    slider: 'input[id$="-level"]',
  },
  {
    id: 'fig-pixel-feature',
    settled: [
      '.pf-results:is([data-confirmed], [data-source="live"])',
      '.pf-nn[data-baseline-checked]:not([data-running])',
    ],
    idle: ['.pf-results[data-copy-pixel]', '.pf-nn[data-pixel]:not([data-running])'],
    slider: 'input[id$="-pf-rot"]',
  },
];

const DRAG_MS = Number(process.env.BENCH_DRAG_MS ?? 10_000);
const TIMEOUT = 180_000;

/** Waits until every selector (inside the figure) matches, then two frames so their paint is counted. */
async function settled(page: Page, figure: string, selectors: string[]): Promise<void> {
  for (const s of selectors)
    await page.locator(`#${figure} ${s}`).first().waitFor({ state: 'attached', timeout: TIMEOUT });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export default async function mainThreadBench({
  browser,
  siteUrl,
}: {
  browser: Browser;
  siteUrl: string;
}): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    note: 'page CPU slowed 4× (CDP); worker at full speed; 2-core machine shared with other jobs',
  };
  let over = 0;
  for (const f of FIGURES) {
    const { page, close } = await slowedPage(browser, 4);
    await page.goto(`${siteUrl}figures/${f.id}/`, { waitUntil: 'commit' });
    await settled(page, f.id, f.settled);
    const start = await longTasksSince(page, 0);
    const layers = await compositedLayers(page);
    const t0 = await pageNow(page);
    await dragSlider(page, `#${f.id} ${f.slider}`, DRAG_MS);
    await settled(page, f.id, f.idle);
    const drag = await longTasksSince(page, t0);
    const dragInp = await inp(page);
    out[f.id] = {
      start: describeTasks(start),
      'composited layers once started': layers,
      [`slider dragged ${DRAG_MS / 1000} s`]: `${describeTasks(drag)}; INP ${Math.round(dragInp)} ms`,
    };
    over += start.length + drag.length;
    await close();
  }

  // The attack lab's heavy work: PGD-100 while ε is stepped, then a PGD curve over 250 digits.
  {
    const { page, close } = await slowedPage(browser, 4);
    await page.goto(`${siteUrl}figures/fig-attack-lab/?lab.attack=pgd&lab.k=100`, { waitUntil: 'commit' });
    const lab = '#fig-attack-lab';
    await settled(page, 'fig-attack-lab', [LAB_ANSWERED]);
    let t0 = await pageNow(page);
    // 20 presses as the issue measured them (a slow page takes longer for the same presses).
    const presses = await stepWithKeys(page, `${lab} input[id$="-eps"]`, 20);
    await settled(page, 'fig-attack-lab', ['.result[aria-busy="false"]']);
    const pgd = await longTasksSince(page, t0);
    const pgdInp = await inp(page);

    await page.locator(`${lab} summary`).click();
    const panel = page.locator(`${lab} .curves`);
    await panel.locator('input[type=checkbox][value=pgd]').check();
    await panel.locator('select[id$="-curve-count"]').selectOption('250');
    t0 = await pageNow(page);
    await panel.locator('button.run').click();
    await panel.locator('.status').waitFor({ timeout: 600_000 });
    const curve = await longTasksSince(page, t0);
    out['fig-attack-lab heavy'] = {
      [`PGD-100, ${presses} arrow-key steps on ε`]: `${describeTasks(pgd)}; INP ${Math.round(pgdInp)} ms`,
      'PGD + FGSM curves, 250 digits': `${describeTasks(curve)} (${await panel.locator('.status').textContent()})`,
    };
    over += pgd.length + curve.length;
    await close();
  }
  out['main-thread tasks > 50 ms in all scenarios (goal 0)'] = over;
  return out;
}
