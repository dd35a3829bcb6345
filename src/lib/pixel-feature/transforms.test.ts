import { describe, expect, it } from 'vitest';
import { IDENTITY, centreOfMass, describeTransform, isIdentity, transformDigit, warp } from './transforms.ts';

/** A 28 × 28 blob well inside the image, off-centre, with grey edges. */
function blob(): Float32Array {
  const img = new Float32Array(784);
  for (let y = 8; y < 18; y++) for (let x = 10; x < 16; x++) img[y * 28 + x] = x === 10 || y === 17 ? 0.4 : 1;
  img[9 * 28 + 14] = 0.2;
  return img;
}

describe('transforms of a digit', () => {
  it.each([
    [1, 0],
    [2, 0],
    [-3, 0],
    [0, 4],
    [0, -2],
    [3, -4],
    [-4, 4],
  ])('a shift by (%i, %i) pixels moves the centre of mass by exactly that much', (dx, dy) => {
    const img = blob();
    const before = centreOfMass(img, 28);
    const t = { ...IDENTITY, dx, dy };
    const after = centreOfMass(transformDigit(img, t), 28);
    expect(after.x - before.x).toBeCloseTo(dx, 5);
    expect(after.y - before.y).toBeCloseTo(dy, 5);
    expect(after.mass).toBeCloseTo(before.mass, 4);
  });

  it('an integer shift moves pixels exactly, and what leaves the image is gone', () => {
    const img = blob();
    const out = warp(img, 28, 2, -1, 0);
    expect(out[(9 - 1) * 28 + 14 + 2]).toBeCloseTo(0.2, 6);
    const edge = new Float32Array(784);
    edge[5 * 28 + 27] = 1;
    expect(Math.max(...warp(edge, 28, 1, 0, 0))).toBe(0);
  });

  it('rotates counter-clockwise as seen, about the centre, and keeps the centre of mass of a centred digit', () => {
    const img = new Float32Array(784);
    img[13 * 28 + 20] = 1; // right of centre (13.5, 13.5) by 6.5, on row 13
    const out = warp(img, 28, 0, 0, 90);
    // 90° anticlockwise (y down): right goes up. (20, 13) - c = (6.5, -0.5) -> (-0.5, -6.5) -> (13, 7)
    expect(out[7 * 28 + 13]).toBeCloseTo(1, 5);
    const sym = new Float32Array(784);
    for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) sym[y * 28 + x] = 1;
    const c = centreOfMass(transformDigit(sym, { ...IDENTITY, rotate: 30 }), 28);
    expect(c.x).toBeCloseTo(13.5, 2);
    expect(c.y).toBeCloseTo(13.5, 2);
  });

  it('the identity changes nothing; contrast is about mid-grey and brightness adds, clipped to [0, 1]', () => {
    const img = blob();
    expect(isIdentity(IDENTITY)).toBe(true);
    expect(Array.from(transformDigit(img, IDENTITY))).toEqual(Array.from(img));
    const low = transformDigit(img, { ...IDENTITY, contrast: 0.5 });
    expect(low[0]).toBeCloseTo(0.25, 6); // background 0 -> 0.5 + 0.5 (0 - 0.5)
    expect(low[8 * 28 + 12]).toBeCloseTo(0.75, 6);
    const bright = transformDigit(img, { ...IDENTITY, brightness: 0.3 });
    expect(bright[0]).toBeCloseTo(0.3, 6);
    expect(bright[8 * 28 + 12]).toBe(1);
    const dark = transformDigit(img, { ...IDENTITY, brightness: -0.3 });
    expect(dark[0]).toBe(0);
  });

  it('noise is Gaussian with the asked σ, reproducible from its seed and different for another seed', () => {
    const grey = new Float32Array(784).fill(0.5);
    const t = { ...IDENTITY, noise: 0.1, seed: 42 };
    const a = transformDigit(grey, t),
      b = transformDigit(grey, t),
      c = transformDigit(grey, { ...t, seed: 43 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const mean = a.reduce((s, v) => s + v, 0) / 784;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / 783);
    expect(mean).toBeCloseTo(0.5, 1);
    expect(sd).toBeGreaterThan(0.085);
    expect(sd).toBeLessThan(0.115);
  });

  it('describes the transform in words', () => {
    expect(describeTransform(IDENTITY)).toBe('unchanged');
    expect(describeTransform({ ...IDENTITY, dx: 2 })).toBe('shifted 2 pixels right');
    expect(describeTransform({ ...IDENTITY, dx: -1, dy: 3, rotate: -10, noise: 0.1 })).toBe(
      'shifted 1 pixel left and 3 pixels down, rotated 10° clockwise, noise σ = 0.10',
    );
  });
});
