import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32, permutation, randomInt, shuffled } from './rng.ts';

describe('mulberry32', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('is roughly uniform on [0, 1)', () => {
    const rng = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      if (!(u >= 0 && u < 1)) outside++;
      else bins[Math.floor(u * 10)]! += 1;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});

describe('gaussian', () => {
  it('has mean 0 and standard deviation 1 within sampling error', () => {
    const g = gaussian(mulberry32(7));
    const n = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = g();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(s2 / n - mean * mean) - 1)).toBeLessThan(0.02);
  });
});

describe('shuffles', () => {
  it('permutation contains every index once and depends on the seed', () => {
    const p = permutation(mulberry32(3), 100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(mulberry32(3), 100)).toEqual(p);
    expect(permutation(mulberry32(4), 100)).not.toEqual(p);
  });

  it('shuffled leaves the input untouched', () => {
    const items = ['a', 'b', 'c', 'd'];
    shuffled(mulberry32(9), items);
    expect(items).toEqual(['a', 'b', 'c', 'd']);
  });

  it('randomInt stays in range and reaches both ends', () => {
    const rng = mulberry32(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(randomInt(rng, 6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
