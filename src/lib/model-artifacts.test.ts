import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracyUnderAttack } from './attacks.ts';
import type { DigitSet } from './digit-set.ts';
import {
  fileNames,
  loadModelFiles,
  parseJsonFile,
  shippedModels,
  validateModelFiles,
  type FetchLike,
} from './model-artifacts.ts';
import {
  batchOf,
  loadShippedDigits,
  loadShippedModel,
  modelFiles,
  PUBLIC,
  useBackend,
} from '../../tests/fixtures/shipped.ts';
import { readFileSync } from 'node:fs';

const MODELS = ['linear', 'cnn', 'cnn-robust'];
const names = fileNames('models/cnn');
const clone = <T>(v: T): T => structuredClone(v);

describe('validateModelFiles rejects broken files, naming the file', () => {
  const good = modelFiles('cnn');

  it('accepts the shipped files', () => {
    const { manifest, artifacts } = validateModelFiles(good.manifest, good.model, good.weights, names);
    expect(manifest.name).toBe('cnn');
    expect(artifacts.weightSpecs?.length).toBe(manifest.weights.length);
  });

  it('a truncated weights file', () => {
    expect(() => validateModelFiles(good.manifest, good.model, good.weights.slice(0, 1000), names)).toThrow(
      /models\/cnn\/weights\.bin: truncated: 1000 bytes, expected \d+/,
    );
  });

  it('a weights file that is too long', () => {
    const longer = new Uint8Array(good.weights.byteLength + 4);
    expect(() => validateModelFiles(good.manifest, good.model, longer.buffer, names)).toThrow(/weights\.bin: too long/);
  });

  it('a model.json whose weight shapes differ from the manifest', () => {
    const model = clone(good.model) as { weightsManifest: { weights: { shape: number[] }[] }[] };
    model.weightsManifest[0]!.weights[0]!.shape = [5, 5, 1, 8];
    expect(() => validateModelFiles(good.manifest, model, good.weights, names)).toThrow(
      /models\/cnn\/model\.json: wrong shape/,
    );
  });

  it('a manifest with a wrong byte length', () => {
    const manifest = clone(good.manifest) as { weightsBytes: number };
    manifest.weightsBytes += 4;
    expect(() => validateModelFiles(manifest, good.model, good.weights, names)).toThrow(
      /models\/cnn\/manifest\.json: weightsBytes/,
    );
  });

  it('a manifest that breaks the schema', () => {
    const manifest = clone(good.manifest) as Record<string, unknown>;
    delete manifest.cleanAccuracy;
    expect(() => validateModelFiles(manifest, good.model, good.weights, names)).toThrow(
      /models\/cnn\/manifest\.json: does not match the manifest schema: cleanAccuracy/,
    );
  });

  it('a truncated manifest or model.json text', () => {
    const text = readFileSync(`${PUBLIC}models/cnn/manifest.json`, 'utf8');
    expect(() => parseJsonFile(text.slice(0, 200), names.manifest)).toThrow(
      /models\/cnn\/manifest\.json: not valid JSON/,
    );
  });

  it('a model.json without a weights manifest', () => {
    const model = clone(good.model) as Record<string, unknown>;
    delete model.weightsManifest;
    expect(() => validateModelFiles(good.manifest, model, good.weights, names)).toThrow(
      /models\/cnn\/model\.json: not a tfjs/,
    );
  });

  it('loadModelFiles fetches the three files and reports a missing one by URL', async () => {
    const fetchFrom =
      (missing?: string): FetchLike =>
      async (url) => {
        const path = url.replace(/^\/base\//, '');
        if (missing && path.endsWith(missing)) return new Response('', { status: 404 });
        return new Response(readFileSync(PUBLIC + path));
      };
    const ok = await loadModelFiles(fetchFrom(), '/base/models/', 'linear');
    expect(ok.manifest.name).toBe('linear');
    await expect(loadModelFiles(fetchFrom('weights.bin'), '/base/models', 'linear')).rejects.toThrow(
      '/base/models/linear/weights.bin: HTTP 404',
    );
  });
});

describe('shipped models', () => {
  let digits: DigitSet;
  beforeAll(async () => {
    await useBackend('wasm');
    digits = await loadShippedDigits();
  });

  it.each(MODELS)('%s reproduces its manifest clean accuracy on the shipped digits', async (name) => {
    const { model, fn, manifest } = await loadShippedModel(name);
    const { x, labels } = batchOf(digits, 0, digits.count);
    const r = await accuracyUnderAttack(fn, x, labels, null);
    // One digit of slack: a borderline logit may round differently across backends.
    expect(Math.abs(r.accuracy - manifest.cleanAccuracy.shippedSample)).toBeLessThanOrEqual(1 / digits.count + 1e-9);
    expect(manifest.weightsBytes).toBeLessThan(100_000);
    expect(manifest.robustness).not.toBeNull();
    tf.dispose(x);
    model.dispose();
  });

  it('the CNNs expose a named feature layer of 16 to 64 units', async () => {
    for (const name of ['cnn', 'cnn-robust']) {
      const { model, manifest } = await loadShippedModel(name);
      const units = model.getLayer('features').outputShape as number[];
      expect(units[1]).toBe(manifest.featureLayer?.units);
      expect(units[1]).toBeGreaterThanOrEqual(16);
      expect(units[1]).toBeLessThanOrEqual(64);
      model.dispose();
    }
  });
});

describe('shippedModels', () => {
  const manifest = (name: string) => JSON.parse(readFileSync(`public/models/${name}/manifest.json`, 'utf8')) as unknown;
  it('keeps the book’s models whose manifest is valid, in the book’s order, and nothing else', () => {
    const found = {
      '../../../public/models/cnn-robust/manifest.json': manifest('cnn-robust'),
      '../../../public/models/cnn/manifest.json': manifest('cnn'),
      '../../../public/models/linear/manifest.json': { schemaVersion: 1, name: 'linear' }, // stale or cut short
      '../../../public/models/other/manifest.json': manifest('cnn'), // not one of the book's
    };
    const shipped = shippedModels(found);
    expect([...shipped.keys()]).toEqual(['cnn', 'cnn-robust']);
    expect(shipped.get('cnn')?.name).toBe('cnn');
  });
  it('is empty when nothing shipped', () => {
    expect(shippedModels({}).size).toBe(0);
  });
});
