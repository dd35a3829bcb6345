import { describe, expect, it } from 'vitest';
import {
  HEIGHT,
  HOLE,
  S_MAX,
  S_MIN,
  SHEET_LENGTH,
  T_ANCHOR,
  T_MAX,
  T_MIN,
  arcLength,
  bentCurve,
  curveAt,
  geodesicDistance,
  makeSwissRoll,
  sheetPath,
  straightDistance,
  tAtArcLength,
} from './swiss-roll.ts';

describe('makeSwissRoll', () => {
  it('follows scikit-learn: t in [1.5π, 4.5π], height in [0, 21), x = t cos t, z = t sin t without noise', () => {
    const roll = makeSwissRoll({ count: 5000, seed: 3 });
    expect(roll.count).toBe(5000);
    for (let i = 0; i < roll.count; i++) {
      const t = roll.t[i]!;
      const h = roll.height[i]!;
      expect(t).toBeGreaterThanOrEqual(T_MIN - 1e-5);
      expect(t).toBeLessThanOrEqual(T_MAX + 1e-5);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(HEIGHT);
      expect(roll.positions[3 * i]).toBeCloseTo(t * Math.cos(t), 4);
      expect(roll.positions[3 * i + 1]).toBeCloseTo(h, 5);
      expect(roll.positions[3 * i + 2]).toBeCloseTo(t * Math.sin(t), 4);
    }
    // Uniform u and v fill the ranges.
    expect(Math.min(...roll.t)).toBeLessThan(T_MIN + 0.05);
    expect(Math.max(...roll.t)).toBeGreaterThan(T_MAX - 0.05);
    expect(Math.max(...roll.height)).toBeGreaterThan(HEIGHT - 0.05);
  });

  it('is a stable seeded sequence, and a larger sample starts with the smaller one', () => {
    const a = makeSwissRoll({ count: 4, seed: 7, noise: 0.5 });
    expect(Array.from(a.t, (x) => +x.toFixed(4))).toEqual(
      Array.from(makeSwissRoll({ count: 4, seed: 7, noise: 0.5 }).t, (x) => +x.toFixed(4)),
    );
    // Pinned values: a change of generator would silently change every shared link.
    expect(Array.from(a.t, (x) => +x.toFixed(3))).toMatchSnapshot();
    const big = makeSwissRoll({ count: 1000, seed: 7, noise: 0.5 });
    expect(Array.from(big.positions.slice(0, 12))).toEqual(Array.from(a.positions));
    expect(makeSwissRoll({ count: 4, seed: 8 }).t).not.toEqual(a.t);
  });

  it('adds Gaussian noise of the requested standard deviation to every coordinate', () => {
    const roll = makeSwissRoll({ count: 20_000, seed: 1, noise: 0.8 });
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < roll.count; i++) {
      const d = roll.positions[3 * i + 1]! - roll.height[i]!;
      sum += d;
      sq += d * d;
    }
    expect(Math.abs(sum / roll.count)).toBeLessThan(0.03);
    expect(Math.sqrt(sq / roll.count)).toBeCloseTo(0.8, 1);
  });

  it('cuts a hole out of the middle of the sheet', () => {
    const roll = makeSwissRoll({ count: 3000, seed: 2, hole: true });
    expect(roll.count).toBe(3000);
    for (let i = 0; i < roll.count; i++) {
      const s = arcLength(roll.t[i]!);
      const inside =
        s > HOLE.s0 + 1e-3 &&
        s < HOLE.s1 - 1e-3 &&
        roll.height[i]! > HOLE.h0 + 1e-3 &&
        roll.height[i]! < HOLE.h1 - 1e-3;
      expect(inside).toBe(false);
    }
  });
});

describe('arc length', () => {
  it('matches a numerical integral of √(1 + t²) and inverts', () => {
    let s = 0;
    const n = 100_000;
    const dt = (T_MAX - T_MIN) / n;
    for (let i = 0; i < n; i++) {
      const t = T_MIN + (i + 0.5) * dt;
      s += Math.sqrt(1 + t * t) * dt;
    }
    expect(SHEET_LENGTH).toBeCloseTo(s, 4);
    expect(S_MAX - S_MIN).toBeCloseTo(89.37, 2);
    for (const t of [T_MIN, 6, 9.5, T_MAX]) expect(tAtArcLength(arcLength(t))).toBeCloseTo(t, 9);
  });
});

describe('distance along the sheet vs straight line', () => {
  const at = (t: number, h: number) => ({ t, height: h });
  const chord = (a: { t: number; height: number }, b: { t: number; height: number }) =>
    Math.hypot(
      a.t * Math.cos(a.t) - b.t * Math.cos(b.t),
      a.height - b.height,
      a.t * Math.sin(a.t) - b.t * Math.sin(b.t),
    );

  it('equals the straight line for two points on the same line along the axis', () => {
    expect(geodesicDistance(at(7, 2), at(7, 17))).toBeCloseTo(15, 10);
    expect(chord(at(7, 2), at(7, 17))).toBeCloseTo(15, 10);
  });

  it('is a full turn of the spiral for points on neighbouring turns, though they are 2π apart in 3-D', () => {
    const a = at(2 * Math.PI, 10);
    const b = at(4 * Math.PI, 10);
    expect(chord(a, b)).toBeCloseTo(2 * Math.PI, 10); // both on the positive x axis
    expect(geodesicDistance(a, b)).toBeCloseTo(arcLength(4 * Math.PI) - arcLength(2 * Math.PI), 10);
    expect(geodesicDistance(a, b)).toBeGreaterThan(5 * chord(a, b));
  });

  it('combines both directions by Pythagoras on the unrolled sheet and never undercuts the chord', () => {
    const a = at(5, 0);
    const b = at(6, 21);
    expect(geodesicDistance(a, b)).toBeCloseTo(Math.hypot(arcLength(6) - arcLength(5), 21), 10);
    for (const [p, q] of [
      [at(5, 3), at(12, 9)],
      [at(T_MIN, 0), at(T_MAX, 20.9)],
      [at(8, 8), at(8.2, 8.1)],
    ] as const)
      expect(geodesicDistance(p, q)).toBeGreaterThanOrEqual(chord(p, q) - 1e-9);
  });

  it('goes around the hole through its corners', () => {
    const tMid = tAtArcLength((HOLE.s0 + HOLE.s1) / 2);
    const below = at(tMid, 1);
    const above = at(tMid, 20);
    const path = sheetPath(below, above, true);
    expect(path.points.length).toBe(4);
    const half = (HOLE.s1 - HOLE.s0) / 2;
    const expected = 2 * Math.hypot(half, HOLE.h0 - 1) + (HOLE.h1 - HOLE.h0);
    expect(path.length).toBeCloseTo(expected, 8);
    expect(geodesicDistance(below, above, false)).toBeCloseTo(19, 10);
    // A segment that misses the hole is unchanged.
    expect(geodesicDistance(at(T_MIN, 1), at(T_MAX, 1), true)).toBeCloseTo(SHEET_LENGTH, 8);
  });

  it('measures the straight distance between generated points', () => {
    const roll = makeSwissRoll({ count: 2, seed: 5 });
    const a = { t: roll.t[0]!, height: roll.height[0]! };
    const b = { t: roll.t[1]!, height: roll.height[1]! };
    expect(straightDistance(roll, 0, 1)).toBeCloseTo(chord(a, b), 4);
  });
});

describe('unrolling', () => {
  it('reproduces the spiral at α = 0', () => {
    const table = bentCurve(0);
    for (const t of [T_MIN, 6.1, T_ANCHOR, 10, T_MAX]) {
      const [x, z] = curveAt(table, t);
      expect(Math.hypot(x - t * Math.cos(t), z - t * Math.sin(t))).toBeLessThan(2e-3);
    }
  });

  it('is a flat segment along +x with the same length at α = 1', () => {
    const table = bentCurve(1);
    const [x0, z0] = curveAt(table, T_MIN);
    const [x1, z1] = curveAt(table, T_MAX);
    expect(x1 - x0).toBeCloseTo(SHEET_LENGTH, 2);
    expect(Math.abs(z0)).toBeLessThan(1e-6);
    expect(Math.abs(z1)).toBeLessThan(1e-6);
    expect(x0).toBeCloseTo(-SHEET_LENGTH / 2, 2);
  });

  it('never stretches the sheet on the way', () => {
    for (const alpha of [0.25, 0.5, 0.9]) {
      const table = bentCurve(alpha);
      let length = 0;
      for (let i = 1; i < table.size; i++)
        length += Math.hypot(table.xz[2 * i]! - table.xz[2 * i - 2]!, table.xz[2 * i + 1]! - table.xz[2 * i - 1]!);
      expect(length).toBeCloseTo(SHEET_LENGTH, 2);
    }
  });
});
