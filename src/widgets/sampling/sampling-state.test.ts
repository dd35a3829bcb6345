import { describe, expect, it } from 'vitest';
import { readStateChecked } from '../../lib/url-state.ts';
import { SAMPLERS } from '../../lib/gen/samplers.ts';
import { describeDraws, nextSeed, samplingPrefixFor, samplingSchema, SEED_MAX } from './sampling-state.ts';

describe('sampling state', () => {
  it('reads a seed, clamps one out of range and drops one it cannot read', () => {
    const read = (q: string) => readStateChecked(samplingSchema, 'sample', new URLSearchParams(q));
    expect(read('sample.seed=12').state.seed).toBe(12);
    expect(read('sample.seed=0').state.seed).toBe(1);
    expect(read(`sample.seed=${SEED_MAX * 10}`).state.seed).toBe(SEED_MAX);
    expect(read('sample.seed=x7')).toEqual({ state: { seed: 1 }, unreadable: ['sample.seed'] });
  });

  it('names the prefix after the figure and wraps the next seed', () => {
    expect(samplingPrefixFor('fig-sampling')).toBe('sample');
    expect(samplingPrefixFor('fig-sampling-two')).toBe('sample-two');
    expect(nextSeed(5)).toBe(6);
    expect(nextSeed(SEED_MAX)).toBe(1);
  });

  it('describes the draws in words', () => {
    const images = Object.fromEntries(SAMPLERS.map((s, i) => [s, new Float32Array(784 * 4).fill(i / 10)]));
    const text = describeDraws({
      seed: 3,
      images: images as never,
      z: new Float32Array([0.04, -1.26, 0, 0, 0, 0, 0, 0]),
    });
    expect(text).toMatch(/^Seed 3: 4 digits from each sampler\. Share of ink: one histogram 0%, per-position 10%/);
    expect(text).toContain('z = (0.0, −1.3), (0.0, 0.0)');
  });
});
