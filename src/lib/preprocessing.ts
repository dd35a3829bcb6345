/**
 * Input preprocessing declared in a model's manifest and applied in its forward pass
 * (src/lib/sequential.ts), and the BPDA surrogate that sees through it.
 *
 * Binarisation x ↦ 1[x > θ] is flat almost everywhere, so its true gradient is zero: a gradient
 * attack gets sign(0) = 0 and stands still. That is gradient masking (Athalye, Carlini, Wagner,
 * "Obfuscated Gradients Give a False Sense of Security", ICML 2018), not robustness. Their Backward
 * Pass Differentiable Approximation (BPDA) keeps the step in the forward pass and replaces it by the
 * identity in the backward pass (a straight-through estimator), since 1[x > θ] ≈ x for MNIST's
 * nearly black-and-white pixels.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Preprocessing {
  kind: 'binarize';
  /** Pixels above θ become 1, the rest 0. */
  threshold: number;
}

/** 1[x > θ]; tfjs's gradient of `step` is zero, the true derivative almost everywhere. */
export function applyPreprocessing(p: Preprocessing, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.step(tf.sub(x, p.threshold)));
}

/** The same forward pass with the identity as its backward pass (BPDA's straight-through estimator). */
export function straightThrough(p: Preprocessing): (x: tf.Tensor) => tf.Tensor {
  const f = tf.customGrad((x, save) => {
    (save as tf.GradSaveFunc)([]);
    return { value: applyPreprocessing(p, x as tf.Tensor), gradFunc: (dy) => tf.clone(dy as tf.Tensor) };
  });
  return (x) => f(x) as tf.Tensor;
}
