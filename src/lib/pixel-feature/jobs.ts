/**
 * The pixel-vs-feature figure's model work, run by the page's model worker (src/runtime/model-worker)
 * and, for the figure's default state, by scripts/pixel-feature/make-static.ts in Node.
 *
 * Two stages are prepared once and kept by the host: first the `cnn` model's body over the shipped
 * digits (their feature vectors f(x)) and the nearest-neighbour run's reference half as tensors; then
 * all pairwise distances in both spaces, sorted (for percentiles), and a two-component PCA in each
 * space. Then `analyse` answers a transform change in a few milliseconds, and `nearestNeighbours`
 * (which needs only the first stage) runs the experiment in chunks that a newer request can cancel.
 *
 * Tensors: the first stage owns the network and the two reference matrices, and its dispose frees
 * all of them; every other tensor is created inside tf.tidy or disposed right after its data is read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import { digitPixels } from '../digit-set.ts';
import type { JobContext } from '../jobs.ts';
import { featureNetFromArtifacts, type Artifacts, type FeatureNet } from './feature-net.ts';
import { nearestIndices, pairwiseSqDistances } from './distances.ts';
import {
  columnMeans,
  gatherRows,
  l2,
  nearestRow,
  pca2FromCovariance,
  pca2Steps,
  percentileOf,
  project,
  projectAll,
  referenceQuerySplit,
  row,
  type Pca2,
} from './geometry.ts';
import { transformDigit, transformKey, type Transform } from './transforms.ts';

const P = 784;
/** The model whose feature space the figure shows. */
export const FEATURE_MODEL = 'cnn';

export interface Progress {
  /** What is being done, in words. */
  stage: string;
  /** 0 to 1 over the whole preparation. */
  fraction: number;
}

export interface Prediction {
  label: number;
  confidence: number;
}

export interface PairDistances {
  pixel: number;
  feature: number;
  /** Percentile ranks (0 to 100) among all pairs of the shipped digits, in each space. */
  pixelPercentile: number;
  featurePercentile: number;
}

export interface Analysis {
  anchorIndex: number | null;
  /** The anchor's class: its label, or for a drawing, the model's prediction. */
  anchorClass: number;
  anchor: Float32Array;
  copy: Float32Array;
  lookalikeIndex: number;
  lookalike: Float32Array;
  predictions: { anchor: Prediction; copy: Prediction; lookalike: Prediction };
  copyDistances: PairDistances;
  lookalikeDistances: PairDistances;
  /** PCA coordinates of anchor, copy and look-alike, in each space. */
  points: { pixel: [number, number][]; feature: [number, number][] };
  ms: number;
}

export interface NnResult {
  pixel: number;
  feature: number;
  queries: number;
  references: number;
  ms: number;
}

/** What the page draws once both stages are prepared: the maps and how the spaces were measured. */
export interface Prepared {
  units: number;
  pairs: number;
  /** Variance kept by each map's two components, and the total. */
  pca: { pixel: Pick<Pca2, 'variances' | 'totalVariance'>; feature: Pick<Pca2, 'variances' | 'totalVariance'> };
  /** PCA coordinates of every shipped digit, [x0, y0, x1, y1, …], in each space. */
  maps: { pixel: Float32Array; feature: Float32Array };
  /** Start-up time of each stage, ms. */
  timings: { features: number; pairs: number; pca: number };
}

/** The first stage: every shipped digit through the network, and the reference half as tensors. */
interface Features {
  net: FeatureNet;
  units: number;
  /** f(x) of every shipped digit, [N × units]. */
  features: Float32Array;
  refs: number[];
  queries: number[];
  refLabels: number[];
  refPixels: tf.Tensor2D;
  refFeatures: tf.Tensor2D;
  ms: number;
  /** Caches: the last look-alike, nearest-neighbour results by transform. */
  lookalike: { key: string; index: number } | null;
  nn: Map<string, NnResult>;
}

/** The second stage: every pairwise distance, sorted, and the maps. */
interface Geometry {
  sortedPixel: Float32Array;
  sortedFeature: Float32Array;
  pca: { pixel: Pca2; feature: Pca2 };
  maps: Prepared['maps'];
  timings: Prepared['timings'];
}

/** The upper triangle of an n × n matrix of squared distances, square-rooted and sorted. */
function sortedUpper(sq: Float32Array, n: number): Float32Array {
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = Math.sqrt(sq[i * n + j]!);
  return out.sort();
}

async function prepareFeatures(ctx: JobContext<Progress>): Promise<Features> {
  ctx.progress({ stage: 'loading the model and the digits', fraction: 0.02 });
  const [{ artifacts }, digits] = await Promise.all([ctx.modelFiles(FEATURE_MODEL), ctx.digits()]);
  const net = featureNetFromArtifacts(artifacts as Artifacts);
  const tensors: tf.Tensor[] = [];
  try {
    const N = digits.count;
    const t0 = performance.now();
    const BATCH = 200;
    let units = 0;
    let features = new Float32Array(0);
    for (let start = 0; start < N; start += BATCH) {
      await ctx.checkpoint();
      const size = Math.min(BATCH, N - start);
      const fT = tf.tidy(() =>
        net.features(tf.tensor4d(digits.pixels.subarray(start * P, (start + size) * P), [size, 28, 28, 1])),
      );
      const f = await fT.data().finally(() => fT.dispose());
      if (!units) {
        units = fT.shape[1]!;
        features = new Float32Array(N * units);
      }
      features.set(f as Float32Array, start * units);
      ctx.progress({
        stage: 'computing the feature vectors of the held-out digits',
        fraction: 0.05 + (0.3 * (start + size)) / N,
      });
    }
    const { refs, queries } = referenceQuerySplit(N);
    const refPixels = tf.tensor2d(gatherRows(digits.pixels, P, refs), [refs.length, P]);
    tensors.push(refPixels);
    const refFeatures = tf.tensor2d(gatherRows(features, units, refs), [refs.length, units]);
    tensors.push(refFeatures);
    return {
      net,
      units,
      features,
      refs,
      queries,
      refLabels: refs.map((i) => digits.labels[i]!),
      refPixels,
      refFeatures,
      ms: performance.now() - t0,
      lookalike: null,
      nn: new Map(),
    };
  } catch (e) {
    net.dispose();
    for (const t of tensors) t.dispose();
    throw e;
  }
}

/** Frees what the first stage holds: the feature network and the reference matrices. */
function disposeFeatures(f: Features): void {
  f.net.dispose();
  f.refPixels.dispose();
  f.refFeatures.dispose();
}

async function prepareGeometry(ctx: JobContext<Progress>): Promise<Geometry> {
  const [f, digits] = await Promise.all([features(ctx, true), ctx.digits()]);
  const N = digits.count;
  const F = f.units;
  // 1. All pairwise distances, sorted, in each space.
  const t1 = performance.now();
  const sortedPairs = async (data: Float32Array, d: number): Promise<Float32Array> => {
    await ctx.checkpoint();
    const sqT = tf.tidy(() => {
      const x = tf.tensor2d(data, [N, d]);
      return pairwiseSqDistances(x, x);
    });
    const sq = (await sqT.data().finally(() => sqT.dispose())) as Float32Array;
    await ctx.checkpoint();
    return sortedUpper(sq, N);
  };
  ctx.progress({ stage: 'measuring all pairs of digits in pixel space', fraction: 0.4 });
  const sortedPixel = await sortedPairs(digits.pixels, P);
  ctx.progress({ stage: 'measuring all pairs of digits in feature space', fraction: 0.5 });
  const sortedFeature = await sortedPairs(f.features, F);
  const tPairs = performance.now() - t1;

  // 2. PCA in each space. In pixel space the covariance (784 × 784) is formed first by one matrix
  // product, so that each power iteration costs 784² instead of 2 · 800 · 784.
  const runPca = async (steps: Generator<number, Pca2, void>, from: number, to: number, what: string) => {
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) return r.value;
      if (r.value % 10 === 0)
        ctx.progress({
          stage: `principal component analysis in ${what} space`,
          fraction: from + ((to - from) * Math.min(r.value, 150)) / 150,
        });
      await ctx.checkpoint();
    }
  };
  ctx.progress({ stage: 'principal component analysis in pixel space', fraction: 0.58 });
  await ctx.checkpoint();
  const t2 = performance.now();
  const pixelMean = columnMeans(digits.pixels, N, P);
  const covT = tf.tidy(() => {
    const xc = tf.sub(tf.tensor2d(digits.pixels, [N, P]), tf.tensor1d(pixelMean));
    // An explicit transpose: matMul's transposeA flag is about 15 times slower on the wasm backend.
    return tf.div(tf.matMul(tf.transpose(xc), xc), N);
  });
  const cov = (await covT.data().finally(() => covT.dispose())) as Float32Array;
  const PCA_OPTIONS = { maxIter: 400, tol: 1e-11 };
  const pcaPixel = await runPca(pca2FromCovariance(cov, P, pixelMean, PCA_OPTIONS), 0.6, 0.9, 'pixel');
  const pcaFeature = await runPca(pca2Steps(f.features, N, F, PCA_OPTIONS), 0.9, 0.97, 'feature');
  ctx.progress({ stage: 'ready', fraction: 1 });
  return {
    sortedPixel,
    sortedFeature,
    pca: { pixel: pcaPixel, feature: pcaFeature },
    maps: { pixel: projectAll(pcaPixel, digits.pixels, N), feature: projectAll(pcaFeature, f.features, N) },
    timings: { features: f.ms, pairs: tPairs, pca: performance.now() - t2 },
  };
}

// Kept by the host, made by whichever job asks first; a figure releases them with `pixel-feature/`.
// The nearest-neighbour run needs only the first stage, so its accuracies come before the maps.
const features = (ctx: JobContext<Progress>, progress = false) =>
  ctx.keep('pixel-feature/features', prepareFeatures, { dispose: disposeFeatures, progress });
const geometry = (ctx: JobContext<Progress>, progress = false) =>
  ctx.keep('pixel-feature/geometry', prepareGeometry, { progress });

/** Prepares both stages (once per host) and returns what the page draws: maps and pair counts. */
export async function prepare(ctx: JobContext<Progress>, _request: Record<string, never> = {}): Promise<Prepared> {
  const [f, g] = await Promise.all([features(ctx), geometry(ctx, true)]);
  const summary = (p: Pca2) => ({ variances: p.variances, totalVariance: p.totalVariance });
  return {
    units: f.units,
    pairs: g.sortedPixel.length,
    pca: { pixel: summary(g.pca.pixel), feature: summary(g.pca.feature) },
    maps: { pixel: g.maps.pixel.slice(), feature: g.maps.feature.slice() },
    timings: g.timings,
  };
}

export interface AnalyseRequest {
  /** The reader's drawing (784 values in [0, 1]); null for held-out digit `anchorIndex`. */
  drawn: Float32Array | null;
  anchorIndex: number;
  transform: Transform;
}

/** Anchor, transformed copy and look-alike (the nearest digit of another class in pixels), measured in both spaces. */
export async function analyse(ctx: JobContext, request: AnalyseRequest): Promise<Analysis> {
  const stage = ctx as JobContext<Progress>;
  const [s, g, digits] = await Promise.all([features(stage), geometry(stage), ctx.digits()]);
  const t0 = performance.now();
  const N = digits.count;
  const F = s.units;
  const anchorIndex = request.drawn ? null : Math.min(Math.max(0, request.anchorIndex), N - 1);
  const anchor =
    request.drawn && request.drawn.length === P
      ? Float32Array.from(request.drawn)
      : Float32Array.from(digitPixels(digits, anchorIndex ?? 0));
  const t = request.transform;
  const copy = transformDigit(anchor, t);
  // Model outputs for anchor and copy (the look-alike's feature vector comes from the first stage).
  const out = tf.tidy(() => {
    const x = tf.tensor4d(new Float32Array([...anchor, ...copy]), [2, 28, 28, 1]);
    const f = s.net.features(x);
    return tf.concat([f, tf.softmax(s.net.head(f))], 1).dataSync() as Float32Array;
  });
  const width = F + 10;
  const fa = out.subarray(0, F),
    fc = out.subarray(width, width + F);
  const prediction = (from: number, values: Float32Array = out): Prediction => {
    const label = argmax(values, from, 10);
    return { label, confidence: values[from + label]! };
  };
  const anchorPred = prediction(F),
    copyPred = prediction(width + F);
  const anchorClass = anchorIndex === null ? anchorPred.label : digits.labels[anchorIndex]!;
  const key = `${anchorIndex ?? 'drawn'}:${anchorClass}:${anchorIndex === null ? Array.from(anchor, (v) => Math.round(v * 255)).join(',') : ''}`;
  if (s.lookalike?.key !== key) {
    const exclude = (j: number) => j === anchorIndex || digits.labels[j] === anchorClass;
    s.lookalike = { key, index: nearestRow(anchor, digits.pixels, N, P, exclude).index };
  }
  const li = s.lookalike.index;
  const lookalike = Float32Array.from(digitPixels(digits, li));
  const fl = row(s.features, F, li);
  const lookalikeProbs = tf.tidy(() => tf.softmax(s.net.head(tf.tensor2d(fl, [1, F]))).dataSync() as Float32Array);
  const distances = (pixel: number, feature: number): PairDistances => ({
    pixel,
    feature,
    pixelPercentile: percentileOf(g.sortedPixel, pixel),
    featurePercentile: percentileOf(g.sortedFeature, feature),
  });
  return {
    anchorIndex,
    anchorClass,
    anchor,
    copy,
    lookalikeIndex: li,
    lookalike,
    predictions: { anchor: anchorPred, copy: copyPred, lookalike: prediction(0, lookalikeProbs) },
    copyDistances: distances(l2(anchor, copy), l2(fa, fc)),
    lookalikeDistances: distances(l2(anchor, lookalike), l2(fa, fl)),
    points: {
      pixel: [project(g.pca.pixel, anchor), project(g.pca.pixel, copy), project(g.pca.pixel, lookalike)],
      feature: [project(g.pca.feature, fa), project(g.pca.feature, fc), project(g.pca.feature, fl)],
    },
    ms: performance.now() - t0,
  };
}

/**
 * Nearest-neighbour accuracy in each space when every query digit gets transform `t`: each takes the
 * class of its nearest untransformed digit of the reference half. Chunked; reports the fraction done.
 */
export async function nearestNeighbours(ctx: JobContext<number>, t: Transform): Promise<NnResult> {
  const [s, digits] = await Promise.all([features(ctx as unknown as JobContext<Progress>), ctx.digits()]);
  const key = transformKey(t);
  const cached = s.nn.get(key);
  if (cached) return { ...cached };
  const t0 = performance.now();
  let pixelRight = 0,
    featureRight = 0;
  let batch = 50;
  const { queries } = s;
  for (let start = 0; start < queries.length;) {
    await ctx.checkpoint();
    const s0 = performance.now();
    const size = Math.min(batch, queries.length - start);
    const q = new Float32Array(size * P);
    for (let k = 0; k < size; k++) {
      const i = queries[start + k]!;
      q.set(transformDigit(digitPixels(digits, i), t, 28, t.seed + i), k * P);
    }
    const [pixT, featT] = tf.tidy(() => {
      const x = tf.tensor2d(q, [size, P]);
      return [
        nearestIndices(x, s.refPixels),
        nearestIndices(s.net.features(tf.reshape(x, [size, 28, 28, 1])), s.refFeatures),
      ];
    });
    const [pi, fi] = await Promise.all([pixT.data(), featT.data()]).finally(() => {
      pixT.dispose();
      featT.dispose();
    });
    for (let k = 0; k < size; k++) {
      const label = digits.labels[queries[start + k]!]!;
      if (s.refLabels[pi[k]!] === label) pixelRight++;
      if (s.refLabels[fi[k]!] === label) featureRight++;
    }
    start += size;
    ctx.progress(start / queries.length);
    // Chunks of about 20 ms: a newer transform cancels this run within one.
    batch = Math.max(10, Math.min(200, Math.round((size * 20) / Math.max(performance.now() - s0, 1))));
  }
  const result = {
    pixel: pixelRight / queries.length,
    feature: featureRight / queries.length,
    queries: queries.length,
    references: s.refs.length,
    ms: performance.now() - t0,
  };
  if (s.nn.size > 200) s.nn.clear();
  s.nn.set(key, result);
  return { ...result };
}
