/** Saving and loading tfjs layers models as files in Node (tfjs-node, which has file:// handlers, cannot be installed). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileNames, validateModelFiles, type ModelManifest } from '../../src/lib/model-artifacts.ts';

/** Writes model.json and one weights file into `dir`; returns the weight specs and byte count. */
export async function saveLayersModel(
  model: tfl.LayersModel,
  dir: string,
  weightsFile = 'weights.bin',
): Promise<{ weightSpecs: tf.io.WeightsManifestEntry[]; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  let out: { weightSpecs: tf.io.WeightsManifestEntry[]; bytes: number } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightSpecs = artifacts.weightSpecs ?? [];
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson) + '\n');
      writeFileSync(join(dir, weightsFile), new Uint8Array(data));
      out = { weightSpecs, bytes: data.byteLength };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

/** Reads a model folder (manifest.json, model.json, weights) and validates it, without building it. */
export function readModelDir(dir: string, label = dir): ReturnType<typeof validateModelFiles> {
  const manifestJson = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { weightsFile?: string };
  const weightsFile = manifestJson.weightsFile ?? 'weights.bin';
  const buf = readFileSync(join(dir, weightsFile));
  const weights = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return validateModelFiles(
    manifestJson,
    JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')),
    weights,
    fileNames(label, weightsFile),
  );
}

/** Reads a model folder, validates it and builds the tfjs-layers model. */
export async function loadModelDir(
  dir: string,
  label = dir,
): Promise<{ model: tfl.LayersModel; manifest: ModelManifest }> {
  const { manifest, artifacts } = readModelDir(dir, label);
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model, manifest };
}
