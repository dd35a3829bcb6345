/**
 * The "Where the points are" figure's model work (chapter 1), run by the page's model worker
 * (src/runtime/model-worker) and, for the figure's default state, by scripts/where-points/make-static.ts
 * in Node:
 *  - `noiseBatch`: 1,000 noise images through each model (how many each calls a digit with ≥ 90 %
 *    confidence) and against every held-out digit (how near the nearest real digit comes);
 *  - `grid`: the first noise images of batch 1, one model's answers and each one's nearest digit;
 *  - `distances`: all pairwise distances of a seeded sample of uniform points in [0, 1]ᴰ (sliced), or
 *    of held-out digits, summarised and binned for the histogram.
 *
 * Tensors: the held-out digits as one [N × 784] tensor are kept by the host under `geo/` (the figure
 * releases it); everything else is made inside tf.tidy or disposed once read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import type { DigitSet } from '../digit-set.ts';
import type { JobContext } from '../jobs.ts';
import { mulberry32, permutation } from '../rng.ts';
import { pairwiseSqDistances } from '../pixel-feature/distances.ts';
import {
  SAMPLE_POINTS,
  binEdges,
  histogram,
  rmsDistance,
  rowPairDistances,
  summarise,
  uniformPairDistances,
  type DistanceSummary,
} from './concentration.ts';
import { CONFIDENT, GRID_SIZE, NOISE_BATCH, PIXELS, noiseImages } from './noise.ts';

/** Images per forward pass. */
const CHUNK = 100;

export interface ModelTally {
  model: string;
  /** Images whose top class had probability ≥ CONFIDENT. */
  confident: number;
  /** Of those, how many went to each class 0–9. */
  classes: number[];
  /** Mean top-class probability over the batch. */
  meanConfidence: number;
}

export interface NoiseBatch {
  seed: number;
  batch: number;
  count: number;
  tallies: ModelTally[];
  /** Distance from each noise image to its nearest held-out digit: the smallest and the mean. */
  nearest: { min: number; mean: number };
  ms: number;
}

export interface NoiseBatchRequest {
  seed: number;
  batch: number;
  models: readonly string[];
}

export interface GridAnswer {
  label: number;
  confidence: number;
  /** The nearest held-out digit and its distance. */
  nearest: number;
  distance: number;
}

export interface Grid {
  seed: number;
  model: string;
  /** [GRID_SIZE × 784]. */
  images: Float32Array;
  answers: GridAnswer[];
}

interface DigitsTensor {
  x: tf.Tensor2D;
}

const digitsTensor = (ctx: JobContext<unknown>) =>
  ctx.keep<DigitsTensor>(
    'geo/digits',
    async (c) => {
      const d = await c.digits();
      return { x: tf.tensor2d(d.pixels, [d.count, PIXELS]) };
    },
    { dispose: (v) => v.x.dispose() },
  );

/** For each of `count` images, the index of the nearest held-out digit and its distance. */
async function nearestDigits(
  ctx: JobContext<unknown>,
  images: Float32Array,
  count: number,
): Promise<{ index: Int32Array; distance: Float32Array }> {
  const { x } = await digitsTensor(ctx);
  const [iT, dT] = tf.tidy(() => {
    const sq = pairwiseSqDistances(tf.tensor2d(images, [count, PIXELS]), x);
    return [tf.argMin(sq, 1), tf.sqrt(tf.min(sq, 1))];
  });
  try {
    const [index, distance] = await Promise.all([iT.data(), dT.data()]);
    return { index: Int32Array.from(index), distance: Float32Array.from(distance) };
  } finally {
    iT.dispose();
    dT.dispose();
  }
}

/** Softmax rows [count × 10] of a model on `images`. */
async function probabilities(ctx: JobContext<unknown>, model: string, images: Float32Array, count: number) {
  const m = await ctx.model(model);
  const pT = tf.tidy(() => tf.softmax(m.logits(tf.tensor4d(images, [count, 28, 28, 1]))));
  try {
    return (await pT.data()) as Float32Array;
  } finally {
    pT.dispose();
  }
}

/** One batch of 1,000 noise images: each model's confident answers and the nearest real digits. */
export async function noiseBatch(ctx: JobContext<number>, request: NoiseBatchRequest): Promise<NoiseBatch> {
  const t0 = performance.now();
  const { seed, batch, models } = request;
  const tallies: ModelTally[] = models.map((model) => ({
    model,
    confident: 0,
    classes: new Array<number>(10).fill(0),
    meanConfidence: 0,
  }));
  let min = Infinity,
    sum = 0;
  const steps = (NOISE_BATCH / CHUNK) * (models.length + 1);
  let done = 0;
  for (let from = 0; from < NOISE_BATCH; from += CHUNK) {
    await ctx.checkpoint();
    const images = noiseImages(seed, batch, from, CHUNK);
    const near = await nearestDigits(ctx, images, CHUNK);
    for (const d of near.distance) {
      min = Math.min(min, d);
      sum += d;
    }
    ctx.progress(++done / steps);
    for (const tally of tallies) {
      await ctx.checkpoint();
      const probs = await probabilities(ctx, tally.model, images, CHUNK);
      for (let i = 0; i < CHUNK; i++) {
        const label = argmax(probs, i * 10, 10);
        const p = probs[i * 10 + label]!;
        tally.meanConfidence += p / NOISE_BATCH;
        if (p >= CONFIDENT) {
          tally.confident++;
          tally.classes[label]! += 1;
        }
      }
      ctx.progress(++done / steps);
    }
  }
  return {
    seed,
    batch,
    count: NOISE_BATCH,
    tallies,
    nearest: { min, mean: sum / NOISE_BATCH },
    ms: performance.now() - t0,
  };
}

/** The grid: the first GRID_SIZE images of batch 1, `model`'s answers and each one's nearest held-out digit. */
export async function grid(ctx: JobContext<unknown>, request: { seed: number; model: string }): Promise<Grid> {
  const images = noiseImages(request.seed, 1, 0, GRID_SIZE);
  const [probs, near] = await Promise.all([
    probabilities(ctx, request.model, images, GRID_SIZE),
    nearestDigits(ctx, images, GRID_SIZE),
  ]);
  const answers = Array.from({ length: GRID_SIZE }, (_, i) => {
    const label = argmax(probs, i * 10, 10);
    return { label, confidence: probs[i * 10 + label]!, nearest: near.index[i]!, distance: near.distance[i]! };
  });
  return { seed: request.seed, model: request.model, images, answers };
}

export interface DistancesRequest {
  /** The dimension of the cube, or 'digits' for held-out digits (784 pixels). */
  space: number | 'digits';
  seed: number;
}

export interface DistanceHistogram extends DistanceSummary {
  space: number | 'digits';
  seed: number;
  points: number;
  /** The unit of the histogram's axis: √(D/6) for the cube, the root-mean-square distance for digits. */
  unit: number;
  /** Pairs in each bin of binEdges(). */
  counts: number[];
  ms: number;
}

/** Which held-out digits make the sample of `seed` (SAMPLE_POINTS of them, seeded). */
export function digitSample(digits: Pick<DigitSet, 'count'>, seed: number): number[] {
  return permutation(mulberry32(seed * 31 + 7), digits.count).slice(0, Math.min(SAMPLE_POINTS, digits.count));
}

/** Pairwise distances of the sample as the histogram draws them. */
export function describeDistances(
  space: number | 'digits',
  seed: number,
  distances: Float64Array,
  points: number,
  unit: number,
  ms: number,
): DistanceHistogram {
  return {
    space,
    seed,
    points,
    unit,
    ...summarise(distances),
    counts: histogram(distances, unit, binEdges()),
    ms,
  };
}

/** Pairwise distances of a seeded sample (sliced: a newer request cancels it within one block). */
export async function distances(ctx: JobContext<number>, request: DistancesRequest): Promise<DistanceHistogram> {
  const t0 = performance.now();
  if (request.space === 'digits') {
    const digits = await ctx.digits();
    const pick = digitSample(digits, request.seed);
    const rows = new Float32Array(pick.length * PIXELS);
    pick.forEach((i, k) => rows.set(digits.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
    const d = rowPairDistances(rows, pick.length, PIXELS);
    let sq = 0;
    for (const v of d) sq += v * v;
    return describeDistances('digits', request.seed, d, pick.length, Math.sqrt(sq / d.length), performance.now() - t0);
  }
  const D = Math.max(1, Math.round(request.space));
  const g = uniformPairDistances(D, SAMPLE_POINTS, request.seed);
  for (;;) {
    await ctx.checkpoint();
    const r = g.next();
    if (r.done)
      return describeDistances(D, request.seed, r.value, SAMPLE_POINTS, rmsDistance(D), performance.now() - t0);
    ctx.progress(r.value);
  }
}
