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
  loadShippedNet,
  modelFiles,
  PUBLIC,
  readJson,
  useBackend,
} from '../../tests/fixtures/shipped.ts';
import { readFileSync } from 'node:fs';
import { ALL_MODEL_NAMES } from './model-names.ts';
import { sanityFlags } from './robust/flags.ts';
import { unpackBits } from './robust/report.ts';
import { CURVE_EPSILONS, MAIN_EPSILONS, SQUARE_DIGITS, STRONG_SUITE } from './robust/strong-suite.ts';
import { runSuite } from './robust/suite.ts';

const MODELS = ALL_MODEL_NAMES;
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

  it('loadModelFiles asks for the three files before the manifest has arrived', async () => {
    const asked: string[] = [];
    let sendManifest = () => {};
    const manifestHeld = new Promise<void>((resolve) => (sendManifest = resolve));
    const fetchFn: FetchLike = async (url) => {
      const path = url.replace(/^\/base\//, '');
      asked.push(path);
      if (path.endsWith('manifest.json')) await manifestHeld;
      return new Response(readFileSync(PUBLIC + path));
    };
    const loaded = loadModelFiles(fetchFn, '/base/models', 'linear');
    expect(asked.sort()).toEqual([
      'models/linear/manifest.json',
      'models/linear/model.json',
      'models/linear/weights.bin',
    ]);
    sendManifest();
    expect((await loaded).manifest.name).toBe('linear');
  });

  it('loadModelFiles loads the weights file a manifest names when it is not the usual one', async () => {
    const manifest = {
      ...(readJson('models/linear/manifest.json') as Record<string, unknown>),
      weightsFile: 'linear-w.bin',
    };
    const model = readJson('models/linear/model.json') as { weightsManifest: { paths: string[] }[] };
    model.weightsManifest[0]!.paths = ['linear-w.bin'];
    const fetchFn: FetchLike = async (url) => {
      if (url.endsWith('/manifest.json')) return new Response(JSON.stringify(manifest));
      if (url.endsWith('/model.json')) return new Response(JSON.stringify(model));
      if (url.endsWith('/linear-w.bin')) return new Response(readFileSync(`${PUBLIC}models/linear/weights.bin`));
      return new Response('', { status: 404 });
    };
    const loaded = await loadModelFiles(fetchFn, '/base/models', 'linear');
    expect(loaded.manifest.weightsFile).toBe('linear-w.bin');
    expect(loaded.artifacts.weightData).toBeDefined();
  });
});

describe('shipped models', () => {
  let digits: DigitSet;
  beforeAll(async () => {
    await useBackend('wasm');
    digits = await loadShippedDigits();
  });

  it.each(MODELS)('%s reproduces its manifest clean accuracy on the shipped digits', async (name) => {
    // As the browser runs it: tfjs-core ops and the preprocessing its manifest declares.
    const { net, manifest } = loadShippedNet(name);
    const { x, labels } = batchOf(digits, 0, digits.count);
    const r = await accuracyUnderAttack(net.logits, x, labels, null);
    // One digit of slack: a borderline logit may round differently across backends.
    expect(Math.abs(r.accuracy - manifest.cleanAccuracy.shippedSample)).toBeLessThanOrEqual(1 / digits.count + 1e-9);
    expect(manifest.weightsBytes).toBeLessThanOrEqual(150_000);
    expect(manifest.robustness).not.toBeNull();
    tf.dispose(x);
    net.dispose();
  });

  it('the CNNs expose a named feature layer of 16 to 64 units', async () => {
    for (const name of ['cnn', 'cnn-robust', 'cnn-fgsm']) {
      const { model, manifest } = await loadShippedModel(name);
      const units = model.getLayer('features').outputShape as number[];
      expect(units[1]).toBe(manifest.featureLayer?.units);
      expect(units[1]).toBeGreaterThanOrEqual(16);
      expect(units[1]).toBeLessThanOrEqual(64);
      model.dispose();
    }
  });
});

describe('the strong suite’s evaluation in each manifest', () => {
  let digits: DigitSet;
  beforeAll(async () => {
    await useBackend('wasm');
    digits = await loadShippedDigits();
  });
  const evaluationOf = (name: string) => {
    const e = loadShippedNet(name);
    e.net.dispose();
    const evaluation = e.manifest.evaluation;
    if (!evaluation) throw new Error(`${name}: no evaluation block (run npm run eval)`);
    return { evaluation, manifest: e.manifest };
  };
  const rowAt = (name: string, epsilon: number) => {
    const row = evaluationOf(name).evaluation.rows.find((r) => Math.abs(r.epsilon - epsilon) < 1e-9);
    if (!row) throw new Error(`${name}: no row at ε = ${epsilon}`);
    return row;
  };
  const accuracyOf = (row: ReturnType<typeof rowAt>, id: string) => row.attacks.find((a) => a.id === id)?.accuracy;

  it.each(MODELS)('%s: complete, self-consistent, and its flags follow from its numbers', (name) => {
    const { evaluation: e, manifest } = evaluationOf(name);
    const positions = e.heldOutPositions;
    if (positions) {
      // A stratified sample, stored in order, at least a tenth of the held-out set.
      expect(e.digits).toBe(positions.length);
      expect(e.digits).toBeGreaterThanOrEqual(200);
      expect(positions.every((p, i) => p < 2000 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    } else {
      expect(e.digits).toBe(2000);
      expect(Math.abs(e.clean - manifest.cleanAccuracy.heldOut)).toBeLessThanOrEqual(1 / 2000 + 1e-9);
    }
    expect(e.rows.map((r) => r.epsilon)).toEqual([...MAIN_EPSILONS, ...CURVE_EPSILONS].sort((a, b) => a - b));
    expect(e.attacks.map((a) => a.id)).toEqual(STRONG_SUITE.map((a) => a.id));
    for (const row of e.rows) {
      expect(row.attacks.map((a) => a.id)).toEqual(STRONG_SUITE.map((a) => a.id));
      const robust = unpackBits(row.robustDigits, e.digits);
      expect(robust.reduce((a, b) => a + b, 0) / e.digits).toBeCloseTo(row.worstCase, 4);
      expect(row.worstCase).toBeLessThanOrEqual(row.whiteBox);
      for (const a of row.attacks)
        if (a.digits === e.digits && a.accuracy !== null) expect(row.worstCase).toBeLessThanOrEqual(a.accuracy);
    }
    expect(sanityFlags(e)).toEqual(e.flags);
  });

  it('cnn-robust: all four flags are green', () => {
    const flags = evaluationOf('cnn-robust').evaluation.flags;
    expect(Object.entries(flags).filter(([, f]) => !f.ok)).toEqual([]);
  });

  it('cnn-binarized, the masking trap: FGSM and PGD see a robust model, Square and BPDA do not, the flags turn red', () => {
    const row = rowAt('cnn-binarized', 0.3);
    expect(accuracyOf(row, 'fgsm')).toBeGreaterThan(0.9);
    expect(accuracyOf(row, 'pgd-20')).toBeGreaterThan(0.9);
    expect(accuracyOf(row, 'square')).toBeLessThan(row.whiteBox - 0.1);
    expect(accuracyOf(row, 'bpda')).toBeLessThan(row.whiteBox - 0.1);
    const flags = evaluationOf('cnn-binarized').evaluation.flags;
    expect(flags.largeEpsilonBreaksAll.ok).toBe(false);
    expect(flags.blackBoxNoStrongerThanWhiteBox.ok).toBe(false);
  });

  it('cnn-fgsm, the FGSM illusion: FGSM keeps most digits at ε = 0.3, the suite almost none', () => {
    const row = rowAt('cnn-fgsm', 0.3);
    expect(accuracyOf(row, 'fgsm')).toBeGreaterThan(0.7);
    expect(row.worstCase).toBeLessThan(0.15);
  });

  it.each(['cnn-robust', 'cnn-binarized'])(
    '%s: the suite reproduces the stored per-digit worst case at ε = 0.3 on held-out digits shipped to the site',
    async (name) => {
      const meta = readJson('data/digits.json') as { heldOutPositions: number[] };
      const evaluated = evaluationOf(name).evaluation.heldOutPositions;
      // The stored bit of a held-out position, or undefined if that digit was not evaluated.
      const bitOf = (bits: Uint8Array, p: number) => bits[evaluated ? evaluated.indexOf(p) : p];
      // Shipped digits inside Square's subset (and the evaluated sample), so every attack runs on them.
      const picks = meta.heldOutPositions
        .flatMap((p, i) => (p < SQUARE_DIGITS && (!evaluated || evaluated.includes(p)) ? [i] : []))
        .slice(0, 6);
      expect(picks.length).toBe(6);
      const pixels = new Float32Array(picks.length * 784);
      picks.forEach((i, k) => pixels.set(digits.pixels.subarray(i * 784, (i + 1) * 784), k * 784));
      const { net } = loadShippedNet(name);
      const { net: source } = loadShippedNet('cnn');
      const result = await runSuite(
        { logits: net.logits, bpda: net.preprocessing ? net.bpdaLogits : null, transferSource: source.logits },
        {
          pixels,
          shape: [28, 28, 1],
          labels: picks.map((i) => digits.labels[i]!),
          ids: picks.map((i) => meta.heldOutPositions[i]!),
        },
        { epsilons: [0.3], attacks: STRONG_SUITE },
      );
      const evaluation = evaluationOf(name).evaluation;
      const stored = unpackBits(rowAt(name, 0.3).robustDigits, evaluation.digits);
      const expected = picks.map((i) => bitOf(stored, meta.heldOutPositions[i]!));
      const mismatches = expected.filter((v, k) => v !== result.rows[0]!.robust[k]).length;
      // One digit of slack for a logit that rounds differently in a smaller batch.
      expect(mismatches).toBeLessThanOrEqual(1);
      net.dispose();
      source.dispose();
    },
    180_000,
  );
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
