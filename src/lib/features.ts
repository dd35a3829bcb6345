/**
 * The learned feature vector of a sequential classifier: the activations of a named layer (for the
 * `cnn` models, the dense layer `features` just before the logits). Structural types only, so this
 * file does not depend on tfjs-layers.
 */
import * as tf from '@tensorflow/tfjs-core';

/** What a tfjs-layers layer offers: its name and apply() on a concrete tensor. */
export interface LayerLike {
  name: string;
  apply(x: tf.Tensor, kwargs?: Record<string, unknown>): unknown;
}

/**
 * A function from inputs to the activations [N, units] of `layerName`, running the model's layers in
 * order (a LayersModel built with tf.sequential: pass `model.layers`). Throws if there is no such layer.
 */
export function featuresFn(layers: readonly LayerLike[], layerName = 'features'): (x: tf.Tensor) => tf.Tensor2D {
  const end = layers.findIndex((l) => l.name === layerName);
  if (end < 0) throw new Error(`no layer named ${layerName} (layers: ${layers.map((l) => l.name).join(', ')})`);
  const upTo = layers.slice(0, end + 1);
  return (x) =>
    tf.tidy(() => upTo.reduce<tf.Tensor>((h, l) => l.apply(h, { training: false }) as tf.Tensor, x) as tf.Tensor2D);
}

/** Feature vectors of a batch, read back as one Float32Array per example. */
export async function featureVectors(fn: (x: tf.Tensor) => tf.Tensor2D, x: tf.Tensor): Promise<Float32Array[]> {
  const f = fn(x);
  try {
    const [n, d] = f.shape;
    const data = (await f.data()) as Float32Array;
    return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
  } finally {
    f.dispose();
  }
}
