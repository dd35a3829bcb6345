import { describe, expect, it } from 'vitest';
import { AbortError } from '../lib/jobs.ts';
import { busyJob, connectFigure, newestWins, registerDebugHook } from './figure-host.ts';
import { fakeModelClient } from './model-worker/fake-client.ts';

/** A job whose runs the test settles by hand: `pending[i]` is the i-th run's promise. */
function manualJob() {
  const pending: { resolve(v: string): void; reject(e: unknown): void }[] = [];
  const job = () => new Promise<string>((resolve, reject) => void pending.push({ resolve, reject }));
  return { pending, job };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('newestWins', () => {
  it('shows only the newest answer, whatever order the answers come in', async () => {
    const { pending, job } = manualJob();
    const shown: string[] = [];
    const run = newestWins(job, { done: (out) => shown.push(out), failed: () => shown.push('failed') });
    run(1);
    run(2);
    pending[1]!.resolve('second');
    pending[0]!.resolve('first');
    pending[0]!.reject(new Error('too late'));
    await flush();
    expect(shown).toEqual(['second']);
  });

  it('reports a failure of the newest request but never a cancellation', async () => {
    const { pending, job } = manualJob();
    const failures: unknown[] = [];
    const run = newestWins(job, { done: () => {}, failed: (e) => failures.push(e) });
    run(1);
    pending[0]!.reject(new AbortError());
    await flush();
    expect(failures).toEqual([]);
    run(2);
    const broken = new Error('weights.bin: HTTP 404');
    pending[1]!.reject(broken);
    await flush();
    expect(failures).toEqual([broken]);
  });

  it('tells the job whether it is still the newest, so stale progress can be dropped', () => {
    const checks: (() => boolean)[] = [];
    const run = newestWins(
      (_: number, isCurrent) => {
        checks.push(isCurrent);
        return new Promise<never>(() => {});
      },
      { done: () => {}, failed: () => {} },
    );
    run(1);
    expect(checks[0]!()).toBe(true);
    run(2);
    expect([checks[0]!(), checks[1]!()]).toEqual([false, true]);
  });
});

describe('busyJob', () => {
  it('is busy while the newest request runs, shows its answer, and names the job when it fails', async () => {
    const { pending, job } = manualJob();
    const figure = { busy: false, error: null as string | null, shown: 'build' as string | null };
    const run = busyJob(
      figure,
      'The attack',
      job,
      (out) => (figure.shown = out),
      () => (figure.shown = null),
    );
    run(1);
    expect(figure.busy).toBe(true);
    pending[0]!.reject(new Error('the worker stopped'));
    await flush();
    expect(figure).toEqual({ busy: false, error: 'The attack failed: the worker stopped', shown: null });
    run(2);
    pending[1]!.resolve('live');
    await flush();
    expect(figure).toEqual({ busy: false, error: null, shown: 'live' });
  });
});

describe('registerDebugHook', () => {
  it('keeps one entry per figure and drops the name with the last one', () => {
    const hooks: Record<string, unknown> = {};
    const removeA = registerDebugHook(hooks, '__lab', 'fig-a', { n: () => 1 });
    const removeB = registerDebugHook(hooks, '__lab', 'fig-b', { n: () => 2 });
    expect(Object.keys(hooks.__lab as object)).toEqual(['fig-a', 'fig-b']);
    removeA();
    expect(Object.keys(hooks.__lab as object)).toEqual(['fig-b']);
    removeB();
    expect(hooks).toEqual({});
  });
});

describe('connectFigure', () => {
  const figure = () => ({ figureId: 'fig-x', backend: null, where: null }) as Parameters<typeof connectFigure>[1];

  it('asks for the backend the link names and reports the one running', async () => {
    const fake = fakeModelClient();
    const asked: unknown[] = [];
    const fig = figure();
    connectFigure({ search: '?x.backend=cpu', connect: (b) => (asked.push(b), fake.client) }, fig, 'x');
    await flush();
    expect(asked).toEqual(['cpu']);
    expect(fig.backend?.backend).toBe('wasm');
    expect(fig.where?.mode).toBe('worker');
  });

  it('installs the debug hook only when the link asks, and frees everything it owns on disconnect', () => {
    for (const [search, hooked] of [
      ['', false],
      ['?x.debug=1', true],
    ] as const) {
      const fake = fakeModelClient();
      let installed = 0;
      let removed = 0;
      const { disconnect } = connectFigure({ search, connect: () => fake.client }, figure(), 'x', {
        debugHook: () => (installed++, () => removed++),
        shared: ['geo/'],
      });
      expect(installed).toBe(hooked ? 1 : 0);
      disconnect();
      expect(removed).toBe(installed);
      expect(fake.log).toEqual(['release fig-x/', 'release geo/', 'close']);
    }
  });
});
