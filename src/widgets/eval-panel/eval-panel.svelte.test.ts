// The evaluation panel's state without a browser: a fake model client answers when the test says so.
// What a reader would notice: the manifest's numbers at once, a link's state read (bad values cleaned),
// a run replacing them only for its own model and sample, cancel keeping them, a failure said in words.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../lib/jobs.ts';
import type { PanelProgress, PanelRequest, PanelResult } from '../../lib/robust/jobs.ts';
import { blankDigits, fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { EvalPanelModel, type PanelEnvironment } from './eval-panel.svelte.ts';
import type { PanelData } from './view.ts';

const flags = (ok: boolean) => ({
  multiStepAtLeastOneStep: { ok, reason: 'a' },
  accuracyFallsWithEpsilon: { ok, reason: 'b' },
  largeEpsilonBreaksAll: { ok, reason: 'c' },
  blackBoxNoStrongerThanWhiteBox: { ok, reason: 'd' },
});
const data = (model: string, worst: number, digits = 500): PanelData => ({
  model,
  digits,
  source: 'manifest',
  clean: 0.97,
  attacks: [{ id: 'fgsm', label: 'FGSM', family: 'one-step', mode: 'standalone' }],
  rows: [
    {
      epsilon: 0.3,
      attacks: [{ id: 'fgsm', accuracy: 0.9, digits, worstCaseAfter: 0.9 }],
      whiteBox: worst,
      worstCase: worst,
    },
  ],
  flags: flags(true),
});
const manifests = { 'cnn-robust': data('cnn-robust', 0.786), linear: data('linear', 0, 2000) };

function environment(search = '') {
  const fake = fakeModelClient<PanelRequest, PanelResult, PanelProgress>({ digits: async () => blankDigits(0) });
  const saved: unknown[] = [];
  const env: PanelEnvironment = { search, save: (s) => saved.push(s), connect: () => fake.client, hooks: {} };
  return { env, runs: fake.runs, log: fake.log, saved };
}

const result = (model: string, count: number): PanelResult => ({
  model,
  count,
  positions: [],
  ms: 1234,
  evaluation: {
    ...data(model, 0.7, count),
    mainEpsilons: [0.3],
    attacks: [],
    rows: data(model, 0.7, count).rows.map((r) => ({
      ...r,
      robustDigits: '',
      attacks: r.attacks.map((a) => ({ ...a, whiteBoxOnSameDigits: null })),
    })),
  } as never,
});

describe('the evaluation panel’s state', () => {
  it('shows the manifest at once, reads a link and cleans what it cannot read', async () => {
    const panel = new EvalPanelModel('fig-eval-panel', manifests);
    expect(panel.shown?.rows[0]?.worstCase).toBe(0.786);
    const { env, saved } = environment('?eval.model=linear&eval.digits=260&eval.eps=oops');
    const stop = panel.start(env);
    await settle();
    expect(panel.state).toEqual({ model: 'linear', eps: '0.3', digits: 300 });
    expect(panel.shown?.model).toBe('linear');
    expect(saved.at(-1)).toEqual({ model: 'linear', eps: '0.3', digits: 300 });
    stop();
  });

  it('runs on the chosen model and sample, shows progress, and the result replaces the manifest only for them', async () => {
    const panel = new EvalPanelModel('fig-eval-panel', manifests);
    const { env, runs } = environment('?eval.digits=200');
    const stop = panel.start(env);
    const done = panel.run();
    await settle();
    expect(runs[0]!.input).toEqual({ model: 'cnn-robust', count: 200 });
    expect(panel.running).toBe(true);
    runs[0]!.progress?.({ done: 30, total: 120, epsilon: 0.2, attack: 'apgd-ce' });
    expect(panel.progress).toEqual({ done: 30, total: 120, label: 'apgd-ce at ε = 0.2' });
    runs[0]!.answer(result('cnn-robust', 200));
    await done;
    flushSync();
    expect(panel.running).toBe(false);
    expect(panel.shown?.source).toBe('live');
    expect(panel.shown?.rows[0]?.worstCase).toBe(0.7);
    expect(panel.status).toMatch(/Done: 200 digits in 1\.2 s/);
    // Another sample size: back to the manifest's numbers until that one is run.
    panel.state.digits = 500;
    flushSync();
    expect(panel.shown?.source).toBe('manifest');
    stop();
  });

  it('cancel keeps the manifest’s numbers, a failure says what failed, and leaving releases the client', async () => {
    const panel = new EvalPanelModel('fig-eval-panel', manifests);
    const { env, runs, log } = environment();
    const stop = panel.start(env);
    const first = panel.run();
    await settle();
    panel.cancel();
    await first;
    expect(panel.running).toBe(false);
    expect(panel.status).toMatch(/Cancelled/);
    expect(panel.shown?.source).toBe('manifest');
    const second = panel.run();
    await settle();
    runs[1]!.fail(new LoadError('the cnn-robust model could not be loaded: HTTP 404'));
    await second;
    expect(panel.error).toMatch(/^The cnn-robust model could not be loaded: HTTP 404/);
    stop();
    expect(log).toContain('release fig-eval-panel/');
    expect(log).toContain('close');
  });
});
