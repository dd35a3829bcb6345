// The three-kinds figure's state and effects without a browser: a fake model client answers when the
// test says so. What a reader would notice: the opening state shows the build-time result at once and
// keeps it when the worker agrees; a link's state is requested; the newest change wins; "another random
// negative" changes the seed; a failure says what failed; leaving the page releases the client.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../lib/jobs.ts';
import { restoreResult, type StoredResult } from '../../lib/kinds/precomputed.ts';
import type { KindsRequest, KindsResult } from '../../lib/kinds/types.ts';
import { blankDigits, fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { nextSeed } from './kinds-state.ts';
import example from './static-example.json';
import { ThreeKindsModel, type KindsEnvironment } from './three-kinds.svelte.ts';

const COUNT = 800;
const digits = blankDigits(COUNT, (i) => i % 10);
const built = restoreResult(example.byModel.cnn as unknown as StoredResult, digits)!;

function environment(search = '') {
  const fake = fakeModelClient<KindsRequest, KindsResult>({ digits: async () => digits });
  const saved: unknown[] = [];
  const hooks: Record<string, unknown> = {};
  const env: KindsEnvironment = { search, save: (s) => saved.push(s), connect: () => fake.client, hooks };
  return { env, requests: fake.runs, log: fake.log, saved, hooks };
}

describe('three-kinds state', () => {
  it('shows the build-time result once the digits are there, and keeps it when the worker agrees', async () => {
    expect(built).not.toBeNull();
    const kinds = new ThreeKindsModel('fig-three-kinds');
    const { env, requests } = environment();
    const stop = kinds.start(env);
    flushSync();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.input).toMatchObject({ model: 'cnn', digit: example.opening.digit, seed: 1, drawn: null });
    await settle();
    expect(kinds.result?.source).toBe('build');
    expect(kinds.sentence).toMatch(/^Original: held-out digit no\. \d+/);
    requests[0]!.answer({ ...built, ms: 3 });
    await settle();
    expect(kinds.result).toMatchObject({ source: 'build', confirmedMs: 3 });
    expect(kinds.progress).toBeNull();
    stop();
  });

  it('replaces the build-time result when the worker shows something else', async () => {
    const kinds = new ThreeKindsModel('fig-three-kinds');
    const { env, requests } = environment();
    const stop = kinds.start(env);
    await settle();
    requests[0]!.answer({ ...built, search: { ...built.search, eps: 0.25, hi: 0.25 }, ms: 3 });
    await settle();
    expect(kinds.result?.source).toBe('live');
    expect(kinds.result?.search.eps).toBe(0.25);
    stop();
  });

  it("requests a link's state, clamps it to the digits, lets the newest change win and writes it back", async () => {
    const kinds = new ThreeKindsModel('fig-three-kinds');
    const { env, requests, saved } = environment('?kinds.model=cnn-robust&kinds.digit=5000&kinds.seed=oops');
    const stop = kinds.start(env);
    flushSync();
    expect(kinds.result).toBeNull(); // not the opening state: nothing until the worker answers
    expect(requests[0]!.input).toMatchObject({ model: 'cnn-robust', digit: 5000, seed: 1 });
    await settle();
    expect(kinds.s.digit).toBe(COUNT - 1);
    kinds.s.seed = nextSeed(kinds.s.seed);
    flushSync();
    const newer = requests.at(-1)!;
    expect(newer.input).toMatchObject({ model: 'cnn-robust', digit: COUNT - 1, seed: 2 });
    newer.answer({ ...built, model: 'cnn-robust', seed: 2, ms: 1 });
    requests[0]!.answer({ ...built, model: 'cnn-robust', seed: 1, ms: 1 });
    await settle();
    expect(kinds.result?.seed).toBe(2);
    expect(saved.at(-1)).toMatchObject({ model: 'cnn-robust', digit: COUNT - 1, seed: 2 });
    stop();
  });

  it('says what failed', async () => {
    const kinds = new ThreeKindsModel('fig-three-kinds');
    const { env, requests } = environment('?kinds.model=linear');
    const stop = kinds.start(env);
    flushSync();
    requests[0]!.fail(new LoadError('the linear model could not be loaded: /models/linear/weights.bin: HTTP 404'));
    await settle();
    expect(kinds.error).toBe('The linear model could not be loaded: /models/linear/weights.bin: HTTP 404');
    kinds.s.model = 'cnn';
    flushSync();
    requests.at(-1)!.fail(new Error('out of memory'));
    await settle();
    expect(kinds.error).toBe('The comparison failed: out of memory');
    stop();
  });

  it('leaves nothing behind: channel cancelled, sessions released, client closed, hook removed', () => {
    const kinds = new ThreeKindsModel('fig-three-kinds');
    const { env, log, hooks } = environment('?kinds.debug=1');
    const stop = kinds.start(env);
    flushSync();
    expect(hooks.__threeKinds).toBeDefined();
    stop();
    expect(hooks.__threeKinds).toBeUndefined();
    expect(log).toEqual([
      'cancel fig-three-kinds/compare',
      'release fig-three-kinds/',
      'release three-kinds/',
      'close',
    ]);
  });
});

describe('nextSeed', () => {
  it('steps and wraps', () => {
    expect(nextSeed(1)).toBe(2);
    expect(nextSeed(99999)).toBe(1);
  });
});
