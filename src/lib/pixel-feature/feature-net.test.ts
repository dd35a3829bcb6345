import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fileNames, validateModelFiles } from '../model-artifacts.ts';
import { sequentialFromArtifacts } from '../sequential.ts';
import { featureNetFromArtifacts, splitArtifacts, type Artifacts } from './feature-net.ts';
import { nearestIndices, pairwiseSqDistances, rowDistances } from './distances.ts';
import { l2, nearestRow } from './geometry.ts';
import { mulberry32 } from '../rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = (n: number, seed = 1) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r());
};

describe('distances on tfjs against plain arrays', () => {
  it('pairwise squared distances and nearest indices', () => {
    const a = random(7 * 784, 2),
      b = random(5 * 784, 3);
    const before = tf.memory().numTensors;
    const [d, nn] = tf.tidy(() => {
      const ta = tf.tensor2d(a, [7, 784]),
        tb = tf.tensor2d(b, [5, 784]);
      return [pairwiseSqDistances(ta, tb).arraySync(), nearestIndices(ta, tb).arraySync()];
    });
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 5; j++)
        expect(Math.sqrt(d[i]![j]!)).toBeCloseTo(
          l2(a.subarray(i * 784, (i + 1) * 784), b.subarray(j * 784, (j + 1) * 784)),
          3,
        );
      expect(nn[i]).toBe(nearestRow(a.subarray(i * 784, (i + 1) * 784), b, 5, 784).index);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('row distances', () => {
    const a = random(3 * 32, 4),
      b = random(3 * 32, 5);
    const got = tf.tidy(() => rowDistances(tf.tensor2d(a, [3, 32]), tf.tensor2d(b, [3, 32])).arraySync());
    got.forEach((v, i) =>
      expect(v).toBeCloseTo(l2(a.subarray(i * 32, i * 32 + 32), b.subarray(i * 32, i * 32 + 32)), 4),
    );
  });
});

const hasCnn = existsSync('public/models/cnn/model.json');

describe.runIf(hasCnn)('the cnn model cut at its feature layer', () => {
  let artifacts: Artifacts;
  let x: tf.Tensor4D;
  beforeAll(() => {
    const dir = 'public/models/cnn';
    const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
    artifacts = validateModelFiles(
      manifest,
      JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')),
      new Uint8Array(readFileSync(`${dir}/${manifest.weightsFile}`)).buffer,
      fileNames(dir, manifest.weightsFile),
    ).artifacts as Artifacts;
    x = tf.tensor4d(
      random(4 * 784, 9).map((v) => v ** 3),
      [4, 28, 28, 1],
    );
  });
  afterAll(() => x?.dispose());

  it('splits the layers and the weight bytes exactly', () => {
    const [body, head] = splitArtifacts(artifacts, 'features');
    expect(body.weightSpecs!.map((s) => s.name)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
      'features/kernel',
      'features/bias',
    ]);
    expect(head.weightSpecs!.map((s) => s.name)).toEqual(['logits/kernel', 'logits/bias']);
    expect((body.weightData as ArrayBuffer).byteLength + (head.weightData as ArrayBuffer).byteLength).toBe(
      (artifacts.weightData as ArrayBuffer).byteLength,
    );
    expect(() => splitArtifacts(artifacts, 'nope')).toThrow(/no layer named nope/);
    expect(() => splitArtifacts(artifacts, 'logits')).toThrow(/last layer/);
  });

  it("body then head gives the full model's logits; the head is the plain dense layer f·W + b", () => {
    const full = sequentialFromArtifacts(artifacts);
    const net = featureNetFromArtifacts(artifacts);
    const before = tf.memory().numTensors;
    const [want, got, feats] = tf.tidy(() => [
      full.logits(x).arraySync(),
      net.logits(x).arraySync(),
      net.features(x).arraySync(),
    ]);
    expect(tf.memory().numTensors).toBe(before);
    got.forEach((r, i) => r.forEach((v, k) => expect(v).toBeCloseTo(want[i]![k]!, 4)));
    expect(feats[0]!.length).toBe(32);
    expect(feats.flat().every((v) => v >= 0)).toBe(true); // ReLU
    // Plain-array head: logits = f W + b, with W and b read from the weight bytes.
    const [, head] = splitArtifacts(artifacts, 'features');
    const w = new Float32Array(head.weightData as ArrayBuffer, 0, 320),
      b = new Float32Array(head.weightData as ArrayBuffer, 1280, 10);
    feats.forEach((f, i) => {
      for (let k = 0; k < 10; k++) {
        let s = b[k]!;
        for (let j = 0; j < 32; j++) s += f[j]! * w[j * 10 + k]!;
        expect(s).toBeCloseTo(got[i]![k]!, 4);
      }
    });
    // Feature distances on tfjs equal plain L2 of the read-back vectors.
    const fd = tf.tidy(() => {
      const f = net.features(x);
      return rowDistances(tf.slice(f, [0, 0], [2, -1]), tf.slice(f, [2, 0], [2, -1])).arraySync();
    });
    expect(fd[0]).toBeCloseTo(l2(feats[0]!, feats[2]!), 4);
    expect(fd[1]).toBeCloseTo(l2(feats[1]!, feats[3]!), 4);
    full.dispose();
    net.dispose();
  });
});
