import { describe, expect, it } from 'vitest';
import { inkBox, inkFromAlpha, preprocessDrawing, resampleArea } from './digit-preprocess.ts';
import { centreOfMass } from './pixel-feature/transforms.ts';

/** A drawing of `w × h` with a thick stroke from (x0, y0) to (x1, y1). */
function stroke(w: number, h: number, segments: [number, number, number, number][], radius = 6): Float32Array {
  const img = new Float32Array(w * h);
  for (const [x0, y0, x1, y1] of segments) {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const dx = x1 - x0,
          dy = y1 - y0;
        const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy || 1)));
        if (Math.hypot(x - x0 - t * dx, y - y0 - t * dy) <= radius) img[y * w + x] = 1;
      }
  }
  return img;
}

const box28 = (img: Float32Array) => inkBox(img, 28, 28, 0.3)!;

describe('digit preprocessing, as MNIST', () => {
  it('a "1" drawn in a corner of a large canvas becomes 20 pixels tall, centred by mass, darkest ink 1', () => {
    const drawing = stroke(280, 280, [[40, 20, 50, 150]], 8);
    const d = preprocessDrawing(drawing, 280, 280)!;
    expect(d.length).toBe(784);
    const c = centreOfMass(d, 28);
    expect(c.x).toBeCloseTo(13.5, 1);
    expect(c.y).toBeCloseTo(13.5, 1);
    const [, y0, , y1] = box28(d);
    expect(y1 - y0).toBeGreaterThanOrEqual(19);
    expect(y1 - y0).toBeLessThanOrEqual(21);
    expect(Math.max(...d)).toBeGreaterThan(0.9);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
  });

  it('keeps the aspect ratio: a wide stroke gets a 20-pixel width and a proportional height', () => {
    const drawing = stroke(200, 200, [[20, 100, 180, 100]], 19); // about 198 × 39
    const d = preprocessDrawing(drawing, 200, 200)!;
    const [x0, y0, x1, y1] = box28(d);
    expect(x1 - x0).toBeGreaterThanOrEqual(19);
    expect(x1 - x0).toBeLessThanOrEqual(21);
    expect(y1 - y0).toBeGreaterThanOrEqual(3);
    expect(y1 - y0).toBeLessThanOrEqual(6);
  });

  it('gives the same digit wherever and however large it was drawn', () => {
    const small = preprocessDrawing(
      stroke(
        280,
        280,
        [
          [30, 30, 90, 30],
          [90, 30, 50, 130],
        ],
        7,
      ),
      280,
      280,
    )!;
    const big = preprocessDrawing(
      stroke(
        280,
        280,
        [
          [100, 40, 220, 40],
          [220, 40, 140, 240],
        ],
        14,
      ),
      280,
      280,
    )!;
    let diff = 0;
    for (let i = 0; i < 784; i++) diff += Math.abs(small[i]! - big[i]!);
    expect(diff / 784).toBeLessThan(0.05);
  });

  it('returns null for an empty drawing; reads ink from the alpha channel; area-averages', () => {
    expect(preprocessDrawing(new Float32Array(100), 10, 10)).toBeNull();
    expect(Array.from(inkFromAlpha([0, 0, 0, 255, 9, 9, 9, 0], 2, 1))).toEqual([1, 0]);
    expect(Array.from(resampleArea([1, 0, 0, 1], 2, 0, 0, 2, 2, 1, 1))).toEqual([0.5]);
    expect(Array.from(resampleArea([1, 0, 1, 1, 0, 1], 3, 0, 0, 3, 2, 2, 1))).toEqual([
      expect.closeTo(2 / 3, 6),
      expect.closeTo(2 / 3, 6),
    ]);
  });
});
