// The figure's state and effects without a browser, against a fake model client: the opening state
// needs no worker run at all (every number is the build's), the shell and ε never reach the worker,
// a new dimension asks for exactly one sample, "draw 1,000 more" one batch, and leaving releases
// the client and the hook.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import type { DistanceHistogram, NoiseBatch } from '../../lib/geo/jobs.ts';
import { shellFraction } from '../../lib/geo/shell.ts';
import built from './static-data.json';
import { WherePointsModel, totals, type GeoEnvironment } from './where-points.svelte.ts';

function environment(search = '') {
  const fake = fakeModelClient();
  const saved: string[] = [];
  const hooks: Record<string, unknown> = {};
  const env: GeoEnvironment = {
    search,
    save: (s) => void saved.push(JSON.stringify(s)),
    connect: () => fake.client,
    hooks,
  };
  return { env, requests: fake.runs, log: fake.log, hooks, saved };
}

const histogram = (space: number | 'digits', seed: number): DistanceHistogram => ({
  space,
  seed,
  points: 100,
  unit: 1,
  pairs: 4950,
  min: 1,
  max: 2,
  mean: 1.5,
  sd: 0.1,
  contrast: 1,
  counts: [4950],
  ms: 1,
});

describe('where-the-points-are state', () => {
  it('opens from the build with no worker run', async () => {
    const wp = new WherePointsModel('fig-where-points');
    const { env, requests } = environment();
    const stop = wp.start(env);
    await settle();
    expect(requests).toEqual([]);
    expect(wp.uniform?.contrast).toBe(built.histograms['784'].contrast);
    expect(wp.real?.contrast).toBe(built.histograms.digits.contrast);
    expect(wp.noise?.count).toBe(1000);
    expect(wp.noise?.tallies.find((t) => t.model === 'cnn')?.confident).toBe(built.noise.first.tallies.cnn.confident);
    expect(wp.grid?.answers).toEqual(built.noise.grid.answers);
    stop();
  });

  it('ε and the shell dimension never reach the worker; each new D asks for one sample', async () => {
    const wp = new WherePointsModel('fig-where-points');
    // Seed 2: nothing was measured at build time, so the opening asks for its samples, grid and batch.
    const { env, requests, saved } = environment('?geo.seed=2');
    const stop = wp.start(env);
    await settle();
    expect(requests.map((r) => `${r.job} ${JSON.stringify(r.input.space ?? r.input.batch ?? r.input.model)}`)).toEqual([
      'geo/distances 784',
      'geo/distances "digits"',
      'geo/grid "cnn"',
      'geo/noise-batch 1',
    ]);
    requests.length = 0;
    for (let i = 0; i < 50; i++) {
      wp.s.eps = 0.001 + i / 100;
      wp.s.dim = 1 + i * 1000;
      flushSync();
    }
    expect(requests).toEqual([]);
    expect(saved.length).toBeGreaterThanOrEqual(50);
    wp.s.d = '150528';
    flushSync();
    wp.s.d = '2';
    flushSync();
    wp.s.d = '150528'; // back to a sample still in flight: asked again on the same channel (newest wins)
    flushSync();
    const runs = requests.filter((r) => r.job === 'geo/distances');
    expect(runs.map((r) => r.input.space)).toEqual([150528, 2, 150528]);
    runs[2]!.answer(histogram(150528, 2));
    await settle();
    expect(wp.uniform?.space).toBe(150528);
    wp.s.d = '2';
    flushSync();
    expect(requests.filter((r) => r.job === 'geo/distances')).toHaveLength(4); // 2 was superseded, never answered
    wp.s.d = '150528'; // now known: no new run
    flushSync();
    expect(requests.filter((r) => r.job === 'geo/distances')).toHaveLength(4);
    stop();
  });

  it('"draw 1,000 more" runs one batch and adds it to the totals', async () => {
    const wp = new WherePointsModel('fig-where-points');
    const { env, requests } = environment();
    const stop = wp.start(env);
    await settle();
    wp.drawMore();
    flushSync();
    const runs = requests.filter((r) => r.job === 'geo/noise-batch');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.input).toMatchObject({ seed: 1, batch: 2 });
    expect(wp.noiseProgress).toBe(0.5);
    const batch: NoiseBatch = {
      seed: 1,
      batch: 2,
      count: 1000,
      tallies: (runs[0]!.input.models as string[]).map((model) => ({
        model,
        confident: 500,
        classes: [0, 0, 0, 0, 0, 0, 0, 0, 500, 0],
        meanConfidence: 0.9,
      })),
      nearest: { min: 1, mean: 2 },
      ms: 1,
    };
    runs[0]!.answer(batch);
    await settle();
    expect(wp.noise?.count).toBe(2000);
    const cnn = wp.noise?.tallies.find((t) => t.model === 'cnn');
    expect(cnn?.share).toBeCloseTo((built.noise.first.tallies.cnn.confident + 500) / 2000, 12);
    expect(wp.noise?.nearestMin).toBe(1);
    expect(wp.noiseProgress).toBeNull();
    stop();
  });

  it('the shell status is the formula, and leaving releases everything', async () => {
    const wp = new WherePointsModel('fig-where-points');
    const { env, log, hooks } = environment('?geo.eps=0.2&geo.dim=5&geo.debug=1');
    const stop = wp.start(env);
    await settle();
    expect(wp.shellStatus).toContain(shellFraction(0.2, 5).toPrecision(6));
    expect(hooks.__wherePoints).toBeDefined();
    stop();
    expect(hooks.__wherePoints).toBeUndefined();
    expect(log).toContain('release geo/');
    expect(log).toContain('close');
  });

  it('totals sums batches per model', () => {
    expect(totals([])).toBeNull();
  });
});
