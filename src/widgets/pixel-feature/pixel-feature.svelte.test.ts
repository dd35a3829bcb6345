// The pixel-vs-feature figure's state and effects without a browser, against a fake model client:
// the opening analysis and accuracies come from the build at once and stay when the worker agrees; a
// transform change asks for a new analysis at once, and for a new nearest-neighbour run once it has
// stayed put; the spoken summary waits for a pause; leaving frees the figure's session and releases
// the client.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../lib/pixel-feature/jobs.ts';
import { blankDigits, fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { fakeClock } from '../../../tests/setup/fake-clock.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { PixelFeatureModel, type PfEnvironment } from './pixel-feature.svelte.ts';
import example from './static-example.json';

function environment(search = '') {
  const fake = fakeModelClient<unknown>({ digits: async () => blankDigits(800, () => 7) });
  const clock = fakeClock();
  const hooks: Record<string, unknown> = {};
  const env: PfEnvironment = {
    search,
    save: () => {},
    connect: () => fake.client,
    hooks,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
  };
  /** Time passes: the timers that come due run, and Svelte's effects with them. */
  const elapse = (ms: number) => {
    clock.advance(ms);
    flushSync();
  };
  return { env, log: fake.log, elapse, of: fake.of };
}

describe('pixel-vs-feature state', () => {
  it('shows the build-time analysis and accuracies at once, and keeps them when the worker agrees', async () => {
    const pf = new PixelFeatureModel('fig-pixel-feature');
    const { env, of, elapse } = environment();
    const stop = pf.start(env);
    flushSync();
    expect(pf.nn).toMatchObject({ source: 'build', pixel: example.nearestNeighbour.transformed.pixel });
    expect(pf.baseline).toMatchObject({ source: 'build', feature: example.nearestNeighbour.unchanged.feature });
    await settle(); // the digits arrive: the analysis can be drawn
    expect(pf.analysis).toMatchObject({ source: 'build', anchorIndex: example.anchor.index });
    const built = pf.analysis!;
    of('pixel-feature/analyse')[0]!.answer({ ...(built as Analysis), ms: 3 });
    elapse(150); // the transform has stayed put: the accuracies are measured here too
    const run = of('pixel-feature/nearest-neighbours')[0]!;
    run.progress!(0.5);
    expect(pf.nnProgress).toBe(0.5);
    run.answer({ ...pf.nn!, ms: 300 });
    await settle();
    expect(pf.analysis).toMatchObject({ source: 'build', confirmedMs: 3 });
    expect(pf.nn?.source).toBe('build');
    expect(pf.nnProgress).toBeNull();
    // The accuracies' arrival asks for nothing again.
    expect(of('pixel-feature/analyse')).toHaveLength(1);
    run.progress!(1); // progress that comes in after the result changes nothing
    expect(pf.nnProgress).toBeNull();
    elapse(500);
    expect(pf.announce).toMatch(
      new RegExp(
        `^Anchor no\\. ${example.anchor.index} .* Nearest-neighbour accuracy with every query digit rotated 20°`,
      ),
    );
    stop();
  });

  it('asks again when the transform changes, and frees its session when it goes', async () => {
    const pf = new PixelFeatureModel('fig-pixel-feature');
    const { env, of, log, elapse } = environment('?pf.dx=-1&pf.debug=1');
    const stop = pf.start(env);
    flushSync();
    expect(pf.nn).toBeNull(); // not the opening transform
    elapse(150);
    expect(of('pixel-feature/nearest-neighbours')).toHaveLength(1);
    pf.s.rot = 10;
    flushSync();
    expect(
      of('pixel-feature/analyse').map((r) => (r.input as { transform: { rotate: number } }).transform.rotate),
    ).toEqual([example.transform.rotate, 10]);
    // The run under way is for a transform no longer shown: cancelled; the next waits for a pause.
    expect(log).toEqual(['cancel fig-pixel-feature/nn']);
    expect(pf.nnProgress).toBeNull();
    // A drag: a new transform at every step, each analysed, none classified until the reader pauses,
    // however long the drag (here 400 ms); another anchor does not put the run off again.
    for (const rot of [11, 12, 13]) {
      pf.s.rot = rot;
      flushSync();
      elapse(100);
    }
    expect(of('pixel-feature/analyse')).toHaveLength(5);
    expect(of('pixel-feature/nearest-neighbours')).toHaveLength(1);
    elapse(20);
    pf.s.a = 5;
    flushSync();
    elapse(30);
    expect(of('pixel-feature/nearest-neighbours').map((r) => (r.input as { rotate: number }).rotate)).toEqual([
      example.transform.rotate,
      13,
    ]);
    // Their arrival asks for no new analysis.
    const analysed = of('pixel-feature/analyse').length;
    of('pixel-feature/nearest-neighbours')
      .at(-1)!
      .answer({ pixel: 0.5, feature: 0.9, queries: 400, references: 400, ms: 10 });
    await settle();
    expect(pf.nn).toMatchObject({ source: 'live', pixel: 0.5 });
    expect(of('pixel-feature/analyse')).toHaveLength(analysed);
    // A row of the "taught or not" table applies its transform: a new run, under that transform.
    const shift = example.nearestNeighbour.compared.find((c) => c.trained)!;
    pf.applyTransform(shift.transform);
    flushSync();
    // One analysis for one change: clearing the accuracies shown does not run the figure's effect again.
    expect(of('pixel-feature/analyse')).toHaveLength(analysed + 1);
    expect(pf.nn).toBeNull();
    elapse(150);
    expect(pf.transform).toEqual(shift.transform);
    expect(of('pixel-feature/nearest-neighbours').at(-1)!.input).toEqual(shift.transform);
    // A change just before the figure goes: no run starts after it has gone.
    pf.s.rot = 30;
    flushSync();
    const runs = of('pixel-feature/nearest-neighbours').length;
    log.length = 0;
    stop();
    elapse(150);
    expect(of('pixel-feature/nearest-neighbours')).toHaveLength(runs);
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
