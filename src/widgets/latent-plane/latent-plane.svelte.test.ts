// Figure 6.y's state without a browser, against a fake model client: the point comes from the link,
// is clamped to the map, every move asks for a decode and is saved, and only the newest answer shows.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import type { DecodeOutput } from '../../lib/gen/jobs.ts';
import { readState } from '../../lib/url-state.ts';
import { LatentPlaneModel } from './latent-plane.svelte.ts';
import { describePoint, LATENT_PREFIX, latentSchema, type LatentState } from './latent-state.ts';

function environment(search = '') {
  const fake = fakeModelClient<{ z1: number; z2: number }, DecodeOutput>();
  const saved: LatentState[] = [];
  return {
    requests: fake.runs,
    saved,
    env: {
      search,
      load: () => readState(latentSchema, LATENT_PREFIX, new URLSearchParams(search)),
      save: (s: LatentState) => void saved.push({ ...s }),
      connect: () => fake.client,
      codes: async () => ({ count: 2, labels: [3, 8], codes: [1, 1, -2, 0] }),
    },
  };
}

const out = (z1: number, z2: number): DecodeOutput => ({ z1, z2, image: new Float32Array(784), ms: 1 });
describe('latent plane state', () => {
  it('decodes the linked point, clamps moves to the map, and keeps the newest answer', async () => {
    const fig = new LatentPlaneModel('fig-latent-plane');
    const { env, requests, saved } = environment('?latent.z1=1.25&latent.z2=-7');
    const stop = fig.start(env);
    flushSync();
    expect(requests[0]!.input).toEqual({ z1: 1.25, z2: -5 });
    fig.moveTo(9, 0.123);
    flushSync();
    expect(requests[1]!.input).toEqual({ z1: 5, z2: 0.12 });
    expect(saved.at(-1)).toEqual({ z1: 5, z2: 0.12 });
    requests[1]!.answer(out(5, 0.12));
    requests[0]!.answer(out(1.25, -5));
    await settle();
    expect(fig.decoded?.z1).toBe(5);
    // The codes arrived: the sentence names the nearest digit.
    expect(fig.sentence).toMatch(/nearest held-out digit’s code is a 3/);
    stop();
  });

  it('says where a point is and how likely the prior finds it', () => {
    expect(describePoint(0, 0, null)).toBe(
      'z = (0.00, 0.00), 0.00 from the centre, where the prior’s density is 100% of its peak.',
    );
    expect(describePoint(-4, 0, { label: 1, distance: 0.5 })).toMatch(
      /^z = \(−4\.00, 0\.00\), 4\.00 from the centre, where the prior’s density is under 1% of its peak\. The nearest held-out digit’s code is a 1, 0\.50 away\.$/,
    );
  });
});
