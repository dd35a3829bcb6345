/**
 * Seeded pseudo-random numbers, so that every figure, split and training run can be replayed.
 *
 * `mulberry32` is Tommy Ettinger's 32-bit generator (public domain): one 32-bit state, period 2³²,
 * good enough for shuffles, noise and sampling (not for cryptography).
 */

/** A generator returning uniform floats in [0, 1). */
export type Rng = () => number;

/** Mulberry32: uniform floats in [0, 1) from a 32-bit integer seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform float in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Standard normal samples by the Box–Muller transform: z = √(−2 ln u₁) · cos(2π u₂).
 * Returns a sampler; it keeps the second value of each pair (sin branch) for the next call.
 */
export function gaussian(rng: Rng, mean = 0, sd = 1): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return mean + sd * z;
    }
    const u1 = 1 - rng(); // in (0, 1], keeps log finite
    const u2 = rng();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  };
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** A shuffled copy of `items`. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  return shuffleInPlace(rng, items.slice());
}

/** 0, 1, …, n−1 in a seeded random order. */
export function permutation(rng: Rng, n: number): number[] {
  return shuffleInPlace(
    rng,
    Array.from({ length: n }, (_, i) => i),
  );
}
