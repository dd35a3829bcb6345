import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBytes, readJson } from '../../../tests/fixtures/shipped.ts';
import type { JobContext } from '../jobs.ts';
import { sample } from './jobs.ts';
import tables from './pixel-tables.json';
import { validateDecoderFiles } from './vae-files.ts';

const DIR = 'models/vae';
const files = () => ({
  manifest: readJson(`${DIR}/manifest.json`),
  model: readJson(`${DIR}/model.json`) as { weightsManifest: { weights: Record<string, unknown>[] }[] },
  weights: readBytes(`${DIR}/weights.bin`),
});

/** A job context that serves public/ and keeps values like the model host does. */
function context(): { ctx: JobContext<never>; dispose(): void } {
  const kept = new Map<string, { value: unknown; dispose?: (v: never) => void }>();
  const signal = new AbortController().signal;
  const ctx = {
    signal,
    checkpoint: async () => {},
    progress: () => {},
    file: async (path: string) => {
      const bytes = readBytes(path);
      return {
        ok: true,
        status: 200,
        text: async () => new TextDecoder().decode(bytes),
        arrayBuffer: async () => bytes,
      };
    },
    keep: async (key: string, make: (c: unknown) => unknown, options: { dispose?: (v: never) => void } = {}) => {
      if (!kept.has(key)) kept.set(key, { value: await make(ctx), dispose: options.dispose });
      return kept.get(key)!.value;
    },
  } as unknown as JobContext<never>;
  return { ctx, dispose: () => kept.forEach((k) => k.dispose?.(k.value as never)) };
}

describe('the shipped VAE', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('validates, fits the 200 KB budget, and lost little to 8-bit weights', () => {
    const f = files();
    const { manifest, artifacts } = validateDecoderFiles(f.manifest, f.model, f.weights, DIR);
    expect(f.weights.byteLength).toBeLessThanOrEqual(200_000);
    expect(manifest.weightsBytes).toBe(manifest.parameterCount.decoder);
    expect(artifacts.weightData.byteLength).toBe(4 * manifest.parameterCount.decoder);
    const { float32, shipped } = manifest.heldOut;
    expect(manifest.heldOut.digits).toBe(tables.heldOutCount);
    expect(shipped.elbo).toBeLessThan(0);
    // Quantisation costs less than a thousandth of a nat per pixel.
    expect(Math.abs(shipped.elbo - float32.elbo)).toBeLessThan(1e-3);
    // The bound beats the independent per-position model (the VAE has learned more than where ink goes).
    expect(shipped.elbo).toBeGreaterThan(tables.heldOut.marginal);
  });

  it('refuses truncated weights and a model.json without quantisation, naming the file', () => {
    const f = files();
    expect(() => validateDecoderFiles(f.manifest, f.model, f.weights.slice(0, 1000), DIR)).toThrow(
      /models\/vae\/weights\.bin: truncated/,
    );
    const plain = structuredClone(f.model);
    delete plain.weightsManifest[0]!.weights[0]!.quantization;
    expect(() => validateDecoderFiles(f.manifest, plain, f.weights, DIR)).toThrow(/models\/vae\/model\.json/);
  });

  it('samples: reproducible by seed, new digits for a new seed, ink like the data’s, no tensor left', async () => {
    const { ctx, dispose } = context();
    const a = await sample(ctx, { seed: 5 });
    const again = await sample(ctx, { seed: 5 });
    const other = await sample(ctx, { seed: 6 });
    expect(again.images).toEqual(a.images);
    for (const s of ['histogram', 'marginal', 'neighbours', 'vae'] as const) {
      expect(other.images[s]).not.toEqual(a.images[s]);
      expect(a.images[s].every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    const before = tf.memory().numTensors;
    let ink = 0;
    const n = 50;
    for (let seed = 100; seed < 100 + n; seed++) {
      const out = await sample(ctx, { seed });
      ink += out.images.vae.reduce((s, v) => s + v, 0) / out.images.vae.length;
    }
    expect(tf.memory().numTensors).toBe(before);
    // Decoded digits carry about as much ink as the binarised data (the histogram sampler's rate).
    expect(Math.abs(ink / n - tables.tables.histogram)).toBeLessThan(0.04);
    dispose();
  });
});
