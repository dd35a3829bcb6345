import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureVectors, featuresFn } from './features.ts';
import { batchOf, loadShippedDigits, loadShippedModel, useBackend } from '../../tests/fixtures/shipped.ts';

describe('featuresFn', () => {
  beforeAll(() => useBackend('wasm'));

  it('gives the activations of the cnn "features" layer, as a tfjs sub-model does', async () => {
    const { model, manifest } = await loadShippedModel('cnn');
    const digits = await loadShippedDigits();
    const { x } = batchOf(digits, 0, 6);
    const before = tf.memory().numTensors;
    const ours = await featureVectors(featuresFn(model.layers), x);
    expect(tf.memory().numTensors).toBe(before);
    expect(ours).toHaveLength(6);
    expect(ours[0]).toHaveLength(manifest.featureLayer!.units);
    const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer('features').output as tfl.SymbolicTensor });
    const ref = sub.predict(x) as tf.Tensor2D;
    const r = await ref.data();
    ours.flatMap((v) => Array.from(v)).forEach((v, i) => expect(v).toBeCloseTo(r[i]!, 5));
    // ReLU features: non-negative, and not all zero.
    expect(Math.min(...r)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r)).toBeGreaterThan(0);
    tf.dispose([x, ref]);
    model.dispose();
  });

  it('names the missing layer', () => {
    expect(() => featuresFn([{ name: 'a', apply: (x) => x }], 'features')).toThrow(
      'no layer named features (layers: a)',
    );
  });
});
