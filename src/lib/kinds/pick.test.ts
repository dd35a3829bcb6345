import { describe, expect, it } from 'vitest';
import { hardNegative, randomNegative } from './pick.ts';

const labels = [3, 1, 3, 7, 1, 3, 9, 7, 3, 1];

describe('randomNegative', () => {
  it('picks a digit of another class, the same one for the same seed, others for other seeds', () => {
    const picks = new Set<number>();
    for (let seed = 1; seed <= 50; seed++) {
      const i = randomNegative(labels, 3, seed, 0);
      expect(labels[i]).not.toBe(3);
      expect(randomNegative(labels, 3, seed, 0)).toBe(i);
      picks.add(i);
    }
    // Every digit of another class comes up (6 of them in 50 tries).
    expect([...picks].sort((a, b) => a - b)).toEqual([1, 3, 4, 6, 7, 9]);
  });

  it('depends on the original too, and refuses a set with one class only', () => {
    const a = Array.from({ length: 20 }, (_, s) => randomNegative(labels, 3, s + 1, 0));
    const b = Array.from({ length: 20 }, (_, s) => randomNegative(labels, 3, s + 1, 2));
    expect(a).not.toEqual(b);
    expect(() => randomNegative([2, 2, 2], 2, 1, 0)).toThrow(/other than 2/);
  });
});

describe('hardNegative', () => {
  it('is the nearest row of another class, found by brute force', () => {
    const d = 4;
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const features = Float32Array.from({ length: labels.length * d }, rnd);
    for (let q = 0; q < labels.length; q++) {
      const query = features.slice(q * d, (q + 1) * d);
      const cls = labels[q]!;
      const got = hardNegative(query, features, labels, d, cls);
      let best = -1,
        bestD = Infinity;
      for (let j = 0; j < labels.length; j++) {
        if (labels[j] === cls) continue;
        const dist = Math.hypot(...Array.from({ length: d }, (_, k) => features[j * d + k]! - query[k]!));
        if (dist < bestD) [best, bestD] = [j, dist];
      }
      expect(got.index).toBe(best);
      expect(got.distance).toBeCloseTo(bestD, 5);
      expect(labels[got.index]).not.toBe(cls);
    }
  });
});
