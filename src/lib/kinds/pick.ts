/**
 * Choosing the figure's two real examples from the held-out digits: a negative (a random digit of
 * another class) and a hard negative (the digit of another class nearest to the original in the
 * model's feature space, as hard negative mining would pick it).
 */
import { mulberry32, randomInt } from '../rng.ts';
import { nearestRow } from '../pixel-feature/geometry.ts';

/** Seed for (figure seed, original): the same link gives the same negative, another digit another one. */
export function negativeSeed(seed: number, original: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((original + 1) >>> 0, 0x85ebca6b)) >>> 0;
}

/**
 * A uniformly random held-out digit whose label is not `cls`, from a generator seeded with
 * `negativeSeed(seed, original)` (original: the original's index, or −1 for a drawing).
 */
export function randomNegative(labels: ArrayLike<number>, cls: number, seed: number, original: number): number {
  const others: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== cls) others.push(i);
  if (!others.length) throw new Error(`no held-out digit of a class other than ${cls}`);
  return others[randomInt(mulberry32(negativeSeed(seed, original)), others.length)]!;
}

/**
 * The hard negative: among the n rows of `features` (n × d) whose label is not `cls`, the one nearest
 * to `query` in Euclidean distance. Returns its index and that distance.
 */
export function hardNegative(
  query: ArrayLike<number>,
  features: Float32Array,
  labels: ArrayLike<number>,
  d: number,
  cls: number,
): { index: number; distance: number } {
  const n = labels.length;
  const best = nearestRow(query, features, n, d, (j) => labels[j] === cls);
  if (best.index < 0) throw new Error(`no held-out digit of a class other than ${cls}`);
  return best;
}
