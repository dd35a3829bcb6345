/**
 * The `cnn` model cut in two at its feature layer: the body x ↦ f(x) (the activations of the dense
 * layer `features`, the learned feature space of chapter 2) and the head f ↦ logits. Running the body
 * once and the head on its output gives both the feature vector and the prediction of an image for
 * the price of one forward pass. Both halves are built by src/lib/sequential.ts from the validated
 * model files (src/lib/model-artifacts.ts), so the layers run exactly as for the attack lab.
 */
import * as tf from '@tensorflow/tfjs-core';
import { sequentialFromArtifacts, type SequentialNet } from '../sequential.ts';

export type Artifacts = Parameters<typeof sequentialFromArtifacts>[0];
interface LayerJson {
  class_name: string;
  config: Record<string, unknown> & { name?: string };
}
interface WeightSpec {
  name: string;
  shape: number[];
  dtype?: string;
}

function topologyLayers(topology: unknown): LayerJson[] {
  const t = topology as { model_config?: unknown; class_name?: string; config?: unknown };
  const root = (t?.model_config ?? t) as { class_name?: string; config?: { layers?: LayerJson[] } | LayerJson[] };
  const config = root?.config;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (root?.class_name !== 'Sequential' || !Array.isArray(layers))
    throw new Error('model.json: expected a Sequential model with layers');
  return layers;
}

/** The layer a weight belongs to: `conv1/kernel` and `cnn/conv1/kernel` both belong to `conv1`. */
const layerOf = (weightName: string) => weightName.split('/').at(-2) ?? '';

/**
 * Splits Sequential model artifacts after the layer `layerName`: [body, head]. Each half gets its
 * layers and exactly the weights (specs and bytes) those layers use. Throws if there is no such layer
 * or it is the last one.
 */
export function splitArtifacts(artifacts: Artifacts, layerName: string): [Artifacts, Artifacts] {
  const layers = topologyLayers(artifacts.modelTopology);
  const at = layers.findIndex((l) => l.config.name === layerName);
  if (at < 0)
    throw new Error(`model.json: no layer named ${layerName} (layers: ${layers.map((l) => l.config.name).join(', ')})`);
  if (at === layers.length - 1) throw new Error(`model.json: ${layerName} is the last layer, nothing to split off`);
  const data = artifacts.weightData;
  if (!(data instanceof ArrayBuffer)) throw new Error('weights: expected one ArrayBuffer');
  const specs = (artifacts.weightSpecs ?? []) as WeightSpec[];
  const offsets: number[] = [];
  let offset = 0;
  for (const s of specs) {
    offsets.push(offset);
    offset += s.shape.reduce((a, b) => a * b, 1) * 4;
  }
  const half = (part: LayerJson[]): Artifacts => {
    const names = new Set(part.map((l) => String(l.config.name)));
    const chosen = specs.map((s, i) => ({ s, i })).filter(({ s }) => names.has(layerOf(s.name)));
    const bytes = new Uint8Array(chosen.reduce((n, { s }) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0));
    let o = 0;
    for (const { s, i } of chosen) {
      const len = s.shape.reduce((a, b) => a * b, 1) * 4;
      bytes.set(new Uint8Array(data, offsets[i]!, len), o);
      o += len;
    }
    return {
      modelTopology: { class_name: 'Sequential', config: { layers: part } },
      weightSpecs: chosen.map(({ s }) => s),
      weightData: bytes.buffer,
    };
  };
  return [half(layers.slice(0, at + 1)), half(layers.slice(at + 1))];
}

export interface FeatureNet {
  /** Images [N, 28, 28, 1] to feature vectors [N, units]. */
  features: (x: tf.Tensor) => tf.Tensor2D;
  /** Feature vectors [N, units] to logits [N, classes]. */
  head: (f: tf.Tensor) => tf.Tensor2D;
  /** Images to logits (body then head). */
  logits: (x: tf.Tensor) => tf.Tensor2D;
  /** Frees the weights of both halves. */
  dispose(): void;
}

/** The feature net of a model's artifacts, cut after `layerName` (default `features`). */
export function featureNetFromArtifacts(artifacts: Artifacts, layerName = 'features'): FeatureNet {
  const [bodyA, headA] = splitArtifacts(artifacts, layerName);
  const body: SequentialNet = sequentialFromArtifacts(bodyA);
  let head: SequentialNet;
  try {
    head = sequentialFromArtifacts(headA);
  } catch (e) {
    body.dispose();
    throw e;
  }
  return {
    features: body.logits,
    head: head.logits,
    logits: (x) => tf.tidy(() => head.logits(body.logits(x))),
    dispose() {
      body.dispose();
      head.dispose();
    },
  };
}
