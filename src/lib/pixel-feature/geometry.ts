/**
 * Plain-array geometry for the pixel-vs-feature figure: Euclidean (L2) distances, the distribution of
 * all pairwise distances of a set (for percentiles), nearest neighbours, and a two-component PCA.
 * Rows are stored one after another in a Float32Array ("n × d, row-major"). Pure: no DOM, no tensors.
 */

/** ‖a − b‖₂ over the first `d` entries (all of them by default). */
export function l2(a: ArrayLike<number>, b: ArrayLike<number>, d = a.length): number {
  let s = 0;
  for (let i = 0; i < d; i++) {
    const t = a[i]! - b[i]!;
    s += t * t;
  }
  return Math.sqrt(s);
}

/** Row i of an n × d matrix (a view). */
export const row = (data: Float32Array, d: number, i: number) => data.subarray(i * d, (i + 1) * d);

/**
 * The n(n−1)/2 distances between all pairs of rows of `data` (n × d), rows [from, to) of the upper
 * triangle only, so a long job can be cut into slices. Appends to `out` starting at `offset` and
 * returns the new offset. `pairCount(n)` gives the size `out` needs for all rows.
 */
export function pairDistancesRows(
  data: Float32Array,
  n: number,
  d: number,
  from: number,
  to: number,
  out: Float32Array,
  offset: number,
): number {
  let k = offset;
  for (let i = from; i < to; i++) {
    const a = row(data, d, i);
    for (let j = i + 1; j < n; j++) out[k++] = l2(a, row(data, d, j), d);
  }
  return k;
}

export const pairCount = (n: number) => (n * (n - 1)) / 2;

/** All pairwise distances of the rows, sorted ascending (for percentileOf). */
export function sortedPairDistances(data: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(pairCount(n));
  pairDistancesRows(data, n, d, 0, n, out, 0);
  return out.sort();
}

/**
 * Percentile rank of `value` among the sorted values: the share (0 to 100) strictly below it, plus
 * half of those equal (the "mid-rank" definition, so that a value drawn from the set lands in the middle).
 */
export function percentileOf(sorted: ArrayLike<number>, value: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  let lo = 0,
    hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  let eq = lo;
  while (eq < n && sorted[eq] === value) eq++;
  return (100 * (lo + (eq - lo) / 2)) / n;
}

/** Index of the row of `refs` (m × d) nearest to `query`, skipping rows where `skip(j)` is true; −1 if none. */
export function nearestRow(
  query: ArrayLike<number>,
  refs: Float32Array,
  m: number,
  d: number,
  skip?: (j: number) => boolean,
): { index: number; distance: number } {
  let best = -1,
    bestD = Infinity;
  for (let j = 0; j < m; j++) {
    if (skip?.(j)) continue;
    let s = 0;
    const off = j * d;
    for (let i = 0; i < d; i++) {
      const t = query[i]! - refs[off + i]!;
      s += t * t;
      if (s >= bestD) break;
    }
    if (s < bestD) {
      bestD = s;
      best = j;
    }
  }
  return { index: best, distance: Math.sqrt(bestD) };
}

export interface Pca2 {
  d: number;
  mean: Float32Array;
  /** Two unit-length principal directions, each d long. */
  components: [Float32Array, Float32Array];
  /** Variance along each direction (eigenvalues of the covariance, divisor n). */
  variances: [number, number];
  /** Total variance (trace of the covariance). */
  totalVariance: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * The first two principal components of the rows of `data` (n × d): the top eigenvectors of the
 * covariance C = (1/n) Σ (xᵢ − μ)(xᵢ − μ)ᵀ, by block power (subspace) iteration with Gram–Schmidt,
 * never forming C (each step is two passes over the data). Deterministic start; the sign of each
 * component is fixed so that its largest entry in absolute value is positive.
 */
export function pca2(data: Float32Array, n: number, d: number, options: { maxIter?: number; tol?: number } = {}): Pca2 {
  return runToEnd(pca2Steps(data, n, d, options));
}

function runToEnd<T>(steps: Generator<number, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Mean of the rows of an n × d matrix. */
export function columnMeans(data: Float32Array, n: number, d: number): Float32Array {
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sum[k] = sum[k]! + data[i * d + k]!;
  return Float32Array.from(sum, (v) => v / n);
}

/**
 * pca2 one iteration at a time, so that a figure can spread the work over several frames: yields the
 * iteration number after each step and returns the result.
 */
export function* pca2Steps(
  data: Float32Array,
  n: number,
  d: number,
  options: { maxIter?: number; tol?: number } = {},
): Generator<number, Pca2, void> {
  const mean = columnMeans(data, n, d);
  const centred = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const v = data[i * d + k]! - mean[k]!;
      centred[i * d + k] = v;
      total += v * v;
    }
  }
  // C v = (1/n) Xcᵀ (Xc v)
  const apply = (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * d;
      for (let k = 0; k < d; k++) s += centred[off + k]! * v[k]!;
      if (s !== 0) for (let k = 0; k < d; k++) out[k] = out[k]! + s * centred[off + k]!;
    }
    for (let k = 0; k < d; k++) out[k] = out[k]! / n;
    return out;
  };
  return yield* topTwoEigen(apply, d, mean, total / n, options);
}

/**
 * The same from an explicit covariance matrix `cov` (d × d, symmetric, row-major), e.g. one formed by
 * a fast matrix product: each step then costs d² instead of 2nd.
 */
export function* pca2FromCovariance(
  cov: ArrayLike<number>,
  d: number,
  mean: Float32Array,
  options: { maxIter?: number; tol?: number } = {},
): Generator<number, Pca2, void> {
  let total = 0;
  for (let k = 0; k < d; k++) total += cov[k * d + k]!;
  const apply = (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let s = 0;
      const off = r * d;
      for (let k = 0; k < d; k++) s += cov[off + k]! * v[k]!;
      out[r] = s;
    }
    return out;
  };
  return yield* topTwoEigen(apply, d, mean, total, options);
}

/**
 * The two leading eigenvectors of the symmetric positive semi-definite operator `apply` by block power
 * iteration with Gram–Schmidt. `tol` bounds 1 − |cos| between successive directions (1e-13: about
 * 5·10⁻⁷ radians).
 */
function* topTwoEigen(
  apply: (v: Float64Array) => Float64Array,
  d: number,
  mean: Float32Array,
  totalVariance: number,
  { maxIter = 500, tol = 1e-13 }: { maxIter?: number; tol?: number },
): Generator<number, Pca2, void> {
  const normalise = (v: Float64Array) => {
    const s = Math.sqrt(dot(v, v)) || 1;
    for (let k = 0; k < d; k++) v[k] = v[k]! / s;
    return v;
  };
  const orthogonalise = (v: Float64Array, u: Float64Array) => {
    const p = dot(v, u);
    for (let k = 0; k < d; k++) v[k] = v[k]! - p * u[k]!;
    return normalise(v);
  };
  let a = normalise(Float64Array.from({ length: d }, (_, k) => 1 + ((k * 7919) % 13) / 13));
  let b = orthogonalise(
    Float64Array.from({ length: d }, (_, k) => ((k * 104729) % 17) / 17 - 0.5),
    a,
  );
  for (let it = 0; it < maxIter; it++) {
    const a2 = normalise(apply(a));
    const b2 = orthogonalise(apply(b), a2);
    const change = Math.abs(1 - Math.abs(dot(a, a2))) + Math.abs(1 - Math.abs(dot(b, b2)));
    a = a2;
    b = b2;
    if (change < tol) break;
    yield it + 1;
  }
  const fixSign = (v: Float64Array) => {
    let m = 0;
    for (let k = 1; k < d; k++) if (Math.abs(v[k]!) > Math.abs(v[m]!)) m = k;
    const s = v[m]! < 0 ? -1 : 1;
    return Float32Array.from(v, (x) => s * x);
  };
  return {
    d,
    mean,
    components: [fixSign(a), fixSign(b)],
    variances: [dot(a, apply(a)), dot(b, apply(b))],
    totalVariance,
  };
}

/** Coordinates of `x` on the two principal components. */
export function project(p: Pca2, x: ArrayLike<number>): [number, number] {
  let s0 = 0,
    s1 = 0;
  for (let k = 0; k < p.d; k++) {
    const v = x[k]! - p.mean[k]!;
    s0 += v * p.components[0][k]!;
    s1 += v * p.components[1][k]!;
  }
  return [s0, s1];
}

/** Coordinates of every row of `data` (n × d), as one [x0, y0, x1, y1, …] array. */
export function projectAll(p: Pca2, data: Float32Array, n: number): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) out.set(project(p, row(data, p.d, i)), 2 * i);
  return out;
}

/**
 * The nearest-neighbour experiment's split of the shipped digits: even positions are the reference
 * half, odd positions the query half (the digits are stored in a seeded random order, so both halves
 * hold every class in about the same proportion).
 */
export function referenceQuerySplit(count: number): { refs: number[]; queries: number[] } {
  const refs: number[] = [],
    queries: number[] = [];
  for (let i = 0; i < count; i++) (i % 2 === 0 ? refs : queries).push(i);
  return { refs, queries };
}

/** Rows `indices` of an n × d matrix, copied into a new |indices| × d matrix. */
export function gatherRows(data: Float32Array, d: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * d);
  indices.forEach((i, k) => out.set(row(data, d, i), k * d));
  return out;
}
