// The three-kinds job on the shipped cnn and digits, in Node on wasm as a browser runs it: the hard
// negative is the feature-space nearest of another class (checked by brute force over the digits'
// feature vectors), the adversarial example is read as the target within its ε, and the distances
// are the ones the figure prints.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitPixels, type DigitSet } from '../digit-set.ts';
import { throwIfAborted, type JobContext, type LoadedModel, type ModelFiles } from '../jobs.ts';
import { fileNames, validateModelFiles } from '../model-artifacts.ts';
import { featureNetFromArtifacts, type Artifacts } from '../pixel-feature/feature-net.ts';
import { sequentialFromArtifacts } from '../sequential.ts';
import { loadShippedDigits, modelFiles, useBackend } from '../../../tests/fixtures/shipped.ts';
import { compare } from './jobs.ts';
import type { KindsProgress } from './types.ts';

let digits: DigitSet;
const kept = new Map<string, { value: unknown; dispose?: (v: never) => void }>();
const models = new Map<string, LoadedModel>();
const files = (name: string): ModelFiles => {
  const f = modelFiles(name);
  return validateModelFiles(f.manifest, f.model, f.weights, fileNames(`models/${name}`)) as ModelFiles;
};
const signal = new AbortController().signal;
const progress: KindsProgress[] = [];
const ctx: JobContext<KindsProgress> = {
  signal,
  checkpoint: async () => throwIfAborted(signal),
  progress: (p) => progress.push(p),
  modelFiles: async (name) => files(name),
  model: async (name) => {
    let m = models.get(name);
    if (!m) {
      const { manifest, artifacts } = files(name);
      const net = sequentialFromArtifacts(artifacts as Artifacts);
      models.set(name, (m = { name, manifest, net, logits: net.logits }));
    }
    return m;
  },
  digits: async () => digits,
  keep: async (key, make, options = {}) => {
    if (!kept.has(key)) kept.set(key, { value: await make(ctx), dispose: options.dispose as (v: never) => void });
    return kept.get(key)!.value as never;
  },
};

beforeAll(async () => {
  await useBackend('wasm');
  digits = await loadShippedDigits();
}, 60_000);
afterAll(() => {
  for (const { value, dispose } of kept.values()) dispose?.(value as never);
  for (const m of models.values()) m.net.dispose();
});

describe('the three-kinds job', () => {
  it('finds the feature-space nearest digit of another class, and a targeted example within its ε', async () => {
    const r = await compare(ctx, { model: 'cnn', digit: 5, drawn: null, seed: 3 });
    const cls = digits.labels[5]!;
    expect(r.originalClass).toBe(cls);

    // Brute force over every held-out digit's feature vector.
    const net = featureNetFromArtifacts(files('cnn').artifacts as Artifacts);
    const all = tf.tidy(() => net.features(tf.tensor4d(digits.pixels, [digits.count, 28, 28, 1])));
    const f = (await all.data()) as Float32Array;
    all.dispose();
    net.dispose();
    const d = r.space.units;
    expect(r.space).toEqual({ layer: 'features', units: 32 });
    const dist = (j: number) => Math.hypot(...Array.from({ length: d }, (_, k) => f[j * d + k]! - f[5 * d + k]!));
    let best = -1;
    for (let j = 0; j < digits.count; j++) if (digits.labels[j] !== cls && (best < 0 || dist(j) < dist(best))) best = j;
    expect(r.hardNegative.index).toBe(best);
    expect(r.hardNegative.featureL2).toBeCloseTo(dist(best), 3);
    expect(r.negative.featureL2).toBeGreaterThanOrEqual(r.hardNegative.featureL2);
    expect(digits.labels[r.negative.index!]).not.toBe(cls);

    // The adversarial example: made, read as the hard negative's class, within ε and [0, 1].
    expect(r.target).toBe(digits.labels[best]);
    expect(r.search.found).toBe(true);
    expect(r.adversarial.index).toBeNull();
    expect(r.adversarial.answer.label).toBe(r.target);
    expect(r.adversarial.pixelLinf).toBeLessThanOrEqual(r.search.eps! + 1e-6);
    expect(r.search.hi! - r.search.lo).toBeLessThanOrEqual(r.search.tolerance);
    expect(Math.min(...r.adversarial.pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.adversarial.pixels)).toBeLessThanOrEqual(1);
    // The pixel distances are those of the images returned.
    const orig = digitPixels(digits, 5);
    expect(r.negative.pixelL2).toBeCloseTo(Math.hypot(...r.negative.pixels.map((v, i) => v - orig[i]!)), 4);
    // The search was reported as it went: the last report is the final bracket.
    expect(progress.at(-1)?.search).toMatchObject({ lo: r.search.lo, hi: r.search.hi });
    expect(progress.at(-1)?.search?.probes).toEqual(r.search.probes);
  });

  it('measures the linear model in its logits, and a drawing against the class the model reads', async () => {
    const drawn = Float32Array.from(digitPixels(digits, 9));
    const r = await compare(ctx, { model: 'linear', digit: 0, drawn, seed: 1 });
    expect(r.digit).toBeNull();
    expect(r.space).toEqual({ layer: 'logits', units: 10 });
    expect(r.originalClass).toBe(r.originalAnswer.label);
    expect(digits.labels[r.hardNegative.index!]).not.toBe(r.originalClass);
    expect(digits.labels[r.negative.index!]).not.toBe(r.originalClass);
  });

  it('gives the same negative for the same seed and another for another seed', async () => {
    const a = await compare(ctx, { model: 'cnn', digit: 5, drawn: null, seed: 3 });
    const b = await compare(ctx, { model: 'cnn', digit: 5, drawn: null, seed: 4 });
    const c = await compare(ctx, { model: 'cnn', digit: 5, drawn: null, seed: 3 });
    expect(c.negative.index).toBe(a.negative.index);
    expect(b.negative.index).not.toBe(a.negative.index);
    expect(b.hardNegative.index).toBe(a.hardNegative.index);
    expect(c.search).toEqual(a.search);
  });
});
