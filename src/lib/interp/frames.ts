/**
 * Figure 3.x's interpolation between two held-out digits a and b, two ways:
 *   - a pixel cross-fade, x(t) = (1 − t)·x_a + t·x_b, a straight line in pixel space;
 *   - a latent walk, z(t) = (1 − t)·μ_a + t·μ_b between the VAE encoder's means of the two digits,
 *     each point decoded (the decoder's pixel probabilities).
 * Each frame is measured by its L2 distance, in grey levels in [0, 1] (byte / 255; the decoder's
 * probabilities as they are), to the nearest shipped held-out digit other than a and b: how far the
 * frame is from anything real.
 */
export const FRAMES = 7;
const P = 784;

/** The frames' t: 0, 1/(n − 1), …, 1. */
export const frameTimes = (n = FRAMES): number[] => Array.from({ length: n }, (_, i) => i / (n - 1));

/** The frame of a t slider: the nearest of the n evenly spaced frames. */
export const frameAt = (t: number, n = FRAMES): number =>
  Math.min(n - 1, Math.max(0, Math.round((Number.isFinite(t) ? t : 0) * (n - 1))));

/** Pixel cross-fades of a and b at each t, frame after frame. */
export function crossFades(a: ArrayLike<number>, b: ArrayLike<number>, times: readonly number[]): Float32Array {
  const out = new Float32Array(times.length * P);
  times.forEach((t, f) => {
    for (let i = 0; i < P; i++) out[f * P + i] = (1 - t) * a[i]! + t * b[i]!;
  });
  return out;
}

/** Points of the straight line from za to zb (any dimension) at each t, flattened. */
export function latentLine(za: readonly number[], zb: readonly number[], times: readonly number[]): Float32Array {
  const d = za.length;
  const out = new Float32Array(times.length * d);
  times.forEach((t, f) => {
    for (let j = 0; j < d; j++) out[f * d + j] = (1 - t) * za[j]! + t * zb[j]!;
  });
  return out;
}

export interface Nearest {
  /** Index of the nearest digit in the set; −1 if every digit was excluded. */
  index: number;
  distance: number;
}

/**
 * The digit of `set` (count × 784 grey levels) nearest `image` in L2, skipping the indices in
 * `exclude` (the two endpoints: a cross-fade's first frame would otherwise find itself at 0).
 */
export function nearestReal(image: ArrayLike<number>, set: Float32Array, exclude: readonly number[]): Nearest {
  const count = Math.floor(set.length / P);
  let best = -1;
  let bestSq = Infinity;
  for (let k = 0; k < count; k++) {
    if (exclude.includes(k)) continue;
    let sq = 0;
    const o = k * P;
    for (let i = 0; i < P && sq < bestSq; i++) {
      const d = image[i]! - set[o + i]!;
      sq += d * d;
    }
    if (sq < bestSq) {
      bestSq = sq;
      best = k;
    }
  }
  return { index: best, distance: best < 0 ? Infinity : Math.sqrt(bestSq) };
}

/** `nearestReal` for each frame of `frames` (frame after frame). */
export function nearestForFrames(frames: Float32Array, set: Float32Array, exclude: readonly number[]): Nearest[] {
  return Array.from({ length: frames.length / P }, (_, f) =>
    nearestReal(frames.subarray(f * P, (f + 1) * P), set, exclude),
  );
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
