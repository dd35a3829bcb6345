/**
 * Adversarial attacks on image classifiers, over tfjs-core tensors.
 *
 * Notation follows the papers: x is the input (pixels in [0, 1]), y its true label, θ the model's
 * parameters, J(θ, x, y) the cross-entropy loss, ε the radius of the L∞ ball the attacker may move in.
 *
 * - Goodfellow, Shlens, Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015:
 *   the fast gradient sign method, x' = clip(x + ε·sign(∇ₓJ(θ, x, y)), 0, 1).
 * - Madry, Makelov, Schmidt, Tsipras, Vladu, "Towards Deep Learning Models Resistant to Adversarial
 *   Attacks", ICLR 2018: projected gradient descent, x^{t+1} = Π_{x+S}(x^t + α·sign(∇ₓJ(θ, x^t, y)))
 *   from a random start in the ε-ball, S = {δ : ‖δ‖∞ ≤ ε}.
 *
 * The model is any function from a batch of inputs to logits, so this file needs tfjs-core only.
 * Gradients must be registered once by the caller: importing `@tensorflow/tfjs-layers` does it, or
 * `import '@tensorflow/tfjs-core/dist/register_all_gradients'` in a bundled app.
 * Every function that returns a tensor hands ownership to the caller and leaves nothing else behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from './rng.ts';

/** A classifier: a batch of inputs [N, …] to logits [N, C] (before softmax). */
export type LogitsFn = (x: tf.Tensor) => tf.Tensor2D;

/** Class labels of a batch: an int32 tensor [N] or plain numbers. */
export type Labels = tf.Tensor1D | ArrayLike<number>;

function labelTensor(labels: Labels): tf.Tensor1D {
  return labels instanceof tf.Tensor
    ? (tf.cast(labels, 'int32') as tf.Tensor1D)
    : tf.tensor1d(Array.from(labels), 'int32');
}

/** One-hot rows [N, C] for the labels. */
export function oneHot(labels: Labels, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(labelTensor(labels), numClasses), 'float32') as tf.Tensor2D);
}

/** Cross-entropy J = −Σ_c y_c log softmax(z)_c of each example, [N]. */
export function crossEntropyPerExample(logits: tf.Tensor2D, yOneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(yOneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}

/**
 * sign(t) ∈ {−1, 0, 1} from comparisons. On the wasm backend `tf.sign` returns 0 for values below
 * about 1e-7, and a trained model's input gradients are often that small.
 */
export function signOf(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(t, 0), 'float32'), tf.cast(tf.less(t, 0), 'float32')));
}

/**
 * ∇ₓ J(θ, x, y) for every example of the batch (the loss is summed over the batch, so each row is
 * that example's own gradient, not divided by N).
 */
export function inputGradient(model: LogitsFn, x: tf.Tensor, labels: Labels): tf.Tensor {
  return tf.tidy(() => tf.grad(lossOf(model, labelTensor(labels)))(x));
}

/** x ↦ Σ J(θ, x, y) over the batch; the one-hot width comes from the logits. */
function lossOf(model: LogitsFn, labels: tf.Tensor1D): (x: tf.Tensor) => tf.Tensor {
  if (!tf.getGradient('Sum')) {
    throw new Error('attacks: no tfjs gradients registered (import @tensorflow/tfjs-layers first)');
  }
  return (x) => {
    const logits = model(x);
    return tf.sum(
      crossEntropyPerExample(logits, tf.cast(tf.oneHot(labels, logits.shape[1]), 'float32') as tf.Tensor2D),
    );
  };
}

export interface FgsmOptions {
  /**
   * Targeted variant: the labels are the classes to reach, and the step goes down the loss of the
   * target, x' = clip(x − ε·sign(∇ₓJ(θ, x, t)), 0, 1).
   */
  targeted?: boolean;
}

/**
 * The FGSM perturbation before clipping: η = ε·sign(∇ₓJ(θ, x, y)) (Goodfellow et al. 2015, eq. 3),
 * or −ε·sign(∇ₓJ(θ, x, t)) when targeted.
 */
export function fgsmPerturbation(
  model: LogitsFn,
  x: tf.Tensor,
  labels: Labels,
  epsilon: number,
  options: FgsmOptions = {},
): tf.Tensor {
  return tf.tidy(() => {
    const direction = options.targeted ? -epsilon : epsilon;
    return tf.mul(signOf(inputGradient(model, x, labels)), direction);
  });
}

/**
 * Fast gradient sign method (Goodfellow et al. 2015): x' = clip(x + ε·sign(∇ₓJ(θ, x, y)), 0, 1).
 * With `{ targeted: true }` the labels are target classes and the step lowers their loss.
 */
export function fgsm(
  model: LogitsFn,
  x: tf.Tensor,
  labels: Labels,
  epsilon: number,
  options: FgsmOptions = {},
): tf.Tensor {
  return tf.tidy(() => tf.clipByValue(tf.add(x, fgsmPerturbation(model, x, labels, epsilon, options)), 0, 1));
}

/** Targeted FGSM: pushes each input towards its target class. */
export function fgsmTargeted(model: LogitsFn, x: tf.Tensor, targets: Labels, epsilon: number): tf.Tensor {
  return fgsm(model, x, targets, epsilon, { targeted: true });
}

export interface PgdOptions {
  /** Radius ε of the L∞ ball. */
  epsilon: number;
  /** Number of steps K. */
  steps: number;
  /** Step size α; default 2.5·ε/K (Madry et al. use 0.01 for K = 100 at ε = 0.3). */
  alpha?: number;
  /** Start from a uniform random point of the ε-ball (default true), as Madry et al. */
  randomStart?: boolean;
  /** Seed of the random start (default 0): the same seed gives the same attack. */
  seed?: number;
  /**
   * One seed per example instead (row r of the batch starts from noise seeded with exampleSeeds[r]),
   * so that an example's attack does not depend on which batch it was cut into.
   */
  exampleSeeds?: readonly number[];
  /** Labels are target classes: descend their loss instead of ascending the true label's. */
  targeted?: boolean;
}

/**
 * Uniform noise in [−ε, ε] of the given shape from a seeded generator (identical on every backend):
 * one generator for the whole batch, or one per example (row) when `exampleSeeds` is given.
 */
function uniformNoise(shape: number[], epsilon: number, seed: number, exampleSeeds?: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  if (exampleSeeds) {
    if (exampleSeeds.length !== shape[0])
      throw new Error(`pgd: ${exampleSeeds.length} example seeds for a batch of ${shape[0]}`);
    const row = n / shape[0]!;
    exampleSeeds.forEach((s, r) => {
      const rng = mulberry32(s);
      for (let i = r * row; i < (r + 1) * row; i++) values[i] = (2 * rng() - 1) * epsilon;
    });
  } else {
    const rng = mulberry32(seed);
    for (let i = 0; i < n; i++) values[i] = (2 * rng() - 1) * epsilon;
  }
  return tf.tensor(values, shape);
}

/**
 * Projected gradient descent under L∞ (Madry et al. 2018): from x⁰ = x + U(−ε, ε) (clipped to
 * [0, 1]), repeat K times x^{t+1} = Π(x^t + α·sign(∇ₓJ(θ, x^t, y))), where Π clips to the ε-ball
 * around x and to the pixel range [0, 1].
 */
export function pgd(model: LogitsFn, x: tf.Tensor, labels: Labels, options: PgdOptions): tf.Tensor {
  const steps = pgdSteps(model, x, labels, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * PGD one step at a time, for a caller that must stay responsive: yields the number of steps done
 * after each step but the last, and returns x^K (the caller disposes it). Stopping early with
 * `return()` frees everything the attack holds.
 */
export function* pgdSteps(
  model: LogitsFn,
  x: tf.Tensor,
  labels: Labels,
  options: PgdOptions,
): Generator<number, tf.Tensor, void> {
  const { epsilon, steps } = options;
  const alpha = options.alpha ?? (2.5 * epsilon) / Math.max(steps, 1);
  const direction = options.targeted ? -alpha : alpha;
  const [lo, hi, y] = tf.tidy(() => [
    tf.maximum(tf.sub(x, epsilon), 0),
    tf.minimum(tf.add(x, epsilon), 1),
    labelTensor(labels),
  ]);
  const project = (t: tf.Tensor) => tf.minimum(tf.maximum(t, lo), hi);
  const loss = lossOf(model, y as tf.Tensor1D);
  let xAdv: tf.Tensor | null = null;
  let finished = false;
  try {
    xAdv = tf.tidy(() =>
      options.randomStart === false
        ? tf.clone(x)
        : project(tf.add(x, uniformNoise(x.shape, epsilon, options.seed ?? 0, options.exampleSeeds))),
    );
    for (let t = 0; t < steps; t++) {
      const current: tf.Tensor = xAdv;
      // Step in its own tidy: one step's intermediates are freed before the next.
      xAdv = tf.tidy(() => project(tf.add(current, tf.mul(signOf(tf.grad(loss)(current)), direction))));
      current.dispose();
      if (t < steps - 1) yield t + 1;
    }
    finished = true;
    return xAdv;
  } finally {
    lo.dispose();
    hi.dispose();
    y.dispose();
    if (!finished) xAdv?.dispose();
  }
}

/** Softmax probabilities [N, C] of the model on x. */
export function probabilities(model: LogitsFn, x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(model(x)));
}

export interface Prediction {
  /** argmax class of each example. */
  labels: Int32Array;
  /** Softmax probability of that class. */
  confidence: Float32Array;
  /** All probabilities, row-major [N × C]. */
  probs: Float32Array;
  numClasses: number;
}

/** Predicted class, its probability, and all class probabilities, read back to plain arrays. */
export async function predict(model: LogitsFn, x: tf.Tensor): Promise<Prediction> {
  const p = probabilities(model, x);
  try {
    const probs = (await p.data()) as Float32Array;
    const [n, c] = p.shape;
    const labels = new Int32Array(n);
    const confidence = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (probs[i * c + k]! > probs[i * c + best]!) best = k;
      labels[i] = best;
      confidence[i] = probs[i * c + best]!;
    }
    return { labels, confidence, probs: Float32Array.from(probs), numClasses: c };
  } finally {
    p.dispose();
  }
}

/** An attack on a batch: returns the adversarial batch (the caller disposes it). */
export type Attack = (model: LogitsFn, x: tf.Tensor, labels: tf.Tensor1D) => tf.Tensor;

export interface AttackResult {
  n: number;
  correct: number;
  /** Fraction classified correctly after the attack. */
  accuracy: number;
  /** Mean softmax confidence of the predicted class over the misclassified examples (NaN if none). */
  meanConfidenceWrong: number;
  /** Predicted class of every example after the attack. */
  predicted: Int32Array;
}

/**
 * Accuracy of the model on (x, labels) after `attack` (or clean when attack is null), run in batches
 * so that memory stays bounded.
 */
export async function accuracyUnderAttack(
  model: LogitsFn,
  x: tf.Tensor,
  labels: ArrayLike<number>,
  attack: Attack | null,
  batchSize = 250,
): Promise<AttackResult> {
  const n = x.shape[0]!;
  const predicted = new Int32Array(n);
  let correct = 0;
  let wrong = 0;
  let confWrong = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const batchLabels = Array.from({ length: size }, (_, i) => labels[start + i]!);
    const xb = tf.slice(x, start, size);
    const yb = tf.tensor1d(batchLabels, 'int32');
    let xAdv: tf.Tensor | null = null;
    try {
      xAdv = attack ? attack(model, xb, yb) : xb;
      const pred = await predict(model, xAdv);
      for (let i = 0; i < size; i++) {
        predicted[start + i] = pred.labels[i]!;
        if (pred.labels[i] === batchLabels[i]) correct++;
        else {
          wrong++;
          confWrong += pred.confidence[i]!;
        }
      }
    } finally {
      if (xAdv && xAdv !== xb) xAdv.dispose();
      xb.dispose();
      yb.dispose();
    }
  }
  return { n, correct, accuracy: correct / n, meanConfidenceWrong: wrong ? confWrong / wrong : NaN, predicted };
}

export interface PerturbationNorms {
  /** ‖x' − x‖∞ of each example. */
  linf: Float32Array;
  /** ‖x' − x‖₂ of each example. */
  l2: Float32Array;
}

/** L∞ and L2 norms of each example's perturbation x' − x (both [N, …]). */
export async function perturbationNorms(xAdv: tf.Tensor, x: tf.Tensor): Promise<PerturbationNorms> {
  const [linf, l2] = tf.tidy(() => {
    const d = tf.reshape(tf.sub(xAdv, x), [x.shape[0]!, -1]);
    return [tf.max(tf.abs(d), 1), tf.sqrt(tf.sum(tf.square(d), 1))];
  });
  try {
    return { linf: (await linf.data()) as Float32Array, l2: (await l2.data()) as Float32Array };
  } finally {
    linf.dispose();
    l2.dispose();
  }
}

/** ‖δ‖∞ of one perturbation held in a plain array. */
export function linfNorm(delta: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < delta.length; i++) m = Math.max(m, Math.abs(delta[i]!));
  return m;
}

/** ‖δ‖₂ of one perturbation held in a plain array. */
export function l2Norm(delta: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < delta.length; i++) s += delta[i]! * delta[i]!;
  return Math.sqrt(s);
}
