import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.ts';
import {
  DISTANCE_SD_LIMIT,
  binEdges,
  distanceCdf,
  erf,
  expectedShares,
  histogram,
  meanDistanceApprox,
  rmsDistance,
  rowPairDistances,
  runToEnd,
  sdSqDistance,
  squareLineDensity,
  summarise,
  uniformPairDistances,
} from './concentration.ts';

describe('closed forms for uniform points in [0, 1]ᴰ', () => {
  it('per coordinate: E w² = 1/6 and Var w² = 7/180 (checked by simulation, seeded)', () => {
    const rng = mulberry32(42);
    let s = 0,
      s2 = 0;
    const n = 400_000;
    for (let i = 0; i < n; i++) {
      const w = rng() - rng();
      s += w * w;
      s2 += w ** 4;
    }
    expect(s / n).toBeCloseTo(1 / 6, 3);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(7 / 180, 3);
  });

  it('the chapter numbers for D = 150,528', () => {
    expect(150_528 / 6).toBe(25_088);
    expect(sdSqDistance(150_528)).toBeCloseTo(76.51, 2);
    expect(rmsDistance(150_528)).toBeCloseTo(158.39, 2);
    // The sd of the distance is √(7/120) ≈ 0.2415, not √(7/180) ≈ 0.197.
    expect(DISTANCE_SD_LIMIT).toBeCloseTo(0.2415, 4);
  });

  it('erf agrees with known values', () => {
    expect(erf(0)).toBeCloseTo(0, 7);
    expect(erf(1)).toBeCloseTo(0.8427008, 6);
    expect(erf(-2)).toBeCloseTo(-0.9953223, 6);
  });

  it('D = 1 and D = 2 use the exact laws: means 1/3 and 0.5214, CDFs reach 1', () => {
    expect(distanceCdf(1, 1)).toBe(1);
    expect(distanceCdf(1, 0.5)).toBeCloseTo(0.75, 12);
    expect(distanceCdf(2, Math.SQRT2)).toBe(1);
    // The square line-picking density integrates to 1 and its mean is 0.521405.
    let mass = 0,
      mean = 0;
    const h = Math.SQRT2 / 20_000;
    for (let i = 0; i < 20_000; i++) {
      const t = (i + 0.5) * h;
      mass += squareLineDensity(t) * h;
      mean += t * squareLineDensity(t) * h;
    }
    expect(mass).toBeCloseTo(1, 4);
    expect(mean).toBeCloseTo(0.521405, 4);
  });

  it('D = 2: the closed-form CDF is the density integrated, on both pieces and continuous at t = 1', () => {
    const h = 1e-4;
    let integral = 0;
    for (let i = 0; i < 14_000; i++) {
      const t = i * h;
      integral += ((squareLineDensity(t) + squareLineDensity(t + h)) / 2) * h;
      if ((i + 1) % 1000 === 0) expect(distanceCdf(2, t + h)).toBeCloseTo(integral, 6);
    }
    expect(distanceCdf(2, 1 - 1e-9)).toBeCloseTo(distanceCdf(2, 1 + 1e-9), 7);
  });
});

describe('the seeded sample against the closed forms', () => {
  for (const D of [1, 2, 10, 100, 784]) {
    it(`D = ${D}: mean, sd and histogram of 4,950 pairwise distances`, () => {
      const d = runToEnd(uniformPairDistances(D, 100, 1));
      expect(d).toHaveLength(4950);
      const s = summarise(d);
      const mean = D === 1 ? 1 / 3 : D === 2 ? 0.521405 : meanDistanceApprox(D);
      // Pairs share points, so the sample is less informative than 4,950 independent pairs: loose bounds.
      expect(Math.abs(s.mean - mean)).toBeLessThan(0.03);
      if (D >= 10) expect(Math.abs(s.sd - DISTANCE_SD_LIMIT)).toBeLessThan(0.03);
      const edges = binEdges();
      const counts = histogram(d, rmsDistance(D), edges);
      const expected = expectedShares(D, edges);
      // Total variation distance between the histogram and the closed form's bins.
      const tv = counts.reduce((sum, c, i) => sum + Math.abs(c / d.length - expected[i]!), 0) / 2;
      expect(tv).toBeLessThan(0.12);
    });
  }

  it('(max − min)/min shrinks as D grows', () => {
    const contrasts = [1, 10, 100, 784, 10_000].map(
      (D) => summarise(runToEnd(uniformPairDistances(D, 60, 3))).contrast,
    );
    for (let i = 1; i < contrasts.length; i++) expect(contrasts[i]).toBeLessThan(contrasts[i - 1]!);
  });

  it('depends on the seed and not on the block size', () => {
    const a = runToEnd(uniformPairDistances(5000, 12, 9, 2048));
    const b = runToEnd(uniformPairDistances(5000, 12, 9, 333));
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 9);
    const c = runToEnd(uniformPairDistances(5000, 12, 10));
    expect(c[0]).not.toBeCloseTo(a[0]!, 3);
  });

  it('yields once per block of coordinates (the slices the worker checkpoints between)', () => {
    const g = uniformPairDistances(150_528, 4, 1, 2048);
    let yields = 0;
    for (let r = g.next(); !r.done; r = g.next()) yields++;
    expect(yields).toBe(Math.ceil(150_528 / 2048));
  });

  it('rowPairDistances measures rows as Euclidean distances', () => {
    const rows = Float32Array.from([0, 0, 3, 4, 6, 8]);
    expect(Array.from(rowPairDistances(rows, 3, 2))).toEqual([5, 10, 5]);
  });

  it('histogram puts values past the last edge in the last bin', () => {
    expect(histogram([0.1, 0.3, 9], 1, [0, 0.25, 0.5])).toEqual([1, 2]);
  });
});
