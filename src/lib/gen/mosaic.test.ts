import { describe, expect, it } from 'vitest';
import { mosaic } from './mosaic.ts';

describe('mosaic', () => {
  it('puts digit d at its cell and leaves the gaps blank', () => {
    const images = new Float32Array(4 * 784);
    for (let d = 0; d < 4; d++) images.fill((d + 1) / 4, d * 784, (d + 1) * 784);
    const m = mosaic(images, 2);
    expect([m.width, m.height]).toEqual([57, 57]);
    const at = (x: number, y: number) => m.values[y * m.width + x];
    expect([at(0, 0), at(29, 0), at(0, 29), at(56, 56)]).toEqual([0.25, 0.5, 0.75, 1]);
    expect(at(28, 5)).toBe(0);
    expect(at(5, 28)).toBe(0);
  });
});
