/**
 * The training loop of the book's classifiers: Adam with a one-cycle learning rate, random shifts,
 * and optionally adversarial training (FGSM with random start, PGD-k, or TRADES), every random choice
 * seeded so that a rerun gives byte-identical weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { crossEntropyPerExample, pgd } from '../../src/lib/attacks.ts';
import { mulberry32, permutation, randomInt, type Rng } from '../../src/lib/rng.ts';
import { fastNet } from './fast-net.ts';
import { PIXELS, SIDE } from './mnist-data.ts';
import { logitsFn } from './models.ts';

/**
 * How the training digits are attacked before each weight step, at radius ε ramped linearly from 0
 * over the first `rampEpochs` (without the ramp, full ε from the first step collapsed training to one
 * class).
 *
 * - `fgsm-rs`: one step of size α from a uniform random start (Wong, Rice, Kolter 2020).
 * - `pgd`: K steps of size α from a uniform random start (Madry et al. 2018), training on x^K.
 * - `trades`: K steps of size α maximising KL(p(x) ‖ p(x′)) from x + 0.001·N(0, 1), then the loss
 *   CE(f(x), y) + β·KL(p(x) ‖ p(x′)) (Zhang et al. 2019).
 */
export interface AdversarialRecipe {
  kind: 'fgsm-rs' | 'pgd' | 'trades';
  epsilon: number;
  steps: number;
  alphaOverEpsilon: number;
  rampEpochs: number;
  /** TRADES' β. */
  beta?: number;
}

export interface TrainOptions {
  name: string;
  build: (seed: number) => tfl.Sequential;
  seed: number;
  epochs: number;
  batchSize: number;
  peakLr: number;
  /** Random shifts of up to this many pixels (0: none). */
  shift: number;
  adversarial?: AdversarialRecipe;
  /**
   * Hand-written gradients (scripts/lib/fast-net.ts) instead of tfjs's: faster on wasm, but not
   * bit-identical, so models first trained without them keep training without them.
   */
  fastGradients?: boolean;
}

/** One-cycle schedule: linear warm-up from peak/25 over the first 25% of steps, then cosine to ~0. */
export function learningRate(peak: number, step: number, total: number): number {
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

/** KL(p ‖ q) of each row, from logits: Σ p (log p − log q). */
function klPerExample(logitsP: tf.Tensor2D, logitsQ: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logitsP);
    return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, tf.logSoftmax(logitsQ))), 1) as tf.Tensor1D;
  });
}

/** TRADES' inner maximisation: K signed steps up KL(p(x) ‖ p(x′)) inside the ε-ball and [0, 1]. */
function tradesAdversary(
  logits: (x: tf.Tensor) => tf.Tensor2D,
  x: tf.Tensor,
  epsilon: number,
  steps: number,
  alpha: number,
  seed: number,
): tf.Tensor {
  return tf.tidy(() => {
    const clean = logits(x);
    const lo = tf.maximum(tf.sub(x, epsilon), 0);
    const hi = tf.minimum(tf.add(x, epsilon), 1);
    let xAdv = tf.minimum(
      tf.maximum(tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed), 0.001)), lo),
      hi,
    );
    const grad = tf.grad((xi: tf.Tensor) => tf.sum(klPerExample(clean, logits(xi))));
    for (let t = 0; t < steps; t++) {
      const g = grad(xAdv);
      const step = tf.sub(tf.cast(tf.greater(g, 0), 'float32'), tf.cast(tf.less(g, 0), 'float32'));
      xAdv = tf.minimum(tf.maximum(tf.add(xAdv, tf.mul(step, alpha)), lo), hi);
    }
    return xAdv;
  });
}

export interface Trained {
  model: tfl.Sequential;
  seconds: number;
  cpuSeconds: number;
}

export async function train(
  cfg: TrainOptions,
  x: Float32Array,
  y: Int32Array,
  log: (s: string) => void,
): Promise<Trained> {
  const model = cfg.build(cfg.seed);
  const fast = cfg.fastGradients ? fastNet(model) : null;
  const attackLogits = fast ? fast.logits : logitsFn(model);
  const trainLogits = fast ? fast.trainLogits : (xi: tf.Tensor) => model.apply(xi, { training: true }) as tf.Tensor2D;
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
      const yOneHot = tf.tidy(() => tf.cast(tf.oneHot(yb, 10), 'float32')) as tf.Tensor2D;
      let input: tf.Tensor = xb;
      let lossFn = () => tf.mean(crossEntropyPerExample(trainLogits(input), yOneHot)) as tf.Scalar;
      const adv = cfg.adversarial;
      if (adv) {
        const eps = adv.epsilon * Math.min(1, (step + 1) / (adv.rampEpochs * stepsPerEpoch));
        const alpha = adv.alphaOverEpsilon * eps;
        const seed = randomInt(rng, 2 ** 31);
        if (adv.kind === 'trades') {
          input = tradesAdversary(attackLogits, xb, eps, adv.steps, alpha, seed);
          const beta = adv.beta ?? 6;
          lossFn = () =>
            tf.tidy(() => {
              const clean = trainLogits(xb);
              const ce = tf.mean(crossEntropyPerExample(clean, yOneHot));
              return tf.add(ce, tf.mul(tf.mean(klPerExample(clean, trainLogits(input))), beta)) as tf.Scalar;
            });
        } else {
          // One PGD step from a uniform random start is FGSM with random start.
          const steps = adv.kind === 'fgsm-rs' ? 1 : adv.steps;
          input = pgd(attackLogits, xb, yb, { epsilon: eps, steps, alpha, seed });
        }
      }
      const loss = optimizer.minimize(lossFn, true, vars);
      lossSum += (await loss!.data())[0]!;
      loss!.dispose();
      if (input !== xb) input.dispose();
      tf.dispose([xb, yb, yOneHot]);
    }
    log(
      `${cfg.name} epoch ${epoch + 1}/${cfg.epochs} loss ${(lossSum / stepsPerEpoch).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  optimizer.dispose();
  const cpu = process.cpuUsage(cpu0);
  return { model, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** A one-line description of the recipe for the manifest. */
export function describeRecipe(a: AdversarialRecipe | undefined): string | null {
  if (!a) return null;
  const ramp = `ε = ${a.epsilon} ramped linearly over the first ${a.rampEpochs} epochs`;
  const step = `step α = ${a.alphaOverEpsilon}·ε`;
  if (a.kind === 'fgsm-rs')
    return (
      `FGSM with random start (Wong et al. 2020) on every batch, training on adversarial digits only: ` +
      `${ramp}, ${step}, then projection to the ε-ball and [0, 1]`
    );
  if (a.kind === 'pgd')
    return (
      `PGD-${a.steps} (Madry et al. 2018) from a uniform random start on every batch, training on the ` +
      `adversarial digits only: ${ramp}, ${step}, each step projected to the ε-ball and [0, 1]`
    );
  return (
    `TRADES (Zhang et al. 2019), β = ${a.beta ?? 6}: clean cross-entropy plus β·KL(p(x) ‖ p(x′)), x′ from ` +
    `${a.steps} signed steps up the KL from x + 0.001·N(0, 1): ${ramp}, ${step}`
  );
}
