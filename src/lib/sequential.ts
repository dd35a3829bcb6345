/**
 * A tfjs-layers `Sequential` model.json run with tfjs-core ops only, for inference and input
 * gradients: the browser then needs no tfjs-layers (about 60 KB of gzipped JavaScript for a
 * figure that only ever runs four kinds of layer). Supports the layers the book's models use:
 * Conv2D, MaxPooling2D, Flatten, Dense, plus InputLayer, Activation and Dropout (identity at
 * inference), with linear / relu / sigmoid / tanh / softmax activations, channels-last only.
 * Anything else is rejected with an error naming the layer. The unit test checks logits and input
 * gradients against tfjs-layers on the shipped models.
 *
 * Speed: the input gradient of a stride-1 'valid' convolution is itself a convolution, of the output
 * gradient dy with the kernel flipped in space and with its channel axes swapped, over dy padded by
 * k − 1 on each side ("full" correlation). tfjs's wasm backend computes Conv2DBackpropInput with a
 * plain loop about ten times slower than its XNNPACK Conv2D, so such layers carry a custom gradient
 * that uses the fast forward kernel instead (an FGSM step on a batch of 100 digits: 650 ms → ~150 ms).
 *
 * A model whose manifest declares input preprocessing (the masking trap `cnn-binarized`) gets it as
 * `userDefinedMetadata.preprocessing` of its artifacts (model-artifacts.ts puts it there) and applies it
 * before the first layer, exactly as a reader's browser would.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LogitsFn } from './attacks.ts';
import { applyPreprocessing, straightThrough, type Preprocessing } from './preprocessing.ts';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { name?: string };
}

export interface SequentialNet {
  /** Inputs [N, …inputShape] to the last layer's output (logits for the book's models). */
  logits: LogitsFn;
  /** The input preprocessing applied before the first layer, if the model declares one. */
  preprocessing: Preprocessing | null;
  /**
   * The same logits, with BPDA's straight-through gradient through the preprocessing (the identity
   * in the backward pass); the same function as `logits` for a model without preprocessing.
   */
  bpdaLogits: LogitsFn;
  /** Layer names in order. */
  layerNames: string[];
  /** Frees the weights. */
  dispose(): void;
}

type Activation = (x: tf.Tensor) => tf.Tensor;
const ACTIVATIONS: Record<string, Activation> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
};

const pair = (v: unknown, what: string): [number, number] => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n))) return [v[0], v[1]];
  throw new Error(`${what}: expected a number or a pair, got ${JSON.stringify(v)}`);
};

function layersOf(topology: unknown): LayerJson[] {
  const t = topology as { class_name?: string; config?: unknown; model_config?: unknown };
  const root = (t.model_config ?? t) as { class_name?: string; config?: unknown };
  if (root.class_name !== 'Sequential')
    throw new Error(`model.json: expected a Sequential model, got ${root.class_name}`);
  const config = root.config as { layers?: LayerJson[] } | LayerJson[];
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers) || !layers.length) throw new Error('model.json: no layers');
  return layers;
}

/**
 * Builds the net from validated ModelArtifacts (`validateModelFiles` in model-artifacts.ts): the
 * topology, float32 weight specs and one weights buffer. The weights become tensors owned by the net.
 */
export function sequentialFromArtifacts(artifacts: {
  modelTopology?: unknown;
  weightSpecs?: { name: string; shape: number[]; dtype?: string }[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  userDefinedMetadata?: { preprocessing?: Preprocessing | null };
}): SequentialNet {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData;
  if (!(data instanceof ArrayBuffer)) throw new Error('weights: expected one ArrayBuffer');
  const weights = new Map<string, tf.Tensor>();
  let offset = 0;
  for (const spec of specs) {
    if ((spec.dtype ?? 'float32') !== 'float32')
      throw new Error(`weights: ${spec.name} is ${spec.dtype}, only float32 is supported`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > data.byteLength) throw new Error(`weights: buffer too short for ${spec.name}`);
    weights.set(spec.name, tf.tensor(new Float32Array(data, offset, size), spec.shape, 'float32'));
    offset += size * 4;
  }
  const used = new Set<string>();
  const weight = (layer: string, name: string) => {
    const key = [...weights.keys()].find((k) => k === `${layer}/${name}` || k.endsWith(`/${layer}/${name}`));
    if (!key) throw new Error(`weights: layer ${layer} has no ${name}`);
    used.add(key);
    return weights.get(key)!;
  };
  const activation = (layer: string, name: unknown): Activation => {
    const f = ACTIVATIONS[String(name ?? 'linear')];
    if (!f) throw new Error(`layer ${layer}: activation ${String(name)} is not supported`);
    return f;
  };

  const steps: ((x: tf.Tensor) => tf.Tensor)[] = [];
  /** Tensors derived from the weights (flipped kernels), owned by the net as well. */
  const extra: tf.Tensor[] = [];
  const layerNames: string[] = [];
  try {
    for (const l of layersOf(artifacts.modelTopology)) {
      const c = l.config;
      const name = String(c.name ?? l.class_name);
      layerNames.push(name);
      if (c.data_format !== undefined && c.data_format !== 'channels_last')
        throw new Error(`layer ${name}: only channels_last is supported`);
      switch (l.class_name) {
        case 'InputLayer':
        case 'Dropout':
          break;
        case 'Activation':
          steps.push(activation(name, c.activation));
          break;
        case 'Flatten':
          steps.push((x) => tf.reshape(x, [x.shape[0]!, -1]));
          break;
        case 'Conv2D': {
          const kernel = weight(name, 'kernel') as tf.Tensor4D;
          const [kh, kw] = kernel.shape;
          const bias = c.use_bias === false ? null : weight(name, 'bias');
          const strides = pair(c.strides ?? 1, `layer ${name} strides`);
          const dilation = pair(c.dilation_rate ?? 1, `layer ${name} dilation_rate`);
          const padding =
            c.padding === 'same' ? 'same' : c.padding === 'valid' || c.padding === undefined ? 'valid' : null;
          if (!padding) throw new Error(`layer ${name}: padding ${String(c.padding)} is not supported`);
          const act = activation(name, c.activation);
          let conv = (x: tf.Tensor4D) => tf.conv2d(x, kernel, strides, padding, 'NHWC', dilation);
          if (padding === 'valid' && [...strides, ...dilation].every((v) => v === 1)) {
            // W'[i, j, o, c] = W[kh − 1 − i, kw − 1 − j, c, o]; dx = conv(pad(dy, k − 1), W').
            const flipped = tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2])) as tf.Tensor4D;
            extra.push(flipped);
            const full: [[number, number], [number, number], [number, number], [number, number]] = [
              [0, 0],
              [kh - 1, kh - 1],
              [kw - 1, kw - 1],
              [0, 0],
            ];
            conv = tf.customGrad((x) => ({
              value: tf.conv2d(x as tf.Tensor4D, kernel, 1, 'valid'),
              gradFunc: (dy) => tf.conv2d(dy as tf.Tensor4D, flipped, 1, full),
            })) as (x: tf.Tensor4D) => tf.Tensor4D;
          }
          steps.push((x) => {
            const y = conv(x as tf.Tensor4D);
            return act(bias ? tf.add(y, bias) : y);
          });
          break;
        }
        case 'MaxPooling2D': {
          const size = pair(c.pool_size ?? 2, `layer ${name} pool_size`);
          const strides = pair(c.strides ?? size, `layer ${name} strides`);
          const padding = c.padding === 'same' ? 'same' : 'valid';
          steps.push((x) => tf.maxPool(x as tf.Tensor4D, size, strides, padding));
          break;
        }
        case 'Dense': {
          const kernel = weight(name, 'kernel') as tf.Tensor2D;
          const bias = c.use_bias === false ? null : weight(name, 'bias');
          const act = activation(name, c.activation);
          // The input gradient dy·Wᵀ with a transposed copy of W made once: tfjs's own matMul gradient
          // uses matMul's transpose flag, which is many times slower on the wasm backend.
          const kernelT = tf.transpose(kernel) as tf.Tensor2D;
          extra.push(kernelT);
          const dense = tf.customGrad((x) => ({
            value: tf.matMul(x as tf.Tensor2D, kernel),
            gradFunc: (dy) => tf.matMul(dy as tf.Tensor2D, kernelT),
          })) as (x: tf.Tensor2D) => tf.Tensor2D;
          steps.push((x) => {
            const y = dense(x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape.at(-1)!]));
            return act(bias ? tf.add(y, bias) : y);
          });
          break;
        }
        default:
          throw new Error(`layer ${name}: ${l.class_name} is not supported`);
      }
    }
    const unused = [...weights.keys()].filter((k) => !used.has(k));
    if (unused.length) throw new Error(`weights: not used by any layer: ${unused.join(', ')}`);
  } catch (e) {
    for (const w of [...weights.values(), ...extra]) w.dispose();
    throw e;
  }
  const preprocessing = artifacts.userDefinedMetadata?.preprocessing ?? null;
  const body = (x: tf.Tensor) => steps.reduce((h, step) => step(h), x) as tf.Tensor2D;
  const logits: LogitsFn = preprocessing
    ? (x) => tf.tidy(() => body(applyPreprocessing(preprocessing, x)))
    : (x) => tf.tidy(() => body(x));
  const through = preprocessing ? straightThrough(preprocessing) : null;
  return {
    logits,
    preprocessing,
    bpdaLogits: through ? (x) => tf.tidy(() => body(through(x))) : logits,
    layerNames,
    dispose: () => [...weights.values(), ...extra].forEach((w) => w.dispose()),
  };
}
