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

/** Widths of the CNN's layers: filters of each convolution and units of the feature layer. */
export interface CnnWidths {
  conv1: number;
  conv2: number;
  features: number;
}
export const CNN_WIDTHS: CnnWidths = { conv1: 16, conv2: 24, features: CNN_FEATURES };

/** conv 16 (5×5) → max-pool → conv 24 (5×5) → max-pool → dense 32 "features" → dense 10 logits. */
export function buildCnn(seed: number, widths: CnnWidths = CNN_WIDTHS): tfl.Sequential {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 16 + k });
  return tfl.sequential({
    name: 'cnn',
    layers: [
      tfl.layers.conv2d({
        inputShape: INPUT_SHAPE,
        filters: widths.conv1,
        kernelSize: 5,
        activation: 'relu',
        name: 'conv1',
        kernelInitializer: init(1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({
        filters: widths.conv2,
        kernelSize: 5,
        activation: 'relu',
        name: 'conv2',
        kernelInitializer: init(2),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ units: widths.features, activation: 'relu', name: 'features', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 10, name: 'logits', kernelInitializer: init(4) }),
    ],
  });
}

export const cnnArchitecture = (w: CnnWidths = CNN_WIDTHS): string =>
  `conv ${w.conv1} (5×5, valid, ReLU) → max-pool 2×2 → conv ${w.conv2} (5×5, valid, ReLU) → max-pool 2×2 → ` +
  `flatten (${16 * w.conv2}) → dense ${w.features} ReLU "features" → dense 10 "logits" (softmax applied outside)`;
export const CNN_ARCHITECTURE = cnnArchitecture();
export const LINEAR_ARCHITECTURE =
  'flatten (784) → dense 10 "logits" (softmax applied outside): multinomial logistic regression';

/** The model as the attack library wants it: inputs [N, 28, 28, 1] to logits [N, 10]. */
export function logitsFn(model: tfl.LayersModel): LogitsFn {
  return (x: tf.Tensor) => model.apply(x, { training: false }) as tf.Tensor2D;
}
