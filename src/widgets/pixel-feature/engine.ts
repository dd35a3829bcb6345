/**
 * The pixel-vs-feature figure's computation, loaded with a dynamic import after the island mounts (it
 * pulls in tfjs through src/runtime). At start it runs the `cnn` model's body over the shipped digits
 * (their feature vectors f(x) and predictions), sorts all pairwise distances in both spaces (for
 * percentiles) and fits a two-component PCA in each space, in slices of about one frame with progress
 * reported. Then `analyse` answers a transform change in a few milliseconds, and `nnAccuracy` runs
 * the nearest-neighbour experiment in slices that a newer request can cancel.
 *
 * Tensor ownership: the network weights and the two reference matrices of the accuracy run belong
 * to the engine (freed by dispose); every other tensor is created inside tf.tidy or disposed right
 * after its data is read, so `tf.memory().numTensors` is the same before and after any number of calls.
 */
import * as tf from '@tensorflow/tfjs-core';
import { digitPixels, type DigitSet } from '../../lib/digit-set.ts';
import { featureNetFromArtifacts, type Artifacts, type FeatureNet } from '../../lib/pixel-feature/feature-net.ts';
import { nearestIndices, pairwiseSqDistances } from '../../lib/pixel-feature/distances.ts';
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
} from '../../lib/pixel-feature/geometry.ts';
import { transformDigit, type Transform } from '../../lib/pixel-feature/transforms.ts';
import { loadDigits } from '../../runtime/digits.ts';
import { loadModelArtifacts } from '../../runtime/models.ts';
import { loadTf, type BackendName } from '../../runtime/tfjs.ts';

const P = 784;

export interface Progress {
  /** What is being done, in words. */
  stage: string;
  /** 0 to 1 over the whole start-up. */
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

export interface Engine {
  backend: BackendName;
  fallbackReason: string | null;
  digits: DigitSet;
  units: number;
  /** Model predictions for the shipped digits. */
  predictions: Uint8Array;
  pca: { pixel: Pca2; feature: Pca2 };
  /** PCA coordinates of every shipped digit, [x0, y0, x1, y1, …], in each space. */
  maps: { pixel: Float32Array; feature: Float32Array };
  pairs: number;
  /** Start-up time of each stage, ms. */
  timings: { load: number; features: number; pairs: number; pca: number };
  analyse(anchor: Float32Array, anchorIndex: number | null, t: Transform): Analysis;
  nnAccuracy(t: Transform, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<NnResult>;
  numTensors(): number;
  dispose(): void;
}

/** Lets the browser paint and handle input between slices of a long computation. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const SLICE_MS = 30;

let netLoading: Promise<FeatureNet> | null = null;
/** The cnn's feature net, fetched and built once per page; a failed load is forgotten (retry refetches). */
function loadFeatureNet(): Promise<FeatureNet> {
  netLoading ??= (async () => {
    const { artifacts } = await loadModelArtifacts('cnn');
    return featureNetFromArtifacts(artifacts as Artifacts);
  })();
  netLoading.catch(() => (netLoading = null));
  return netLoading;
}

function argmax(p: ArrayLike<number>, from: number, k: number): Prediction {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[from + j]! > p[from + best]!) best = j;
  return { label: best, confidence: p[from + best]! };
}

/** The upper triangle of an n × n matrix of squared distances, square-rooted and sorted. */
function sortedUpper(sq: Float32Array, n: number): Float32Array {
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = Math.sqrt(sq[i * n + j]!);
  return out.sort();
}

export async function createEngine(
  preferred: BackendName | null,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<Engine> {
  const check = () => {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
  };
  const tStart = performance.now();
  onProgress({ stage: 'loading TensorFlow.js, the model and the digits', fraction: 0.02 });
  const [{ backend, fallbackReason }, digits] = await Promise.all([loadTf(preferred), loadDigits()]);
  const net = await loadFeatureNet();
  check();
  const N = digits.count;
  let units = 0;
  const predictions = new Uint8Array(N);
  let features = new Float32Array(0);

  const timings = { load: performance.now() - tStart, features: 0, pairs: 0, pca: 0 };
  const t0 = performance.now();
  // 1. Feature vectors and predictions of every shipped digit, in batches.
  const BATCH = 200;
  for (let start = 0; start < N; start += BATCH) {
    const size = Math.min(BATCH, N - start);
    const [fT, pT] = tf.tidy(() => {
      const f = net.features(tf.tensor4d(digits.pixels.subarray(start * P, (start + size) * P), [size, 28, 28, 1]));
      return [f, tf.argMax(net.head(f), 1)];
    });
    const [f, p] = await Promise.all([fT.data(), pT.data()]).finally(() => {
      fT.dispose();
      pT.dispose();
    });
    if (!units) {
      units = fT.shape[1]!;
      features = new Float32Array(N * units);
    }
    features.set(f as Float32Array, start * units);
    predictions.set(p as Int32Array, start);
    onProgress({
      stage: 'computing the feature vectors of the held-out digits',
      fraction: 0.05 + (0.3 * (start + size)) / N,
    });
    check();
    await yieldToBrowser();
  }
  const F = units;

  timings.features = performance.now() - t0;
  const t1 = performance.now();
  // 2. All pairwise distances, sorted, in each space.
  const sortedPairs = async (data: Float32Array, d: number): Promise<Float32Array> => {
    const sqT = tf.tidy(() => {
      const x = tf.tensor2d(data, [N, d]);
      return pairwiseSqDistances(x, x);
    });
    const sq = (await sqT.data().finally(() => sqT.dispose())) as Float32Array;
    await yieldToBrowser();
    return sortedUpper(sq, N);
  };
  onProgress({ stage: 'measuring all pairs of digits in pixel space', fraction: 0.4 });
  const sortedPixel = await sortedPairs(digits.pixels, P);
  check();
  onProgress({ stage: 'measuring all pairs of digits in feature space', fraction: 0.5 });
  await yieldToBrowser();
  const sortedFeature = await sortedPairs(features, F);
  check();

  // 3. PCA in each space, a few power iterations per slice. In pixel space the covariance (784 × 784)
  // is formed first by one matrix product, so that each iteration costs 784² instead of 2 · 800 · 784.
  const runPca = async (
    steps: Generator<number, Pca2, void>,
    from: number,
    to: number,
    what: string,
  ): Promise<Pca2> => {
    for (;;) {
      const t0 = performance.now();
      let r = steps.next();
      while (!r.done && performance.now() - t0 < SLICE_MS) r = steps.next();
      if (r.done) return r.value;
      onProgress({
        stage: `principal component analysis in ${what} space`,
        fraction: from + ((to - from) * Math.min(r.value, 150)) / 150,
      });
      check();
      await yieldToBrowser();
    }
  };
  timings.pairs = performance.now() - t1;
  onProgress({ stage: 'principal component analysis in pixel space', fraction: 0.58 });
  await yieldToBrowser();
  const pixelMean = columnMeans(digits.pixels, N, P);
  const covT = tf.tidy(() => {
    const xc = tf.sub(tf.tensor2d(digits.pixels, [N, P]), tf.tensor1d(pixelMean));
    // An explicit transpose: matMul's transposeA flag is about 15 times slower on the wasm backend.
    return tf.div(tf.matMul(tf.transpose(xc), xc), N);
  });
  const cov = (await covT.data().finally(() => covT.dispose())) as Float32Array;
  const t2 = performance.now();
  const PCA_OPTIONS = { maxIter: 400, tol: 1e-11 };
  const pcaPixel = await runPca(pca2FromCovariance(cov, P, pixelMean, PCA_OPTIONS), 0.6, 0.9, 'pixel');
  const pcaFeature = await runPca(pca2Steps(features, N, F, PCA_OPTIONS), 0.9, 0.97, 'feature');
  timings.pca = performance.now() - t2;
  const maps = { pixel: projectAll(pcaPixel, digits.pixels, N), feature: projectAll(pcaFeature, features, N) };

  // 4. The accuracy run's reference half, kept as tensors.
  const { refs, queries } = referenceQuerySplit(N);
  const refLabels = refs.map((i) => digits.labels[i]!);
  const refPixT = tf.tensor2d(gatherRows(digits.pixels, P, refs), [refs.length, P]);
  const refFeatT = tf.tensor2d(gatherRows(features, F, refs), [refs.length, F]);
  onProgress({ stage: 'ready', fraction: 1 });

  const distances = (pixel: number, feature: number): PairDistances => ({
    pixel,
    feature,
    pixelPercentile: percentileOf(sortedPixel, pixel),
    featurePercentile: percentileOf(sortedFeature, feature),
  });

  let lookalikeCache: { key: string; index: number } | null = null;

  function analyse(anchor: Float32Array, anchorIndex: number | null, t: Transform): Analysis {
    const t0 = performance.now();
    const copy = transformDigit(anchor, t);
    // Model outputs for anchor and copy (the look-alike's come from the start-up pass, but its
    // feature vector is read from `features`).
    const out = tf.tidy(() => {
      const x = tf.tensor4d(new Float32Array([...anchor, ...copy]), [2, 28, 28, 1]);
      const f = net.features(x);
      return tf.concat([f, tf.softmax(net.head(f))], 1).dataSync() as Float32Array;
    });
    const width = F + 10;
    const fa = out.subarray(0, F),
      fc = out.subarray(width, width + F);
    const anchorPred = argmax(out, F, 10),
      copyPred = argmax(out, width + F, 10);
    const anchorClass = anchorIndex === null ? anchorPred.label : digits.labels[anchorIndex]!;
    const key = `${anchorIndex ?? 'drawn'}:${anchorClass}:${anchorIndex === null ? Array.from(anchor.subarray(0, P), (v) => Math.round(v * 255)).join(',') : ''}`;
    if (lookalikeCache?.key !== key) {
      const index = nearestRow(
        anchor,
        digits.pixels,
        N,
        P,
        (j) => j === anchorIndex || digits.labels[j] === anchorClass,
      ).index;
      lookalikeCache = { key, index };
    }
    const li = lookalikeCache.index;
    const lookalike = Float32Array.from(digitPixels(digits, li));
    const fl = row(features, F, li);
    const lookalikeProbs = tf.tidy(() => tf.softmax(net.head(tf.tensor2d(fl, [1, F]))).dataSync() as Float32Array);
    return {
      anchorIndex,
      anchorClass,
      anchor,
      copy,
      lookalikeIndex: li,
      lookalike,
      predictions: { anchor: anchorPred, copy: copyPred, lookalike: argmax(lookalikeProbs, 0, 10) },
      copyDistances: distances(l2(anchor, copy), l2(fa, fc)),
      lookalikeDistances: distances(l2(anchor, lookalike), l2(fa, fl)),
      points: {
        pixel: [project(pcaPixel, anchor), project(pcaPixel, copy), project(pcaPixel, lookalike)],
        feature: [project(pcaFeature, fa), project(pcaFeature, fc), project(pcaFeature, fl)],
      },
      ms: performance.now() - t0,
    };
  }

  const nnCache = new Map<string, NnResult>();

  async function nnAccuracy(t: Transform, abort: AbortSignal, report?: (fraction: number) => void): Promise<NnResult> {
    const key = JSON.stringify(t.noise > 0 ? t : { ...t, seed: 0 });
    const cached = nnCache.get(key);
    if (cached) return cached;
    const t0 = performance.now();
    let pixelRight = 0,
      featureRight = 0;
    let batch = 50;
    for (let start = 0; start < queries.length;) {
      if (abort.aborted) throw new DOMException('cancelled', 'AbortError');
      const s0 = performance.now();
      const size = Math.min(batch, queries.length - start);
      const q = new Float32Array(size * P);
      for (let k = 0; k < size; k++) {
        const i = queries[start + k]!;
        q.set(transformDigit(digitPixels(digits, i), t, 28, t.seed + i), k * P);
      }
      const [pixT, featT] = tf.tidy(() => {
        const x = tf.tensor2d(q, [size, P]);
        return [nearestIndices(x, refPixT), nearestIndices(net.features(tf.reshape(x, [size, 28, 28, 1])), refFeatT)];
      });
      const [pi, fi] = await Promise.all([pixT.data(), featT.data()]).finally(() => {
        pixT.dispose();
        featT.dispose();
      });
      for (let k = 0; k < size; k++) {
        const label = digits.labels[queries[start + k]!]!;
        if (refLabels[pi[k]!] === label) pixelRight++;
        if (refLabels[fi[k]!] === label) featureRight++;
      }
      start += size;
      report?.(start / queries.length);
      const ms = performance.now() - s0;
      batch = Math.max(10, Math.min(200, Math.round((size * SLICE_MS) / Math.max(ms, 1))));
      await yieldToBrowser();
    }
    const result = {
      pixel: pixelRight / queries.length,
      feature: featureRight / queries.length,
      queries: queries.length,
      references: refs.length,
      ms: performance.now() - t0,
    };
    if (nnCache.size > 200) nnCache.clear();
    nnCache.set(key, result);
    return result;
  }

  return {
    backend,
    fallbackReason,
    digits,
    units: F,
    predictions,
    pca: { pixel: pcaPixel, feature: pcaFeature },
    maps,
    pairs: sortedPixel.length,
    timings,
    analyse,
    nnAccuracy,
    numTensors: () => tf.memory().numTensors,
    dispose() {
      refPixT.dispose();
      refFeatT.dispose();
    },
  };
}
