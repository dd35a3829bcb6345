/**
 * Random images: 28 × 28 pictures whose 784 pixels are drawn independently and uniformly from the 256
 * grey levels a digit file can hold (the "static" of chapter 1). Batch b of seed s is always the same
 * images, so a link that says "3,000 images" shows the same three thousand.
 */
import { mulberry32 } from '../rng.ts';

export const PIXELS = 784;
/** Images per "draw 1,000 more". */
export const NOISE_BATCH = 1000;
/** Noise images shown in the grid (the first of batch 1). */
export const GRID_SIZE = 8;
/** A model "calls it a digit" when its top class has at least this probability. */
export const CONFIDENT = 0.9;

/** The generator of batch `batch` (1, 2, …) for seed `seed`. */
const batchRng = (seed: number, batch: number) => mulberry32((seed * 0x9e3779b1 + batch * 0x85ebca6b) >>> 0);

/** Images `from` to `from + count − 1` of a batch, [count × 784] in [0, 1]. */
export function noiseImages(seed: number, batch: number, from: number, count: number): Float32Array {
  const rng = batchRng(seed, batch);
  for (let i = 0; i < from * PIXELS; i++) rng();
  const out = new Float32Array(count * PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rng() * 256) / 255;
  return out;
}

/** Squared distance from a uniform noise image to an image x: E = Σ (1/3 − xᵢ + xᵢ²) for continuous noise. */
export function expectedSqDistanceToImage(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += 1 / 3 - x[i]! + x[i]! * x[i]!;
  return s;
}
