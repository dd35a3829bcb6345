/**
 * The three-kinds figure's model work, run by the page's model worker (src/runtime/model-worker) and,
 * for the figure's default state, by scripts/three-kinds/make-static.ts in Node. For one original
 * digit and one model it finds:
 *   - a negative: a random held-out digit of another class (seeded);
 *   - a hard negative: the held-out digit of another class nearest to the original in the model's
 *     feature space (the activations of its `featureLayer`; a model without one, the linear model,
 *     has only its logits to offer);
 *   - an adversarial example: the original after targeted PGD (Madry et al. 2018, attacks.ts) towards
 *     the hard negative's class, at the smallest ε that reaches it, found by bisection (search.ts).
 * Each is measured against the original in pixels (L2 and L∞) and in the feature space.
 *
 * Tensors: each model's feature space (network halves and nothing else) is kept by the host and freed
 * with `three-kinds/`; every other tensor is tidied or disposed before the job returns or is cancelled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import { linfNorm, pgdSteps, type LogitsFn } from '../attacks.ts';
import { digitPixels } from '../digit-set.ts';
import type { JobContext } from '../jobs.ts';
import { featureNetFromArtifacts, type Artifacts } from '../pixel-feature/feature-net.ts';
import { l2, row } from '../pixel-feature/geometry.ts';
import { hardNegative, randomNegative } from './pick.ts';
import { smallestFlip, type Probe } from './search.ts';
import {
  ATTACK,
  EPS_MAX,
  TOLERANCE,
  type Answer,
  type Example,
  type KindName,
  type KindsProgress,
  type KindsRequest,
  type KindsResult,
} from './types.ts';

const P = 784;

/** A model's feature space over the held-out digits, kept by the host per model. */
interface Space {
  layer: string;
  units: number;
  /** Images [N, 28, 28, 1] to feature vectors [N, units]. */
  embed: (x: tf.Tensor) => tf.Tensor2D;
  /** f(x) of every held-out digit, N × units. */
  features: Float32Array;
  dispose(): void;
}

async function prepareSpace(ctx: JobContext<KindsProgress>, model: string): Promise<Space> {
  ctx.progress({ stage: `loading ${model} and the digits` });
  const [{ manifest, artifacts }, m, digits] = await Promise.all([
    ctx.modelFiles(model),
    ctx.model(model),
    ctx.digits(),
  ]);
  const layer = manifest.featureLayer?.name ?? null;
  // The linear model has no hidden layer: its logits are the only representation it learns.
  const net = layer ? featureNetFromArtifacts(artifacts as Artifacts, layer) : null;
  const embed = net ? net.features : m.logits;
  try {
    const N = digits.count;
    const BATCH = 200;
    let units = 0;
    let features = new Float32Array(0);
    ctx.progress({ stage: `measuring the held-out digits in ${model}'s feature space` });
    for (let start = 0; start < N; start += BATCH) {
      await ctx.checkpoint();
      const size = Math.min(BATCH, N - start);
      const fT = tf.tidy(() =>
        embed(tf.tensor4d(digits.pixels.subarray(start * P, (start + size) * P), [size, 28, 28, 1])),
      );
      const f = (await fT.data().finally(() => fT.dispose())) as Float32Array;
      if (!units) {
        units = fT.shape[1];
        features = new Float32Array(N * units);
      }
      features.set(f, start * units);
    }
    return { layer: layer ?? 'logits', units, embed, features, dispose: () => net?.dispose() };
  } catch (e) {
    net?.dispose();
    throw e;
  }
}

const spaceOf = (ctx: JobContext<KindsProgress>, model: string) =>
  ctx.keep(`three-kinds/space/${model}`, (c) => prepareSpace(c, model), {
    dispose: (s) => s.dispose(),
    progress: true,
  });

interface Reading {
  answer: Answer;
  features: Float32Array;
}

/** The model's answer and the feature vector of each image (rows of `images`). */
async function read(logits: LogitsFn, space: Space, images: Float32Array, n: number): Promise<Reading[]> {
  const [probsT, featT] = tf.tidy(() => {
    const x = tf.tensor4d(images, [n, 28, 28, 1]);
    return [tf.softmax(logits(x)), space.embed(x)];
  });
  const [probs, feats] = (await Promise.all([probsT.data(), featT.data()]).finally(() => {
    probsT.dispose();
    featT.dispose();
  })) as [Float32Array, Float32Array];
  const classes = probsT.shape[1]!;
  return Array.from({ length: n }, (_, i) => {
    const label = argmax(probs, i * classes, classes);
    return {
      answer: { label, confidence: probs[i * classes + label]! },
      features: feats.slice(i * space.units, (i + 1) * space.units),
    };
  });
}

interface Attempt {
  pixels: Float32Array;
  answer: Answer;
}

/**
 * Targeted PGD at budget eps from x itself (no random start, so the search is deterministic): T steps
 * of α = 2.5·ε/T down the target's cross-entropy, each projected onto the ε-ball and [0, 1]. Flipped
 * when the model then reads the target.
 */
export async function targetedAttempt(
  ctx: Pick<JobContext, 'checkpoint'>,
  logits: LogitsFn,
  original: Float32Array,
  target: number,
  eps: number,
  steps: number = ATTACK.steps,
): Promise<{ flipped: boolean; value: Attempt }> {
  const x = tf.tensor4d(original, [1, 28, 28, 1]);
  let adv: tf.Tensor | null = null;
  try {
    if (eps === 0) adv = tf.clone(x);
    else {
      const run = pgdSteps(logits, x, [target], {
        epsilon: eps,
        steps,
        alpha: (ATTACK.stepFactor * eps) / steps,
        randomStart: false,
        targeted: true,
      });
      try {
        for (let r = run.next(); ; r = run.next()) {
          if (r.done) {
            adv = r.value;
            break;
          }
          await ctx.checkpoint();
        }
      } finally {
        run.return(undefined as never); // frees the attack's tensors if a checkpoint threw
      }
    }
    const done = adv;
    const probsT = tf.tidy(() => tf.softmax(logits(done)));
    const [probs, pixels] = (await Promise.all([probsT.data(), done.data()]).finally(() => probsT.dispose())) as [
      Float32Array,
      Float32Array,
    ];
    const label = argmax(probs);
    return {
      flipped: label === target,
      value: { pixels: Float32Array.from(pixels), answer: { label, confidence: probs[label]! } },
    };
  } finally {
    x.dispose();
    adv?.dispose();
  }
}

/** The original, its negative, hard negative and smallest targeted adversarial example, measured. */
export async function compare(ctx: JobContext<KindsProgress>, request: KindsRequest): Promise<KindsResult> {
  const [m, digits, space] = await Promise.all([ctx.model(request.model), ctx.digits(), spaceOf(ctx, request.model)]);
  const t0 = performance.now();
  const drawn = request.drawn && request.drawn.length === P ? Float32Array.from(request.drawn) : null;
  const digit = drawn ? null : Math.min(Math.max(0, Math.round(request.digit) || 0), digits.count - 1);
  const original = drawn ?? Float32Array.from(digitPixels(digits, digit ?? 0));
  const [self] = await read(m.logits, space, original, 1);
  if (!self) throw new Error('no reading of the original');
  const originalClass = digit === null ? self.answer.label : digits.labels[digit]!;

  const negIndex = randomNegative(digits.labels, originalClass, request.seed, digit ?? -1);
  const hard = hardNegative(self.features, space.features, digits.labels, space.units, originalClass);
  const target = digits.labels[hard.index]!;

  ctx.progress({ stage: `searching for the smallest ε that makes ${request.model} read a ${target}` });
  const tried: Probe[] = [];
  const search = await smallestFlip((eps) => targetedAttempt(ctx, m.logits, original, target, eps), {
    max: EPS_MAX,
    tolerance: TOLERANCE,
    onProbe: (probe, bracket) => {
      tried.push(probe);
      ctx.progress({
        stage: `bisection on ε: the attack fails at ${bracket.lo.toFixed(3)}${bracket.hi === null ? '' : `, succeeds at ${bracket.hi.toFixed(3)}`}`,
        search: { ...bracket, probes: [...tried] },
      });
    },
  });

  const negPixels = Float32Array.from(digitPixels(digits, negIndex));
  const hardPixels = Float32Array.from(digitPixels(digits, hard.index));
  const advPixels = search.best.pixels;
  const [negR, hardR, advR] = await read(
    m.logits,
    space,
    Float32Array.from([...negPixels, ...hardPixels, ...advPixels]),
    3,
  );
  if (!negR || !hardR || !advR) throw new Error('no reading of the three examples');
  const example = (kind: KindName, index: number | null, pixels: Float32Array, r: Reading): Example => {
    const delta = pixels.map((v, i) => v - original[i]!);
    return {
      kind,
      index,
      label: index === null ? null : digits.labels[index]!,
      pixels,
      answer: r.answer,
      pixelL2: l2(pixels, original),
      pixelLinf: linfNorm(delta),
      // The stored vector for a held-out digit, so that the distance is the one the search ranked by.
      featureL2: l2(index === null ? r.features : row(space.features, space.units, index), self.features),
    };
  };
  return {
    model: request.model,
    space: { layer: space.layer, units: space.units },
    digit,
    originalClass,
    original,
    originalAnswer: self.answer,
    seed: request.seed,
    negative: example('negative', negIndex, negPixels, negR),
    hardNegative: example('hard-negative', hard.index, hardPixels, hardR),
    adversarial: example('adversarial', null, advPixels, advR),
    target,
    search: {
      found: search.found,
      eps: search.eps,
      lo: search.lo,
      hi: search.hi,
      max: EPS_MAX,
      tolerance: TOLERANCE,
      probes: search.probes,
    },
    ms: performance.now() - t0,
  };
}
