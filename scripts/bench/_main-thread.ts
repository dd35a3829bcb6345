// Shared by the benches (files starting with `_` are helpers, not benches): a page whose main thread
// is slowed down through the DevTools protocol, recording its long tasks (> 50 ms) and interactions.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export interface LongTask {
  start: number;
  duration: number;
}

export interface Slowed {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A new page with its main thread slowed `rate` times (CDP Emulation.setCPUThrottlingRate; the
 * page's workers run at full speed), recording long tasks and interaction timings from the start.
 */
export async function slowedPage(browser: Browser, rate = 4, options: BrowserContextOptions = {}): Promise<Slowed> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: LongTask[]; __interactions: { name: string; duration: number }[] };
    w.__longTasks = [];
    w.__interactions = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[])
        if (e.interactionId) w.__interactions.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return { page, context, close: () => context.close() };
}

/**
 * How many composited layers the page has now, as Chromium's compositor sees them (CDP LayerTree).
 * Every <canvas> is one, with more for what is painted over it; each costs every frame's commit.
 */
export async function compositedLayers(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  let count = 0;
  cdp.on('LayerTree.layerTreeDidChange', (e) => (count = e.layers?.length ?? count));
  await cdp.send('LayerTree.enable');
  // The tree is sent with the next frame that the compositor commits: a pointer move makes one.
  await page.mouse.move(1, 1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await cdp.send('LayerTree.disable');
  await cdp.detach();
  return count;
}

/** Now, on the page's clock. */
export const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Long tasks that started at or after `since` (page clock). */
export function longTasksSince(page: Page, since = 0): Promise<LongTask[]> {
  return page.evaluate(
    (t) => (window as unknown as { __longTasks: LongTask[] }).__longTasks.filter((x) => x.start >= t),
    since,
  );
}

/** Interaction to next paint as Chromium measures it: the longest interaction's duration (ms), or 0. */
export async function inp(page: Page): Promise<number> {
  const all = await page.evaluate(
    () => (window as unknown as { __interactions: { duration: number }[] }).__interactions,
  );
  return all.reduce((m, e) => Math.max(m, e.duration), 0);
}

/** "3 tasks > 50 ms, longest 120 ms, 210 ms blocking" for a list of long tasks. */
export function describeTasks(tasks: LongTask[]): string {
  if (!tasks.length) return '0 tasks > 50 ms';
  const longest = Math.max(...tasks.map((t) => t.duration));
  const blocking = tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0);
  return `${tasks.length} task${tasks.length === 1 ? '' : 's'} > 50 ms, longest ${Math.round(longest)} ms, ${Math.round(blocking)} ms blocking`;
}

/** Drags a range input's thumb back and forth with the mouse for `ms`, about one move per frame. */
export async function dragSlider(page: Page, selector: string, ms: number): Promise<void> {
  const slider = page.locator(selector);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error(`${selector}: not visible`);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.5, y);
  await page.mouse.down();
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    // A triangle wave across 10 % … 90 % of the track, 120 moves per sweep.
    const phase = (i % 240) / 120;
    const f = phase <= 1 ? phase : 2 - phase;
    await page.mouse.move(box.x + box.width * (0.1 + 0.8 * f), y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

/** Presses arrow keys `count` times on a control (a reader stepping a slider), `gap` ms apart: up ten, down ten. */
export async function stepWithKeys(page: Page, selector: string, count: number, gap = 100): Promise<number> {
  await page.locator(selector).focus();
  for (let i = 0; i < count; i++) {
    await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(gap);
  }
  return count;
}

/** A state a figure reaches: an element matching `selector` (in the figure), with text matching `text` if given. */
export interface Milestone {
  selector: string;
  text?: RegExp;
}

/**
 * Jumps the figure `figure` into view from inside the page (no smooth scroll) and resolves with the ms
 * until each milestone is first seen, in order; rejects as soon as `failed` matches in the figure.
 * With `painted`, the last time includes the frame that paints it.
 */
export function scrollUntil(
  page: Page,
  figure: string,
  milestones: Milestone[],
  failed: string,
  { painted = false } = {},
): Promise<number[]> {
  const wanted = milestones.map((m) => ({ selector: m.selector, text: m.text?.source ?? null }));
  return page.evaluate(
    ({ figure, wanted, failed, painted }) =>
      new Promise<number[]>((resolve, reject) => {
        const root = document.querySelector(figure);
        if (!root) return reject(new Error(`no ${figure}`));
        const start = performance.now();
        const seen: number[] = [];
        const reached = (m: (typeof wanted)[number]) => {
          const el = root.querySelector(m.selector);
          return !!el && (m.text === null || new RegExp(m.text).test(el.textContent ?? ''));
        };
        const check = () => {
          if (root.querySelector(failed)) {
            mo.disconnect();
            return reject(new Error(`${figure} failed`));
          }
          for (let m = wanted[seen.length]; m && reached(m); m = wanted[seen.length])
            seen.push(performance.now() - start);
          if (seen.length < wanted.length) return;
          mo.disconnect();
          if (!painted) return resolve(seen);
          requestAnimationFrame(() => resolve([...seen.slice(0, -1), performance.now() - start]));
        };
        const mo = new MutationObserver(check);
        mo.observe(root, { attributes: true, childList: true, subtree: true, characterData: true });
        root.scrollIntoView({ block: 'center', behavior: 'instant' });
        check();
      }),
    { figure, wanted, failed, painted },
  );
}
