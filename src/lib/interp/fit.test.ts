import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tests/fixtures/shipped.ts';
import {
  clampRange,
  fitEnsemble,
  gridXs,
  MEMBERS,
  MIN_WIDTH,
  samples,
  summarise,
  X_MAX,
  type FitOutput,
} from './fit.ts';

beforeAll(() => useBackend('wasm'));

describe('the extrapolation ensemble', () => {
  let first: FitOutput;
  beforeAll(async () => {
    first = await fitEnsemble({ target: 'sin', lo: -1, hi: 1, seed: 1 });
  }, 60_000);

  it('is the same for the same seed, leaves no tensor behind, and differs for another seed', async () => {
    const before = tf.memory().numTensors;
    const again = await fitEnsemble({ target: 'sin', lo: -1, hi: 1, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect([...again.curves]).toEqual([...first.curves]);
    const other = await fitEnsemble({ target: 'sin', lo: -1, hi: 1, seed: 2 });
    expect([...other.curves]).not.toEqual([...first.curves]);
  }, 60_000);

  it('fits the samples inside the range, and its members spread far more outside it', () => {
    expect(first.curves.length).toBe(MEMBERS * gridXs().length);
    const s = summarise(first);
    expect(s.error.inside).toBeLessThan(0.15);
    expect(s.spread.outside).toBeGreaterThan(5 * s.spread.inside);
    expect(s.error.outside).toBeGreaterThan(5 * s.error.inside);
    for (const l of first.loss) expect(l).toBeLessThan(0.05);
  });

  it('stops at a checkpoint that throws, freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const stop = async () => {
      if (++calls === 3) throw new Error('superseded');
    };
    await expect(fitEnsemble({ target: 'abs', lo: 0, hi: 2, seed: 1 }, stop)).rejects.toThrow('superseded');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ranges and samples', () => {
  it('keeps a training range on the axis, ordered and at least MIN_WIDTH wide', () => {
    expect(clampRange(-1, 1)).toEqual([-1, 1]);
    expect(clampRange(2, 1)).toEqual([2, 2 + MIN_WIDTH]);
    expect(clampRange(-9, 9)).toEqual([-X_MAX, X_MAX]);
    expect(clampRange(X_MAX, X_MAX)).toEqual([X_MAX - MIN_WIDTH, X_MAX]);
    expect(clampRange(Number.NaN, Number.NaN)).toEqual([-1, 1]);
  });

  it('draws the same noisy samples for a seed, all inside the range', () => {
    const a = samples('cubic', 0.5, 2, 4);
    expect([...a.xs]).toEqual([...samples('cubic', 0.5, 2, 4).xs]);
    expect([...a.ys]).toEqual([...samples('cubic', 0.5, 2, 4).ys]);
    for (const x of a.xs) expect(x >= 0.5 && x <= 2).toBe(true);
  });

  it('summarises spread and error inside and outside the range', () => {
    const grid = Float32Array.of(-2, 0, 2);
    // Two members: equal at 0 (inside), 0 and 2 apart at ±2 (outside); the target is |x| − 1.
    const curves = Float32Array.of(1, -1, 1, 1, -1, 3);
    const s = summarise({ target: 'abs', lo: -1, hi: 1, grid, curves });
    expect(s.spread.inside).toBe(0);
    expect(s.spread.outside).toBeCloseTo(0.5);
    expect(s.error.inside).toBe(0);
    expect(s.error.outside).toBeCloseTo(0.5);
    expect([...s.mean]).toEqual([1, -1, 2]);
  });
});
