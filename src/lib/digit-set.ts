/**
 * A set of decoded digits and access to one of them. Apart from src/lib/digits.ts (which decodes and
 * validates the shipped files with zod), so that the figures' controls can show digits without
 * putting the validator in their start-up path.
 */
export interface DigitSet {
  count: number;
  width: number;
  height: number;
  /** Pixels in [0, 1], digit after digit: [count × height × width]. */
  pixels: Float32Array;
  labels: Uint8Array;
  /** Each digit's position in the split's 2,000 held-out digits (digits.json), when known. */
  heldOutPositions?: readonly number[];
}

/** The pixels of digit i (a view, not a copy). */
export function digitPixels(set: DigitSet, i: number): Float32Array {
  const n = set.width * set.height;
  return set.pixels.subarray(i * n, (i + 1) * n);
}
