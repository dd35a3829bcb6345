/**
 * Three simple models of binary 28 × 28 digits (pixels.ts), fitted by counting, and sampled pixel by
 * pixel in raster order, as figure 6.x "Four ways to sample a digit" shows them:
 *
 * 1. `histogram`: every pixel independently Bernoulli(p), p the share of lit pixels in all training
 *    digits (the data's overall pixel histogram, which for 0/1 pixels is one number);
 * 2. `marginal`: pixel i independently Bernoulli(pᵢ), pᵢ the share of training digits lit at i;
 * 3. `neighbours`: pixel i given its left and upper neighbours (0 outside the image),
 *    Bernoulli(pᵢ(left, up)): the chain rule P(x) = Πᵢ P(xᵢ | x<ᵢ) with each conditional cut down to
 *    two earlier pixels, a tiny autoregressive model.
 *
 * Every probability is a smoothed count (k + 1) / (n + 2) (Laplace's rule), so no held-out pixel gets
 * probability 0. Log-likelihoods are in nats per pixel; higher is better.
 */
import type { Rng } from '../rng.ts';
import { PIXELS, SIDE } from './pixels.ts';

export const PIXEL_MODELS = ['histogram', 'marginal', 'neighbours'] as const;
export type PixelModel = (typeof PIXEL_MODELS)[number];

export interface PixelTables {
  /** P(pixel lit), over all pixels of all training digits. */
  histogram: number;
  /** P(pixel i lit), i in raster order. */
  marginal: number[];
  /** P(pixel i lit | left, up) at 4·i + left + 2·up. */
  neighbours: number[];
}

/** Index of pixel i's context (left + 2·up) among its four, with 0 outside the image. */
function context(x: ArrayLike<number>, offset: number, i: number): number {
  const col = i % SIDE;
  const left = col > 0 ? x[offset + i - 1]! : 0;
  const up = i >= SIDE ? x[offset + i - SIDE]! : 0;
  return left + 2 * up;
}

const laplace = (k: number, n: number) => (k + 1) / (n + 2);

/** Fits the three tables to 0/1 digits (one after another, 784 each). */
export function fitPixelTables(x: Uint8Array): PixelTables {
  const n = x.length / PIXELS;
  const lit = new Float64Array(PIXELS);
  const seen = new Float64Array(4 * PIXELS);
  const litIn = new Float64Array(4 * PIXELS);
  let total = 0;
  for (let d = 0; d < n; d++) {
    const o = d * PIXELS;
    for (let i = 0; i < PIXELS; i++) {
      const v = x[o + i]!;
      const c = 4 * i + context(x, o, i);
      lit[i]! += v;
      seen[c]! += 1;
      litIn[c]! += v;
      total += v;
    }
  }
  return {
    histogram: laplace(total, n * PIXELS),
    marginal: Array.from(lit, (k) => laplace(k, n)),
    neighbours: Array.from(litIn, (k, c) => laplace(k, seen[c]!)),
  };
}

/** P(pixel i lit) under `model`, given the digit drawn or observed so far (raster order). */
function probability(t: PixelTables, model: PixelModel, x: ArrayLike<number>, offset: number, i: number): number {
  if (model === 'histogram') return t.histogram;
  if (model === 'marginal') return t.marginal[i]!;
  return t.neighbours[4 * i + context(x, offset, i)]!;
}

/** Mean log-likelihood per pixel (nats) of 0/1 digits under `model`. */
export function logLikelihoodPerPixel(t: PixelTables, model: PixelModel, x: Uint8Array): number {
  let sum = 0;
  const n = x.length / PIXELS;
  for (let d = 0; d < n; d++) {
    const o = d * PIXELS;
    for (let i = 0; i < PIXELS; i++) {
      const p = probability(t, model, x, o, i);
      sum += Math.log(x[o + i] ? p : 1 - p);
    }
  }
  return sum / (n * PIXELS);
}

/** One digit drawn from `model`, pixel by pixel in raster order (each draw sees the ones before it). */
export function samplePixels(t: PixelTables, model: PixelModel, rng: Rng): Uint8Array {
  const x = new Uint8Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) x[i] = rng() < probability(t, model, x, 0, i) ? 1 : 0;
  return x;
}
