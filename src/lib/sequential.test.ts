import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { fgsm, inputGradient } from './attacks.ts';
import { fileNames, validateModelFiles } from './model-artifacts.ts';
import { sequentialFromArtifacts } from './sequential.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function artifactsOf(name: string) {
  const dir = `public/models/${name}`;
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
  return validateModelFiles(
    manifest,
    JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')),
    new Uint8Array(readFileSync(`${dir}/${manifest.weightsFile}`)).buffer,
    fileNames(dir, manifest.weightsFile),
  ).artifacts;
}

const shipped = ['linear', 'cnn', 'cnn-robust'].filter((m) => existsSync(`public/models/${m}/model.json`));

describe.each(shipped)('the %s model run with tfjs-core ops', (name) => {
  let layers: tfl.LayersModel;
  let net: ReturnType<typeof sequentialFromArtifacts>;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    layers = await tfl.loadLayersModel(tf.io.fromMemory(artifactsOf(name)));
    net = sequentialFromArtifacts(artifactsOf(name));
    let s = 7;
    x = tf.tensor4d(
      Float32Array.from({ length: 3 * 784 }, () => ((s = (s * 16807) % 2147483647) / 2147483647) ** 3),
      [3, 28, 28, 1],
    );
  });
  afterAll(() => {
    layers?.dispose();
    net?.dispose();
    x?.dispose();
  });

  it('gives the same logits as tfjs-layers', () => {
    const a = tf.tidy(() => (layers.apply(x, { training: false }) as tf.Tensor).arraySync() as number[][]);
    const b = tf.tidy(() => net.logits(x).arraySync());
    for (let i = 0; i < 3; i++) for (let k = 0; k < 10; k++) expect(b[i]![k]!).toBeCloseTo(a[i]![k]!, 4);
  });

  it('gives the same input gradient and FGSM image, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const ga = tf.tidy(() =>
      Array.from(inputGradient((t) => layers.apply(t, { training: false }) as tf.Tensor2D, x, [1, 2, 3]).dataSync()),
    );
    const gb = tf.tidy(() => Array.from(inputGradient(net.logits, x, [1, 2, 3]).dataSync()));
    const scale = Math.max(...ga.map(Math.abs));
    for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i]! - gb[i]!)).toBeLessThan(1e-4 * scale + 1e-9);
    const fa = tf.tidy(() =>
      Array.from(fgsm((t) => layers.apply(t, { training: false }) as tf.Tensor2D, x, [1, 2, 3], 0.1).dataSync()),
    );
    const fb = tf.tidy(() => Array.from(fgsm(net.logits, x, [1, 2, 3], 0.1).dataSync()));
    const differing = fa.filter((v, i) => Math.abs(v - fb[i]!) > 1e-6).length;
    expect(differing).toBeLessThan(fa.length * 0.002);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sequentialFromArtifacts', () => {
  const topology = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 'm', layers } });
  it('rejects a layer it cannot run, naming it', () => {
    expect(() =>
      sequentialFromArtifacts({
        modelTopology: topology([{ class_name: 'LSTM', config: { name: 'rnn' } }]),
        weightSpecs: [],
        weightData: new ArrayBuffer(0),
      }),
    ).toThrow(/rnn: LSTM is not supported/);
  });
  it('rejects weights no layer uses and short buffers, and frees what it made', () => {
    const before = tf.memory().numTensors;
    const dense = { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'linear' } };
    const specs = [
      { name: 'd/kernel', shape: [2, 2] },
      { name: 'd/bias', shape: [2] },
      { name: 'x/kernel', shape: [1] },
    ];
    expect(() =>
      sequentialFromArtifacts({
        modelTopology: topology([dense]),
        weightSpecs: specs,
        weightData: new ArrayBuffer(28),
      }),
    ).toThrow(/not used by any layer: x\/kernel/);
    expect(() =>
      sequentialFromArtifacts({ modelTopology: topology([dense]), weightSpecs: specs, weightData: new ArrayBuffer(8) }),
    ).toThrow(/too short/);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('computes a dense layer exactly', () => {
    const dense = { class_name: 'Dense', config: { name: 'd', units: 2, activation: 'relu' } };
    const w = new Float32Array([1, -1, 2, 0.5, 0.5, -10]);
    const net = sequentialFromArtifacts({
      modelTopology: topology([dense]),
      weightSpecs: [
        { name: 'd/kernel', shape: [2, 2] },
        { name: 'd/bias', shape: [2] },
      ],
      weightData: w.buffer,
    });
    expect(tf.tidy(() => net.logits(tf.tensor2d([[1, 1]])).arraySync())).toEqual([[3.5, 0]]);
    net.dispose();
  });
});
