// Main-thread work counted in CPU time, not wall time: a Chromium trace's tasks carry `tdur`, the
// time the renderer's main thread really ran. On this shared 2-core machine a task's wall duration
// grows with the load average (a drag with no long task at load 1 shows eight at load 12); its
// thread time does not, so a "≤ 50 ms of main-thread work per interaction" budget can be checked here.
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { processId?: number; url?: string; frames?: { processId?: number; url?: string }[] };
  };
}

/**
 * The renderer processes that held the page's frames during the trace, as the browser names them
 * (TracingStartedInBrowser lists the frames at the start, FrameCommittedInBrowser each navigation).
 * Chromium's own WebUI renderers (the omnibox popup, chrome:// pages) are left out: headless Chromium
 * 156 boots one while a page loads, and it can do more main-thread work (300 ms) than the page.
 */
function pageProcesses(events: TraceEvent[]): Set<number> {
  const pids = new Set<number>();
  const add = (f?: { processId?: number; url?: string }) => {
    if (f?.processId !== undefined && !f.url?.startsWith('chrome')) pids.add(f.processId);
  };
  for (const e of events) {
    if (e.name === 'TracingStartedInBrowser') e.args?.data?.frames?.forEach(add);
    else if (e.name === 'FrameCommittedInBrowser') add(e.args?.data);
  }
  return pids;
}

/** Chromium's own renderers (process_name "WebUI Top Renderer" and the like). */
const webUiProcesses = (events: TraceEvent[]) =>
  new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.name?.includes('WebUI'))
      .map((e) => e.pid),
  );

export interface ThreadTimeReport {
  /** Main-thread tasks of the page's renderer, as thread CPU ms, longest first. */
  tasks: number[];
  /** Their sum. */
  total: number;
  /**
   * The same tasks' CPU spent in the page's own script (module evaluation, callbacks, microtasks, with
   * the layouts they force), index for index; the rest of a task is the browser parsing, styling, laying
   * out and painting the page.
   */
  script: number[];
}

// Page script inside a task; nested ones (a FunctionCall within an EventDispatch) are counted once.
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.evaluateModule',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'HandlePostMessage',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
]);

/** Runs `act` under a trace and returns the CPU time of each top-level task on the page's main thread. */
export async function mainThreadCpu(browser: Browser, page: Page, act: () => Promise<void>): Promise<ThreadTimeReport> {
  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await act();
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const pids = pageProcesses(traceEvents);
  const webUi = webUiProcesses(traceEvents);
  const mains = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .filter((e) => !webUi.has(e.pid) && (pids.size === 0 || pids.has(e.pid)))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // Only RunTask events are whole tasks; nested events would count the same time twice. Playwright's
  // own scripts (injected on the first locator or evaluate: an EvaluateScript with no URL, 12-16 ms CPU)
  // are the harness's work, not the page's: taken out of the task that ran them.
  const main = traceEvents.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined);
  const harness = main.filter((e) => e.name === 'EvaluateScript' && !e.args?.data?.url);
  const script = main.filter((e) => SCRIPT.has(e.name) && !harness.includes(e));
  const within = (list: TraceEvent[], t: TraceEvent) =>
    list.filter((h) => h.pid === t.pid && h.tid === t.tid && h.ts >= t.ts && h.ts <= t.ts + (t.dur ?? 0));
  const measured: { cpu: number; script: number }[] = [];
  for (const e of main) {
    if (e.name !== 'RunTask') continue;
    const injected = within(harness, e).reduce((sum, h) => sum + (h.tdur ?? 0), 0);
    let outerEnd = -Infinity;
    let own = 0;
    for (const h of within(script, e).sort((a, b) => a.ts - b.ts)) {
      if (h.ts < outerEnd) continue;
      outerEnd = h.ts + (h.dur ?? 0);
      own += h.tdur ?? 0;
    }
    measured.push({ cpu: ((e.tdur ?? 0) - injected) / 1000, script: own / 1000 });
  }
  measured.sort((a, b) => b.cpu - a.cpu);
  const tasks = measured.map((m) => m.cpu);
  return { tasks, total: tasks.reduce((a, b) => a + b, 0), script: measured.map((m) => m.script) };
}

/** "longest task 38 ms CPU, 0 tasks over 50 ms CPU, 412 ms CPU in all" */
export function describeCpu(r: ThreadTimeReport, budget = 50): string {
  const over = r.tasks.filter((t) => t > budget).length;
  return `longest task ${Math.round(r.tasks[0] ?? 0)} ms CPU, ${over} task${over === 1 ? '' : 's'} over ${budget} ms CPU, ${Math.round(r.total)} ms CPU in all`;
}
