// The Swiss roll figure's state module without a browser: a stand-in scene, the address as a plain
// URLSearchParams, animation frames and delays run by hand, and the real jobs run in the page.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { readState, writeState } from '../../lib/url-state.ts';
import { createRollClient, type RollClient } from './roll-client.ts';
import { RollFigure, type RollDeps } from './roll.svelte.ts';
import type { RollScene, SceneCallbacks } from './scene.ts';
import { PREFIX } from './state.ts';

/** A scene that records what it was told. */
function fakeScene() {
  const calls: { data: number[]; pairs: unknown[]; views: unknown[]; unrolled: boolean[]; labels: string[] } = {
    data: [],
    pairs: [],
    views: [],
    unrolled: [],
    labels: [],
  };
  const scene: RollScene & { calls: typeof calls; disposed: boolean } = {
    calls,
    disposed: false,
    canvas: {} as HTMLCanvasElement,
    frames: 0,
    setData: (d) => calls.data.push(d.count),
    setView: (v) => calls.views.push(v),
    setUnrolled: (u) => calls.unrolled.push(u),
    setPair: (pair, path) => calls.pairs.push(pair && { pair, kind: path?.kind ?? null }),
    setLabel: (text) => calls.labels.push(text),
    dispose: () => (scene.disposed = true),
  };
  return scene;
}

interface Harness {
  figure: RollFigure;
  scene: ReturnType<typeof fakeScene>;
  callbacks: () => SceneCallbacks;
  address: () => string;
  runFrames(): void;
  runLater(): void;
  stop: () => void;
  client: () => RollClient | null;
}

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A figure started on a page whose address holds `query`. */
function start(query = '', overrides: Partial<RollDeps> = {}): Harness {
  let params = new URLSearchParams(query);
  const frames: (() => void)[] = [];
  const delayed: (() => void)[] = [];
  const scene = fakeScene();
  let callbacks: SceneCallbacks | null = null;
  let client: RollClient | null = null;
  const deps: RollDeps = {
    load: (schema) => readState(schema, PREFIX, params),
    save: (schema, state) => (params = writeState(schema, PREFIX, state, params)),
    client: () => (client = createRollClient(() => null)),
    createScene: async (cb) => {
      callbacks = cb;
      return scene;
    },
    frame: (f) => frames.push(f),
    cancelFrame: () => {},
    later: (f) => {
      delayed.push(f);
      return () => delayed.splice(delayed.indexOf(f), 1);
    },
    ...overrides,
  };
  const figure = new RollFigure(deps);
  const stop = figure.start();
  stops.push(stop);
  flushSync();
  return {
    figure,
    scene,
    callbacks: () => callbacks!,
    address: () => params.toString(),
    runFrames: () => frames.splice(0).forEach((f) => f()),
    runLater: () => delayed.splice(0).forEach((f) => f()),
    stop,
    client: () => client,
  };
}

/** Lets promises and the in-page jobs' zero-delay timers run, then Svelte's effects. */
async function settle() {
  for (let k = 0; k < 5; k++) {
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
  }
}

describe('RollFigure', () => {
  it('reads the address, asks for its sample on the next frame and hands it to the scene', async () => {
    const h = start('sr.n=500&sr.unroll=1&sr.yaw=40');
    expect(h.figure.s).toMatchObject({ n: 500, unroll: true, yaw: 40 });
    expect(h.figure.mounted).toBe(true);
    await settle();
    expect(h.scene.calls.data).toEqual([]); // nothing before the frame
    h.runFrames();
    await settle();
    expect(h.scene.calls.data).toEqual([500]);
    expect(h.scene.calls.unrolled.at(-1)).toBe(true);
    expect(h.scene.calls.views.at(-1)).toEqual({ yaw: 40, pitch: 20, zoom: 1 });
    expect(h.scene.calls.labels.at(-1)).toMatch(/^Three-dimensional view of a Swiss roll: 500 points without noise/);
    expect(h.figure.building).toBe(false);
    h.callbacks().onFrame?.();
    expect(h.figure.status).toBe('live');
  });

  it('coalesces slider moves: one new sample per frame, the last position winning', async () => {
    const h = start();
    h.runFrames();
    await settle();
    for (const position of [100, 150, 200]) h.figure.setPointsFromSlider(position);
    flushSync();
    expect(h.figure.s.n).toBe(10_000);
    expect(h.figure.building).toBe(true);
    h.runFrames();
    await settle();
    expect(h.scene.calls.data).toEqual([2000, 10_000]);
    expect(h.address()).toBe('sr.n=10000');
  });

  it('measures a pair exactly on the noiseless sheet and says so', async () => {
    const h = start('sr.pair=3_17');
    h.runFrames();
    await settle();
    expect(h.figure.info).toMatchObject({ a: 3, b: 17, method: 'exact' });
    expect(h.figure.announcement).toMatch(
      /^Points 3 and 17: \d+\.\d apart in a straight line through 3-D space, \d+\.\d along the sheet\./,
    );
    expect(h.scene.calls.pairs.at(-1)).toEqual({ pair: [3, 17], kind: 'sheet' });
    expect([h.figure.pickA, h.figure.pickB]).toEqual([3, 17]);
  });

  it('with noise, is busy until the neighbour graph answers, then announces the estimate', async () => {
    const h = start('sr.noise=0.3&sr.pair=3_17');
    h.runFrames();
    await settle();
    expect(h.figure.busy).toBe(true);
    h.runLater();
    await settle();
    expect(h.figure.busy).toBe(false);
    expect(h.figure.info?.method).toBe('graph');
    expect(h.figure.announcement).toMatch(/estimated by the shortest path through a graph of nearest neighbours/);
  });

  it('is never left busy when it is closed while a path is being measured', async () => {
    const h = start('sr.noise=0.3&sr.pair=3_17');
    h.runFrames();
    await settle();
    h.runLater();
    h.client()!.dispose();
    await settle();
    expect(h.figure.busy).toBe(false);
    expect(h.figure.announcement).toMatch(/could not be measured: The Swiss roll figure was closed/);
  });

  it('picks A, then B, then starts again; typed indices outside the sample clear', async () => {
    const h = start();
    h.runFrames();
    await settle();
    h.figure.pick(5);
    expect(h.figure.announcement).toBe('Point A is 5. Click or tap a second point, B.');
    h.figure.pick(5);
    expect(h.figure.s.pair).toBeNull();
    h.figure.pick(9);
    expect(h.figure.s.pair).toEqual([5, 9]);
    h.figure.pick(2);
    expect([h.figure.pickA, h.figure.pickB]).toEqual([2, null]);
    h.figure.fromInput('b', '7');
    expect(h.figure.s.pair).toEqual([2, 7]);
    h.figure.fromInput('a', '99999');
    expect(h.figure.s.pair).toBeNull();
    flushSync();
    expect(h.address()).toBe('');
  });

  it('finds the telling pair: close in 3-D, far along the sheet', async () => {
    const h = start();
    h.runFrames();
    await settle();
    h.figure.telling();
    await settle();
    expect(h.figure.info).not.toBeNull();
    expect(h.figure.info!.along! / h.figure.info!.straight).toBeGreaterThan(2);
  });

  it('follows the reader’s turns of the view into the address, rounded', async () => {
    const h = start();
    await settle();
    h.callbacks().onView({ yaw: 12.345, pitch: -7.77, zoom: 1.2345 });
    flushSync();
    expect(h.address()).toBe('sr.yaw=12&sr.pitch=-8&sr.zoom=1.23');
    h.figure.resetView();
    flushSync();
    expect(h.address()).toBe('');
  });

  it('says so when the scene’s code does not download, naming the file', async () => {
    const h = start('', {
      createScene: () =>
        import('../../runtime/figure-failure.ts').then(({ importFigureCode }) =>
          importFigureCode(
            () =>
              Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://x/_astro/scene.q1.js')),
            '3-D view',
          ),
        ),
    });
    // The dynamic import of figure-failure.ts takes as many ticks as the machine needs: wait for the state.
    await expect
      .poll(() => {
        flushSync();
        return h.figure.status;
      })
      .toBe('error');
    expect(h.figure.errorText).toMatch(/^The 3-D view could not start: its code \(scene\.q1\.js\) did not download/);
  });

  it('reports a browser without WebGL', async () => {
    const h = start('', { createScene: async () => null });
    await settle();
    expect(h.figure.status).toBe('no-webgl');
  });

  it('lets the WebGL context go in the back/forward cache and makes a new one when shown again', async () => {
    const scenes: ReturnType<typeof fakeScene>[] = [];
    const h = start('', {
      createScene: async () => {
        const s = fakeScene();
        scenes.push(s);
        return s;
      },
    });
    await settle();
    h.figure.suspendScene();
    expect(scenes[0]!.disposed).toBe(true);
    expect(h.figure.scene).toBeNull();
    h.figure.resumeScene();
    await settle();
    expect(scenes).toHaveLength(2);
    expect(h.figure.scene).toBe(scenes[1]);
    h.stop();
    expect(scenes[1]!.disposed).toBe(true);
  });
});
