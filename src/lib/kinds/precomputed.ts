/**
 * The three-kinds figure's precomputed results (src/widgets/three-kinds/static-example.json, made by
 * scripts/three-kinds/make-static.ts with the figure's own job): the job's answer without its images,
 * which the page takes from the held-out digits (the real examples) or from 8-bit base64 (the made one).
 */
import { decodePixels, encodePixels } from '../attack-lab/precomputed.ts';
import { digitPixels, type DigitSet } from '../digit-set.ts';
import type { Example, KindsResult } from './types.ts';

export type StoredExample = Omit<Example, 'pixels'> & { pixels?: string };
export type StoredResult = Omit<KindsResult, 'original' | 'negative' | 'hardNegative' | 'adversarial' | 'ms'> & {
  negative: StoredExample;
  hardNegative: StoredExample;
  /** With its image as base64 of one byte per pixel. */
  adversarial: StoredExample & { pixels: string };
};

/** The result as stored: real digits by index only, the made one's pixels in 8 bits. */
export function storeResult(r: KindsResult): StoredResult {
  const strip = ({ pixels: _pixels, ...rest }: Example): StoredExample => rest;
  return {
    model: r.model,
    space: r.space,
    digit: r.digit,
    originalClass: r.originalClass,
    originalAnswer: r.originalAnswer,
    seed: r.seed,
    negative: strip(r.negative),
    hardNegative: strip(r.hardNegative),
    adversarial: { ...strip(r.adversarial), pixels: encodePixels(r.adversarial.pixels) },
    target: r.target,
    search: r.search,
  };
}

/** The stored result as the live figure draws it (`ms` NaN: not measured on this page). */
export function restoreResult(s: StoredResult, digits: DigitSet): KindsResult | null {
  const fits = (i: number | null) => i !== null && i >= 0 && i < digits.count;
  if (!fits(s.digit) || !fits(s.negative.index) || !fits(s.hardNegative.index)) return null;
  const real = (e: StoredExample): Example => ({ ...e, pixels: Float32Array.from(digitPixels(digits, e.index!)) });
  return {
    ...s,
    original: Float32Array.from(digitPixels(digits, s.digit!)),
    negative: real(s.negative),
    hardNegative: real(s.hardNegative),
    adversarial: { ...s.adversarial, pixels: decodePixels(s.adversarial.pixels) },
    ms: Number.NaN,
  };
}
