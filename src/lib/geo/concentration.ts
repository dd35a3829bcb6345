/**
 * Distances between uniform random points of the cube [0, 1]ᴰ concentrate (chapter 1, "random points
 * are all about equally far apart"). For one coordinate, w = uᵢ − vᵢ has the triangular density
 * 1 − |w| on [−1, 1], so E w² = 1/6 and E w⁴ = 1/15, Var w² = 1/15 − 1/36 = 7/180. Summing D
 * independent terms: E‖u − v‖² = D/6 and sd ‖u − v‖² = √(7D/180). For the distance itself the delta
 * method gives sd ‖u − v‖ → √(7D/180) / (2√(D/6)) = √(7/120) ≈ 0.2415 (not √(7/180)), and
 * E‖u − v‖ = √(D/6 − Var‖u − v‖) ≈ √(D/6 − 7/120). Small D have exact laws: D = 1, density 2(1 − t)
 * on [0, 1]; D = 2, the unit-square line-picking density (Weisstein, MathWorld "Square Line Picking").
 *
 * The sampler draws n points and accumulates all n(n − 1)/2 squared distances over blocks of
 * coordinates, so that memory stays n × block and each block is a natural slice of work.
 */
import { mulberry32 } from '../rng.ts';

/** The dimensions the figure steps through: a line, a plane, 10, 100, an MNIST digit, an ImageNet photo. */
export const DIMENSIONS = [1, 2, 10, 100, 784, 150_528] as const;

/** Points per sample: 4,950 pairs, the same for every D and for the real digits. */
export const SAMPLE_POINTS = 100;

/** E‖u − v‖² = D/6. */
export const meanSqDistance = (D: number): number => D / 6;
/** sd ‖u − v‖² = √(7D/180). */
export const sdSqDistance = (D: number): number => Math.sqrt((7 * D) / 180);
/** The root-mean-square distance √(D/6): the figure's unit of distance. */
export const rmsDistance = (D: number): number => Math.sqrt(D / 6);
/** sd ‖u − v‖ for large D: √(7/120). */
export const DISTANCE_SD_LIMIT = Math.sqrt(7 / 120);
/** E‖u − v‖ for large D: √(D/6 − 7/120). */
export const meanDistanceApprox = (D: number): number => Math.sqrt(Math.max(0, D / 6 - 7 / 120));

/** Error function, Abramowitz and Stegun 7.1.26 (absolute error below 1.5 × 10⁻⁷). */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

const normalCdf = (x: number, mean: number, sd: number) => 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));

/** Exact density of the distance between two uniform points of the unit square. */
export function squareLineDensity(t: number): number {
  if (t <= 0 || t >= Math.SQRT2) return 0;
  if (t <= 1) return 2 * t * (t * t - 4 * t + Math.PI);
  return 2 * t * (4 * Math.sqrt(t * t - 1) - (t * t + 2 - Math.PI) - 4 * Math.acos(1 / t));
}

/**
 * P(‖u − v‖ ≤ t) for uniform u, v in [0, 1]ᴰ: exact for D = 1 (2t − t²) and D = 2 (the square's density
 * integrated in closed form: a slider step must not wait for a numerical integral), the normal
 * approximation N(√(D/6 − 7/120), 7/120) above.
 */
export function distanceCdf(D: number, t: number): number {
  if (t <= 0) return 0;
  if (D === 1) return t >= 1 ? 1 : 2 * t - t * t;
  if (D === 2) {
    if (t >= Math.SQRT2) return 1;
    const t2 = t * t;
    if (t <= 1) return Math.PI * t2 - (8 / 3) * t2 * t + (t2 * t2) / 2;
    return (
      1 / 3 +
      (Math.PI - 2) * t2 -
      (t2 * t2) / 2 +
      (4 / 3) * (2 * t2 + 1) * Math.sqrt(t2 - 1) -
      4 * t2 * Math.acos(1 / t)
    );
  }
  return normalCdf(t, meanDistanceApprox(D), DISTANCE_SD_LIMIT);
}

/** Shares of pairs expected in each bin [edges[i], edges[i + 1]) of distance ÷ √(D/6), from the closed form. */
export function expectedShares(D: number, edges: readonly number[]): number[] {
  const unit = rmsDistance(D);
  const out: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++)
    out.push(distanceCdf(D, edges[i + 1]! * unit) - distanceCdf(D, edges[i]! * unit));
  return out;
}

export interface DistanceSummary {
  pairs: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
  /** (max − min) / min: how much farther the farthest pair is than the nearest. */
  contrast: number;
}

/** Summary statistics of a set of distances. */
export function summarise(distances: ArrayLike<number>): DistanceSummary {
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    sq = 0;
  const n = distances.length;
  for (let i = 0; i < n; i++) {
    const d = distances[i]!;
    if (d < min) min = d;
    if (d > max) max = d;
    sum += d;
    sq += d * d;
  }
  const mean = sum / n;
  return {
    pairs: n,
    min,
    max,
    mean,
    sd: Math.sqrt(Math.max(0, sq / n - mean * mean)),
    contrast: min > 0 ? (max - min) / min : Infinity,
  };
}

/** The figure's bins: distance ÷ unit from 0 to `to`, `count` bins. */
export function binEdges(count = 50, to = 2.5): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (to * i) / count);
}

/** Counts of `distances ÷ unit` in the bins of `edges` (values past the last edge go in the last bin). */
export function histogram(distances: ArrayLike<number>, unit: number, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const lo = edges[0]!,
    width = (edges[bins]! - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < distances.length; i++) {
    const k = Math.floor((distances[i]! / unit - lo) / width);
    counts[Math.min(bins - 1, Math.max(0, k))]! += 1;
  }
  return counts;
}

/** Coordinates generated per slice of the sampler. */
export const BLOCK = 2048;

/**
 * All pairwise distances of `n` points drawn uniformly from [0, 1]ᴰ with a seeded generator, in
 * slices: it yields the fraction done after each block of coordinates and returns the n(n − 1)/2
 * distances (pair (i, j), i < j, in row order). Point i's coordinates in a block are drawn in order,
 * so the sample depends only on (D, n, seed), not on the block size.
 */
export function* uniformPairDistances(
  D: number,
  n: number,
  seed: number,
  block = BLOCK,
): Generator<number, Float64Array> {
  // One generator per point, so each point's coordinates form one stream whatever the block size.
  const streams = Array.from({ length: n }, (_, i) => mulberry32((seed * 1_000_003 + i * 7919) >>> 0));
  const sq = new Float64Array((n * (n - 1)) / 2);
  const chunk = new Float64Array(n * block);
  for (let start = 0; start < D; start += block) {
    const b = Math.min(block, D - start);
    for (let i = 0; i < n; i++) {
      const next = streams[i]!;
      for (let k = 0; k < b; k++) chunk[i * block + k] = next();
    }
    let p = 0;
    for (let i = 0; i < n; i++) {
      const oi = i * block;
      for (let j = i + 1; j < n; j++) {
        const oj = j * block;
        let s = 0;
        for (let k = 0; k < b; k++) {
          const w = chunk[oi + k]! - chunk[oj + k]!;
          s += w * w;
        }
        sq[p++]! += s;
      }
    }
    yield Math.min(1, (start + b) / D);
  }
  for (let p = 0; p < sq.length; p++) sq[p] = Math.sqrt(sq[p]!);
  return sq;
}

/** Runs a sliced generator to its end in one go (Node scripts, tests). */
export function runToEnd<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** All pairwise distances among the rows of `rows` (each `dim` values), pair (i, j), i < j, in row order. */
export function rowPairDistances(rows: Float32Array, count: number, dim: number): Float64Array {
  const out = new Float64Array((count * (count - 1)) / 2);
  let p = 0;
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const w = rows[i * dim + k]! - rows[j * dim + k]!;
        s += w * w;
      }
      out[p++] = Math.sqrt(s);
    }
  return out;
}
