// The pixel-vs-feature figure's state and effects without a browser, against a fake model client:
// the opening analysis and accuracies come from the build at once and stay when the worker agrees; a
// transform change asks for a new analysis and a new nearest-neighbour run; the spoken summary waits
// for a pause; leaving frees the figure's session and releases the client.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../lib/pixel-feature/jobs.ts';
import { blankDigits, fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { PixelFeatureModel, type PfEnvironment } from './pixel-feature.svelte.ts';
import example from './static-example.json';

function environment(search = '') {
  const fake = fakeModelClient<unknown>({ digits: async () => blankDigits(800, () => 7) });
  const timers: (() => void)[] = [];
  const hooks: Record<string, unknown> = {};
  const env: PfEnvironment = {
    search,
    save: () => {},
    connect: () => fake.client,
    hooks,
    setTimeout: (f) => timers.push(f),
    clearTimeout: () => {},
  };
  return { env, log: fake.log, timers, of: fake.of };
}

describe('pixel-vs-feature state', () => {
  it('shows the build-time analysis and accuracies at once, and keeps them when the worker agrees', async () => {
    const pf = new PixelFeatureModel('fig-pixel-feature');
    const { env, of, timers } = environment();
    const stop = pf.start(env);
    flushSync();
    expect(pf.nn).toMatchObject({ source: 'build', pixel: example.nearestNeighbour.transformed.pixel });
    expect(pf.baseline).toMatchObject({ source: 'build', feature: example.nearestNeighbour.unchanged.feature });
    await settle(); // the digits arrive: the analysis can be drawn
    expect(pf.analysis).toMatchObject({ source: 'build', anchorIndex: example.anchor.index });
    const built = pf.analysis!;
    of('pixel-feature/analyse')[0]!.answer({ ...(built as Analysis), ms: 3 });
    const run = of('pixel-feature/nearest-neighbours')[0]!;
    run.progress!(0.5);
    expect(pf.nnProgress).toBe(0.5);
    run.answer({ ...pf.nn!, ms: 300 });
    await settle();
    expect(pf.analysis).toMatchObject({ source: 'build', confirmedMs: 3 });
    expect(pf.nn?.source).toBe('build');
    expect(pf.nnProgress).toBeNull();
    run.progress!(1); // progress that comes in after the result changes nothing
    expect(pf.nnProgress).toBeNull();
    timers.at(-1)!();
    expect(pf.announce).toMatch(
      new RegExp(
        `^Anchor no\\. ${example.anchor.index} .* Nearest-neighbour accuracy with every query digit rotated 20°`,
      ),
    );
    stop();
  });

  it('asks again when the transform changes, and frees its session when it goes', async () => {
    const pf = new PixelFeatureModel('fig-pixel-feature');
    const { env, of, log } = environment('?pf.dx=-1&pf.debug=1');
    const stop = pf.start(env);
    flushSync();
    expect(pf.nn).toBeNull(); // not the opening transform
    pf.s.rot = 10;
    flushSync();
    expect(
      of('pixel-feature/analyse').map((r) => (r.input as { transform: { rotate: number } }).transform.rotate),
    ).toEqual([example.transform.rotate, 10]);
    expect(of('pixel-feature/nearest-neighbours')).toHaveLength(2);
    // A row of the "taught or not" table applies its transform: a new run, under that transform.
    const shift = example.nearestNeighbour.compared.find((c) => c.trained)!;
    pf.applyTransform(shift.transform);
    flushSync();
    expect(pf.transform).toEqual(shift.transform);
    expect(of('pixel-feature/nearest-neighbours').at(-1)!.input).toEqual(shift.transform);
    stop();
    expect(log).toEqual([
      'cancel fig-pixel-feature/prepare',
      'cancel fig-pixel-feature/analyse',
      'cancel fig-pixel-feature/nn',
      'cancel fig-pixel-feature/baseline',
      'release fig-pixel-feature/',
      'release pixel-feature/',
      'close',
    ]);
    expect('__pixelFeature' in env.hooks).toBe(false);
  });
});
