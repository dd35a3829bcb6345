// Figure 6.x's state and effects without a browser, against a fake model client: the seed comes from
// the link and goes back to it, "Sample again" asks for the next seed, the newest draw wins, a failure
// is shown in words, and leaving releases the client and the hook.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { SAMPLERS, type SampleOutput } from '../../lib/gen/samplers.ts';
import { SamplingModel, type SamplingEnvironment } from './sampling.svelte.ts';
import { readState } from '../../lib/url-state.ts';
import { samplingPrefixFor, samplingSchema, type SamplingState } from './sampling-state.ts';

function environment(search = '') {
  const fake = fakeModelClient<{ seed: number }, SampleOutput>({
    digits: async () => {
      throw new Error('not used');
    },
  });
  const saved: SamplingState[] = [];
  const hooks: Record<string, unknown> = {};
  const env: SamplingEnvironment = {
    search,
    load: () => readState(samplingSchema, samplingPrefixFor('fig-sampling'), new URLSearchParams(search)),
    save: (s) => void saved.push({ ...s }),
    connect: () => fake.client,
    hooks,
  };
  return { env, requests: fake.runs, saved, log: fake.log, hooks };
}

const output = (seed: number): SampleOutput => ({
  seed,
  images: Object.fromEntries(SAMPLERS.map((s) => [s, new Float32Array(4 * 784).fill(0.25)])) as SampleOutput['images'],
  z: new Float32Array([0.5, -1, 0, 2, 1.25, 0, -0.5, 0.1]),
  ms: 3,
});

describe('sampling figure state', () => {
  it('draws the seed of the link, and "Sample again" draws and saves the next one', async () => {
    const fig = new SamplingModel('fig-sampling');
    const { env, requests, saved, log } = environment('?sample.seed=41');
    const stop = fig.start(env);
    flushSync();
    expect(requests.map((r) => r.input.seed)).toEqual([41]);
    requests[0]!.answer(output(41));
    await settle();
    expect(fig.drawn?.seed).toBe(41);
    expect(fig.busy).toBe(false);

    fig.sampleAgain();
    flushSync();
    expect(requests.at(-1)!.input.seed).toBe(42);
    expect(saved.at(-1)).toEqual({ seed: 42 });
    expect(fig.busy).toBe(true);
    requests.at(-1)!.answer(output(42));
    await settle();
    expect(fig.drawn?.seed).toBe(42);
    stop();
    expect(log).toEqual(['cancel fig-sampling/sample', 'release fig-sampling/', 'close']);
  });

  it('keeps only the newest draw when answers arrive out of order', async () => {
    const fig = new SamplingModel('fig-sampling');
    const { env, requests } = environment();
    const stop = fig.start(env);
    flushSync();
    fig.sampleAgain();
    flushSync();
    requests[1]!.answer(output(2));
    requests[0]!.answer(output(1));
    await settle();
    expect(fig.drawn?.seed).toBe(2);
    stop();
  });

  it('says in words what failed, and clears it when a draw succeeds', async () => {
    const fig = new SamplingModel('fig-sampling');
    const { env, requests } = environment();
    const stop = fig.start(env);
    flushSync();
    const err = new Error('the vae model could not be loaded: /models/vae/weights.bin: HTTP 404');
    err.name = 'LoadError';
    requests[0]!.fail(err);
    await settle();
    expect(fig.error).toBe('The vae model could not be loaded: /models/vae/weights.bin: HTTP 404');
    expect(fig.drawn).toBeNull();
    fig.sampleAgain();
    flushSync();
    requests[1]!.answer(output(2));
    await settle();
    expect(fig.error).toBeNull();
    stop();
  });

  it('exposes a debug hook only when the link asks, and removes it on leaving', () => {
    const fig = new SamplingModel('fig-sampling');
    const { env, hooks } = environment('?sample.debug=1');
    const stop = fig.start(env);
    expect(Object.keys((hooks.__sampling ?? {}) as object)).toEqual(['fig-sampling']);
    stop();
    expect(hooks.__sampling).toBeUndefined();
  });
});
