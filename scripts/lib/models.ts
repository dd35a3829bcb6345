/** The three classifiers, built with seeded initialisers so that a seed fixes the starting weights. */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LogitsFn } from '../../src/lib/attacks.ts';

export const INPUT_SHAPE = [28, 28, 1];

/** Softmax regression on the 784 pixels: Goodfellow et al.'s "shallow softmax". */
export function buildLinear(seed: number): tfl.Sequential {
  return tfl.sequential({
    name: 'linear',
    layers: [
      tfl.layers.flatten({ inputShape: INPUT_SHAPE, name: 'flatten' }),
      tfl.layers.dense({ units: 10, name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
    ],
  });
}

export const CNN_FEATURES = 32;

/** conv 16 (5×5) → max-pool → conv 24 (5×5) → max-pool → dense 32 "features" → dense 10 logits. */
export function buildCnn(seed: number): tfl.Sequential {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 16 + k });
  return tfl.sequential({
    name: 'cnn',
    layers: [
      tfl.layers.conv2d({
        inputShape: INPUT_SHAPE,
        filters: 16,
        kernelSize: 5,
        activation: 'relu',
        name: 'conv1',
        kernelInitializer: init(1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({ filters: 24, kernelSize: 5, activation: 'relu', name: 'conv2', kernelInitializer: init(2) }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ units: CNN_FEATURES, activation: 'relu', name: 'features', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 10, name: 'logits', kernelInitializer: init(4) }),
    ],
  });
}

export const CNN_ARCHITECTURE =
  'conv 16 (5×5, valid, ReLU) → max-pool 2×2 → conv 24 (5×5, valid, ReLU) → max-pool 2×2 → flatten (384) → ' +
  `dense ${CNN_FEATURES} ReLU "features" → dense 10 "logits" (softmax applied outside)`;
export const LINEAR_ARCHITECTURE =
  'flatten (784) → dense 10 "logits" (softmax applied outside): multinomial logistic regression';

/** The model as the attack library wants it: inputs [N, 28, 28, 1] to logits [N, 10]. */
export function logitsFn(model: tfl.LayersModel): LogitsFn {
  return (x: tf.Tensor) => model.apply(x, { training: false }) as tf.Tensor2D;
}
