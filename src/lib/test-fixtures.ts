/**
 * Node-only helpers for the unit tests: the shipped models and digits read from public/.
 * Not imported by the site.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LogitsFn } from './attacks.ts';
import type { DigitSet } from './digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from './digits.ts';
import { fileNames, validateModelFiles, type ModelManifest } from './model-artifacts.ts';

export const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

export function readBytes(path: string): ArrayBuffer {
  const b = readFileSync(PUBLIC + path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(PUBLIC + path, 'utf8'));
}

/** The three files of a shipped model, as the browser would fetch them. */
export function modelFiles(name: string): { manifest: unknown; model: unknown; weights: ArrayBuffer } {
  return {
    manifest: readJson(`models/${name}/manifest.json`),
    model: readJson(`models/${name}/model.json`),
    weights: readBytes(`models/${name}/weights.bin`),
  };
}

export async function loadShippedModel(
  name: string,
): Promise<{ model: tfl.LayersModel; fn: LogitsFn; manifest: ModelManifest }> {
  const f = modelFiles(name);
  const { manifest, artifacts } = validateModelFiles(f.manifest, f.model, f.weights, fileNames(`models/${name}`));
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model, manifest, fn: (x) => model.apply(x, { training: false }) as tf.Tensor2D };
}

export async function loadShippedDigits(): Promise<DigitSet> {
  const raw = await gunzipIfNeeded(new Uint8Array(readBytes('data/digits.u8.gz')));
  return decodeDigits(readJson('data/digits.json'), raw);
}

/** Digits [start, start + n) as a [n, 28, 28, 1] tensor and their labels. */
export function batchOf(set: DigitSet, start: number, n: number): { x: tf.Tensor4D; labels: number[] } {
  const size = set.width * set.height;
  return {
    x: tf.tensor4d(set.pixels.slice(start * size, (start + n) * size), [n, set.height, set.width, 1]),
    labels: Array.from(set.labels.slice(start, start + n)),
  };
}

export async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed`);
  await tf.ready();
}
