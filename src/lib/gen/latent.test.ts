import { describe, expect, it } from 'vitest';
import { classPaths, EXTENT, latentScale, nearestCode, priorDensity, priorMassWithin } from './latent.ts';

describe('latent plane geometry', () => {
  it('the prior’s mass within a radius is that of a χ² with two degrees of freedom', () => {
    expect(priorMassWithin(0)).toBe(0);
    expect(priorMassWithin(1)).toBeCloseTo(0.3935, 4);
    expect(priorMassWithin(2)).toBeCloseTo(0.8647, 4);
    // Numerically: the density integrated over the disc of radius 2.
    let sum = 0;
    const h = 0.01;
    for (let x = -2; x < 2; x += h)
      for (let y = -2; y < 2; y += h)
        if (Math.hypot(x + h / 2, y + h / 2) <= 2) sum += priorDensity(x + h / 2, y + h / 2) * h * h;
    expect(sum).toBeCloseTo(priorMassWithin(2), 3);
  });

  it('maps the plane onto the square with z₂ up, and back', () => {
    const s = latentScale(400);
    expect([s.x(-EXTENT), s.y(EXTENT)]).toEqual([0, 0]);
    expect([s.x(0), s.y(0)]).toEqual([200, 200]);
    expect(s.y(1)).toBeLessThan(s.y(0));
    expect(s.z(s.x(1.5), s.y(-2))).toEqual([1.5, -2]);
  });

  it('draws one dot per digit in its class’s path and finds the nearest code', () => {
    const data = { count: 3, labels: [7, 1, 7], codes: [0, 0, 1, 1, -2, 0.5] };
    const paths = classPaths(data, 100);
    expect(paths).toHaveLength(10);
    expect(paths[7]!.match(/h0/g)).toHaveLength(2);
    expect(paths[1]).toBe('M60.0 40.0h0');
    expect(nearestCode(data, 0.9, 0.8)).toMatchObject({ index: 1, label: 1 });
    expect(nearestCode(data, -1.8, 0.4).label).toBe(7);
  });
});
