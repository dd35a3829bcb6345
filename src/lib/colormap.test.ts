import { describe, expect, it } from 'vitest';
import { VIRIDIS, inkRgba, viridis, viridisCss, viridisGradient } from './colormap.ts';

/** Relative luminance (WCAG) of an 8-bit sRGB colour. */
const luminance = ([r, g, b]: readonly number[]) => {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
};

describe('viridis', () => {
  it('hits its ends and stops, and clamps outside [0, 1]', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([...VIRIDIS[5]!]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });
  it('gets lighter monotonically, so order survives greyscale and colour-vision deficiency', () => {
    let last = -1;
    for (let f = 0; f <= 1.0001; f += 0.01) {
      const l = luminance(viridis(f));
      expect(l).toBeGreaterThan(last);
      last = l;
    }
  });
  it('formats CSS', () => {
    expect(viridisCss(0)).toBe('rgb(68 1 84)');
    expect(viridisGradient()).toMatch(/^rgb\(68 1 84\) 0%, .* rgb\(253 231 37\) 100%$/);
  });
});

describe('ink', () => {
  it('draws ink dark on light paper, clamping out-of-range grey levels', () => {
    expect([...inkRgba([0, 1, 0.5, 2, -1])]).toEqual([
      255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255, 0, 0, 0, 255, 255, 255, 255, 255,
    ]);
  });
});
