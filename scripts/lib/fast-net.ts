/**
 * A tfjs-layers Sequential CNN run on its own variables with hand-written gradients, for adversarial
 * training on the wasm backend. tfjs's gradients of a convolution go through Conv2DBackpropInput (a
 * plain loop on wasm, about ten times slower than its XNNPACK Conv2D) and of a dense layer through
 * matMul with transpose flags (also slow on wasm). Both gradients are convolutions or products
 * themselves, so they are computed here with the fast forward kernels:
 *
 * - conv, stride 1, 'valid': dx = conv(pad(dy, k − 1), W′) with W′[i, j, o, c] = W[k − 1 − i, k − 1 − j, c, o];
 *   dW by `conv2dFilterGrad` (the input convolved with dy, batch as channels).
 * - dense: dx = dy·Wᵀ, dW = xᵀ·dy, with the transposes made explicitly.
 *
 * Two forwards share the variables: `logits` differentiates with respect to the input only (attack
 * steps, where no weight gradient is wanted) and `trainLogits` with respect to the weights (and to the
 * hidden activations on the way, never to the data). Tested against tfjs's own gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LogitsFn } from '../../src/lib/attacks.ts';
import { conv2dFilterGrad } from './wasm-conv-grad.ts';

type Step = (h: tf.Tensor) => tf.Tensor;

const FULL = (k: number): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [k - 1, k - 1],
  [k - 1, k - 1],
  [0, 0],
];

/** W′ = W flipped in space with its channel axes swapped: the kernel of the input gradient. */
const flipKernel = (w: tf.Tensor4D) => tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;

/** conv(x, w), gradient to x only (w constant during the call). */
function convInputGrad(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  const k = w.shape[0];
  const f = tf.customGrad((xi, save) => {
    (save as tf.GradSaveFunc)([w]);
    return {
      value: tf.conv2d(xi as tf.Tensor4D, w, 1, 'valid'),
      gradFunc: (dy) => tf.conv2d(dy as tf.Tensor4D, flipKernel(w), 1, FULL(k)),
    };
  }) as (x: tf.Tensor4D) => tf.Tensor4D;
  return f(x);
}

/** conv(x, w), gradients to x (unless `dataInput`) and to w. */
function convWeightGrad(x: tf.Tensor4D, w: tf.Tensor4D, dataInput: boolean): tf.Tensor4D {
  const k = w.shape[0];
  const shape = w.shape as [number, number, number, number];
  const f = tf.customGrad((xi, wi, save) => {
    (save as tf.GradSaveFunc)([xi as tf.Tensor, wi as tf.Tensor]);
    return {
      value: tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, 'valid'),
      gradFunc: (dy, saved) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dw = conv2dFilterGrad(xs, dy as tf.Tensor4D, shape, 1, 'valid');
        // The data input needs no gradient: a zero-cost stand-in keeps customGrad's arity.
        const dx = dataInput ? tf.zerosLike(xs) : tf.conv2d(dy as tf.Tensor4D, flipKernel(ws), 1, FULL(k));
        return [dx, dw];
      },
    };
  }) as (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
  return f(x, w);
}

/** x·W with explicit transposes in the gradient; gradient to x only. */
function denseInputGrad(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((xi, save) => {
    (save as tf.GradSaveFunc)([w]);
    return { value: tf.matMul(xi as tf.Tensor2D, w), gradFunc: (dy) => tf.matMul(dy as tf.Tensor2D, tf.transpose(w)) };
  }) as (x: tf.Tensor2D) => tf.Tensor2D;
  return f(x);
}

/** x·W; gradients to x and W. */
function denseWeightGrad(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((xi, wi, save) => {
    (save as tf.GradSaveFunc)([xi as tf.Tensor, wi as tf.Tensor]);
    return {
      value: tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D),
      gradFunc: (dy, saved) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
      },
    };
  }) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;
  return f(x, w);
}

export interface FastNet {
  /** Logits with gradients to the input only. */
  logits: LogitsFn;
  /** Logits with gradients to the weights (for optimizer.minimize). */
  trainLogits: LogitsFn;
  /** The trainable variables, in the model's order. */
  variables: tf.Variable[];
}

/** Reads the layers of a Conv2D / MaxPooling2D / Flatten / Dense Sequential model and its variables. */
export function fastNet(model: tfl.Sequential): FastNet {
  const variables: tf.Variable[] = [];
  const input: Step[] = [];
  const train: Step[] = [];
  let first = true;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as { activation?: string; padding?: string; strides?: unknown };
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    variables.push(...vars);
    const act: Step = cfg.activation === 'relu' ? (h) => tf.relu(h) : (h) => h;
    if (cls === 'Conv2D') {
      if (cfg.padding !== 'valid') throw new Error(`fastNet: ${layer.name} is not 'valid'`);
      const [w, b] = vars as [tf.Variable<tf.Rank.R4>, tf.Variable];
      const dataInput = first;
      input.push((h) => act(tf.add(convInputGrad(h as tf.Tensor4D, w), b)));
      train.push((h) => act(tf.add(convWeightGrad(h as tf.Tensor4D, w, dataInput), b)));
    } else if (cls === 'Dense') {
      const [w, b] = vars as [tf.Variable<tf.Rank.R2>, tf.Variable];
      input.push((h) => act(tf.add(denseInputGrad(h as tf.Tensor2D, w), b)));
      train.push((h) => act(tf.add(denseWeightGrad(h as tf.Tensor2D, w), b)));
    } else if (cls === 'MaxPooling2D') {
      const pool = (h: tf.Tensor) => tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
      input.push(pool);
      train.push(pool);
    } else if (cls === 'Flatten') {
      const flat = (h: tf.Tensor) => tf.reshape(h, [h.shape[0]!, -1]);
      input.push(flat);
      train.push(flat);
    } else {
      throw new Error(`fastNet: layer ${layer.name} (${cls}) is not supported`);
    }
    if (cls === 'Conv2D' || cls === 'Dense') first = false;
  }
  const run = (steps: Step[]) => (x: tf.Tensor) => steps.reduce((h, s) => s(h), x) as tf.Tensor2D;
  return { logits: run(input), trainLogits: run(train), variables };
}
