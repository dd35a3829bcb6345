import { describe, expect, it } from 'vitest';
import {
  columnMeans,
  gatherRows,
  pca2FromCovariance,
  l2,
  nearestRow,
  pairCount,
  pca2,
  percentileOf,
  project,
  projectAll,
  referenceQuerySplit,
  sortedPairDistances,
} from './geometry.ts';
import { mulberry32 } from '../rng.ts';

const random = (n: number, seed = 1) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r());
};

describe('distances', () => {
  it('l2 is the Euclidean norm of the difference', () => {
    expect(l2([0, 0], [3, 4])).toBe(5);
    expect(l2([1, 2, 3], [1, 2, 3])).toBe(0);
  });

  it('all pairwise distances, sorted, match a plain double loop', () => {
    const n = 9,
      d = 5;
    const data = random(n * d);
    const plain: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (data[i * d + k]! - data[j * d + k]!) ** 2;
        plain.push(Math.sqrt(s));
      }
    plain.sort((a, b) => a - b);
    const got = sortedPairDistances(data, n, d);
    expect(got.length).toBe(pairCount(n));
    got.forEach((v, i) => expect(v).toBeCloseTo(plain[i]!, 5));
  });

  it('percentile rank: share below, ties counted half', () => {
    const sorted = [1, 2, 3, 4];
    expect(percentileOf(sorted, 0)).toBe(0);
    expect(percentileOf(sorted, 10)).toBe(100);
    expect(percentileOf(sorted, 2.5)).toBe(50);
    expect(percentileOf(sorted, 2)).toBe(37.5);
    expect(percentileOf([5, 5, 5, 5], 5)).toBe(50);
  });

  it('finds the nearest row, skipping the excluded ones', () => {
    const refs = Float32Array.from([0, 0, 5, 5, 1, 1, 9, 9]);
    expect(nearestRow([0.9, 0.8], refs, 4, 2)).toEqual({ index: 2, distance: expect.closeTo(Math.hypot(0.1, 0.2), 6) });
    expect(nearestRow([0.9, 0.8], refs, 4, 2, (j) => j === 2).index).toBe(0);
    expect(nearestRow([0.9, 0.8], refs, 4, 2, () => true).index).toBe(-1);
  });

  it('splits into an even reference half and an odd query half, and gathers rows', () => {
    expect(referenceQuerySplit(5)).toEqual({ refs: [0, 2, 4], queries: [1, 3] });
    expect(Array.from(gatherRows(Float32Array.from([0, 1, 2, 3, 4, 5]), 2, [2, 0]))).toEqual([4, 5, 0, 1]);
  });
});

describe('PCA', () => {
  it('recovers the principal axes and variances of a known small matrix', () => {
    // Points ±(3, 0, 0) and ±(0, 1, 0) about the mean (1, 1, 1): covariance diag(4.5, 0.5, 0), axes x then y.
    const data = Float32Array.from([4, 1, 1, -2, 1, 1, 1, 2, 1, 1, 0, 1]);
    const p = pca2(data, 4, 3);
    expect(Array.from(p.mean)).toEqual([1, 1, 1]);
    expect(p.variances[0]).toBeCloseTo(4.5, 6);
    expect(p.variances[1]).toBeCloseTo(0.5, 6);
    expect(p.totalVariance).toBeCloseTo(5, 6);
    expect(Array.from(p.components[0]).map((v) => Math.abs(v))).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(0, 6),
      expect.closeTo(0, 6),
    ]);
    expect(Array.from(p.components[1]).map((v) => Math.abs(v))).toEqual([
      expect.closeTo(0, 6),
      expect.closeTo(1, 6),
      expect.closeTo(0, 6),
    ]);
    expect(project(p, [4, 1, 1])[0]).toBeCloseTo(3, 5);
  });

  it('matches the eigenvectors of a correlated 2-D covariance [[2, 1], [1, 2]] (axes along (1, 1) and (1, −1))', () => {
    // Four points whose covariance (divisor n) is [[2, 1], [1, 2]]: eigenvalues 3 and 1.

    const u = [Math.SQRT1_2, Math.SQRT1_2],
      v = [Math.SQRT1_2, -Math.SQRT1_2];
    const a = Math.sqrt(6),
      b = Math.sqrt(2); // ±a along u gives variance a²/2 = 3; ±b along v gives 1
    const pts = [
      [a * u[0]!, a * u[1]!],
      [-a * u[0]!, -a * u[1]!],
      [b * v[0]!, b * v[1]!],
      [-b * v[0]!, -b * v[1]!],
    ];

    const p = pca2(Float32Array.from(pts.flat()), 4, 2);
    expect(p.variances[0]).toBeCloseTo(3, 5);
    expect(p.variances[1]).toBeCloseTo(1, 5);
    expect(Math.abs(p.components[0][0]!)).toBeCloseTo(Math.SQRT1_2, 5);
    expect(p.components[0][0]! * p.components[0][1]!).toBeGreaterThan(0);
    expect(p.components[1][0]! * p.components[1][1]!).toBeLessThan(0);
  });

  it('gives the same components from an explicit covariance matrix', () => {
    const n = 50,
      d = 4;
    const r = mulberry32(8);
    const data = Float32Array.from({ length: n * d }, (_, i) => r() * (1 + (i % d)));
    const want = pca2(data, n, d);
    const mean = columnMeans(data, n, d);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          cov[j * d + k]! += ((data[i * d + j]! - mean[j]!) * (data[i * d + k]! - mean[k]!)) / n;
    const steps = pca2FromCovariance(cov, d, mean);
    let res = steps.next();
    while (!res.done) res = steps.next();
    const got = res.value;
    expect(got.variances[0]).toBeCloseTo(want.variances[0], 6);
    expect(got.variances[1]).toBeCloseTo(want.variances[1], 6);
    expect(got.totalVariance).toBeCloseTo(want.totalVariance, 6);
    for (let c = 0; c < 2; c++) got.components[c]!.forEach((v, k) => expect(v).toBeCloseTo(want.components[c]![k]!, 4));
  });

  it('projections are centred, uncorrelated, with the variances found', () => {
    const n = 200,
      d = 6;
    const r = mulberry32(3);
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = r() * 4 - 2,
        t = r() - 0.5;
      for (let k = 0; k < d; k++) data[i * d + k] = s * (k + 1) * 0.3 + t * (k % 2 ? 1 : -1) + (r() - 0.5) * 0.01;
    }
    const p = pca2(data, n, d);
    const xy = projectAll(p, data, n);
    let mx = 0,
      my = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (let i = 0; i < n; i++) {
      mx += xy[2 * i]! / n;
      my += xy[2 * i + 1]! / n;
    }
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i]! - mx,
        y = xy[2 * i + 1]! - my;
      sxx += (x * x) / n;
      syy += (y * y) / n;
      sxy += (x * y) / n;
    }
    expect(mx).toBeCloseTo(0, 4);
    expect(sxx).toBeCloseTo(p.variances[0], 3);
    expect(syy).toBeCloseTo(p.variances[1], 3);
    expect(Math.abs(sxy)).toBeLessThan(1e-3);
    expect(p.variances[0] + p.variances[1]).toBeLessThanOrEqual(p.totalVariance + 1e-6);
  });
});
