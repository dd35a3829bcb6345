// Figure 3.x's state without a browser, against a fake model client: the link's state is read (bad
// values clamped or dropped), every change asks the worker on the right channel and is saved, and only
// the newest answer of each kind shows.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { ModelClient } from '../../runtime/model-worker/client.ts';
import { readState, readStateChecked, writeState } from '../../lib/url-state.ts';
import { InsideOutsideModel } from './inside-outside.svelte.ts';
import { ioSchema, PREFIX, type IoState } from './io-state.ts';

interface Request {
  channel: string;
  job: string;
  input: Record<string, unknown>;
  answer(o: unknown): void;
}

function environment(search = '') {
  const requests: Request[] = [];
  const saved: IoState[] = [];
  const client = {
    where: async () => ({ mode: 'worker', note: null }),
    backend: async () => ({ backend: 'wasm', fallbackReason: null }),
    release: async () => {},
    close: () => {},
    numTensors: async () => 0,
    channel: (channel: string) => ({
      run: ((job: string, input: Record<string, unknown>) =>
        new Promise((answer) => requests.push({ channel, job, input, answer }))) as never,
      cancel: () => {},
    }),
  } as unknown as ModelClient;
  return {
    requests,
    saved,
    env: {
      search,
      load: () => readState(ioSchema, PREFIX, new URLSearchParams(search)),
      save: (s: IoState) => void saved.push({ ...s }),
      connect: () => client,
      hooks: {} as Record<string, unknown>,
    },
  };
}

const settle = async () => {
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
};
const interpAnswer = (a: number, b: number) => ({
  a,
  b,
  labels: [1, 2],
  times: [0, 0.5, 1],
  fade: { images: new Float32Array(3 * 784), answers: [], nearest: [4, 6, 4] },
  latent: { images: new Float32Array(3 * 784), answers: [], nearest: [3, 4, 5] },
  ms: 1,
});

describe('inside-outside URL state', () => {
  it('round-trips a state through the link, leaving defaults out', () => {
    const state: IoState = { a: 12, b: 345, t: 0.83, f: 'cubic', lo: 0.5, hi: 2.5 };
    const params = writeState(ioSchema, PREFIX, state, new URLSearchParams());
    expect(params.toString()).toBe('io.a=12&io.b=345&io.t=0.83&io.f=cubic&io.lo=0.5&io.hi=2.5');
    expect(readState(ioSchema, PREFIX, params)).toEqual(state);
    expect(
      writeState(
        ioSchema,
        PREFIX,
        readState(ioSchema, PREFIX, new URLSearchParams()),
        new URLSearchParams(),
      ).toString(),
    ).toBe('');
  });

  it('clamps values out of range and drops values it cannot read', () => {
    const { state, unreadable } = readStateChecked(
      ioSchema,
      PREFIX,
      new URLSearchParams('io.a=-4&io.b=99999&io.t=7&io.f=tan&io.lo=abc&io.hi=1e9'),
    );
    expect(state).toEqual({ a: 0, b: 799, t: 1, f: 'sin', lo: -1, hi: 3 });
    expect(unreadable.sort()).toEqual(['io.f', 'io.lo']);
  });
});

describe('inside-outside state', () => {
  it('asks for the linked pair and fit, saves changes, and keeps only the newest answers', async () => {
    const fig = new InsideOutsideModel('fig-inside-outside');
    const { env, requests, saved } = environment('?io.a=3&io.b=5&io.lo=2.9&io.hi=1');
    const stop = fig.start(env);
    flushSync();
    const interp = requests.filter((r) => r.job === 'inside-outside/interpolate');
    const fits = requests.filter((r) => r.job === 'inside-outside/fit');
    expect(interp[0]!.input).toEqual({ a: 3, b: 5 });
    // A range narrower than the minimum (or reversed) is widened from its lower end.
    expect(fits[0]!.input).toEqual({ target: 'sin', lo: 0.5, hi: 1, seed: 1 });
    expect(interp[0]!.channel).toBe('fig-inside-outside/interpolate');
    expect(fits[0]!.channel).toBe('fig-inside-outside/fit');

    fig.swap();
    flushSync();
    expect(requests.at(-1)!.input).toEqual({ a: 5, b: 3 });
    expect(saved.at(-1)).toMatchObject({ a: 5, b: 3 });
    // The older answer arrives last and is ignored.
    requests.at(-1)!.answer(interpAnswer(5, 3));
    interp[0]!.answer(interpAnswer(3, 5));
    await settle();
    expect(fig.interp?.a).toBe(5);
    expect(fig.means).toEqual({ fade: 14 / 3, latent: 4 });

    fig.t = 0.9;
    flushSync();
    expect(fig.frame).toBe(5);
    expect(saved.at(-1)).toMatchObject({ t: 0.9 });

    fig.setRange(2.2, fig.hi, 'lo');
    flushSync();
    expect([fig.lo, fig.hi]).toEqual([2.2, 2.7]);
    expect(requests.at(-1)!.input).toEqual({ target: 'sin', lo: 2.2, hi: 2.7, seed: 1 });
    stop();
  });

  it('draws random pairs of two different digits, the same sequence every time', () => {
    const pairs = () => {
      const fig = new InsideOutsideModel('x');
      return Array.from({ length: 20 }, () => {
        fig.randomPair();
        return [fig.a, fig.b];
      });
    };
    const first = pairs();
    expect(pairs()).toEqual(first);
    for (const [a, b] of first) {
      expect(a).not.toBe(b);
      expect(a! >= 0 && a! < 800 && b! >= 0 && b! < 800).toBe(true);
    }
  });
});
