/**
 * How the generation chapter treats a digit's pixels for every likelihood it quotes: each grey level
 * (byte / 255) becomes 1 at or above one half and 0 below (a fixed threshold, no random
 * binarisation), so all four samplers of figure 6.x are Bernoulli models of the same binary images
 * and their log-likelihoods in nats per pixel can be compared.
 */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const BINARY_THRESHOLD = 0.5;
export const PIXEL_TREATMENT =
  'pixels binarised by a fixed threshold: 1 where grey level / 255 ≥ 0.5, else 0; Bernoulli likelihood, natural log';

/** 0/1 pixels from grey levels in [0, 1]. */
export function binarize(grey: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) out[i] = grey[i]! >= BINARY_THRESHOLD ? 1 : 0;
  return out;
}
