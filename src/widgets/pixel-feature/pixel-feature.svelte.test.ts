// The pixel-vs-feature figure's state and effects without a browser, against a fake model client:
// the opening analysis and accuracies come from the build at once and stay when the worker agrees; a
// transform change asks for a new analysis and a new nearest-neighbour run; the spoken summary waits
// for a pause; leaving frees the figure's session and releases the client.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../lib/pixel-feature/jobs.ts';
import type { ModelClient } from '../../runtime/model-worker/client.ts';
import { PixelFeatureModel, type PfEnvironment } from './pixel-feature.svelte.ts';
import example from './static-example.json';

interface Request {
  job: string;
  input: unknown;
  answer(out: unknown): void;
  progress?: (value: unknown) => void;
}

function environment(search = '') {
  const requests: Request[] = [];
  const log: string[] = [];
  const timers: (() => void)[] = [];
  const hooks: Record<string, unknown> = {};
  const client: ModelClient = {
    where: async () => ({ mode: 'worker', note: null }),
    backend: async () => ({ backend: 'wasm', fallbackReason: null }),
    digits: async () => ({
      count: 800,
      width: 28,
      height: 28,
      pixels: new Float32Array(800 * 784),
      labels: new Uint8Array(800).fill(7),
    }),
    numTensors: async () => 0,
    release: async (prefix) => void log.push(`release ${prefix}`),
    close: () => void log.push('close'),
    channel: () => ({
      run: ((job: string, input: unknown, progress?: (value: unknown) => void) =>
        new Promise((answer) => requests.push({ job, input, answer, progress }))) as never,
      cancel: () => {},
    }),
  };
  const env: PfEnvironment = {
    search,
    save: () => {},
    connect: () => client,
    hooks,
    setTimeout: (f) => timers.push(f),
    clearTimeout: () => {},
  };
  return { env, log, timers, of: (job: string) => requests.filter((r) => r.job === job) };
}

const settle = async () => {
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
};

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
    expect(log).toEqual(['release fig-pixel-feature/', 'release pixel-feature/', 'close']);
    expect('__pixelFeature' in env.hooks).toBe(false);
  });
});
