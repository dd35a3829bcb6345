import { describe, expect, it } from 'vitest';
import { diverging, parseHex, perturbationRgba } from './perturbation-colours.ts';

const neg = [0, 0, 255] as const,
  zero = [255, 255, 255] as const,
  pos = [255, 0, 0] as const;

describe('colour maps', () => {
  it('parses hex colours with a fallback', () => {
    expect(parseHex(' #2166ac')).toEqual([0x21, 0x66, 0xac]);
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('rgb(1,2,3)', [9, 9, 9])).toEqual([9, 9, 9]);
  });
  it('maps −scale, 0 and +scale to the three anchors and clamps beyond', () => {
    expect(diverging(-1, neg, zero, pos)).toEqual([0, 0, 255]);
    expect(diverging(0, neg, zero, pos)).toEqual([255, 255, 255]);
    expect(diverging(5, neg, zero, pos)).toEqual([255, 0, 0]);
    expect(diverging(0.5, neg, zero, pos)).toEqual([255, 128, 128]);
    const rgba = perturbationRgba([-0.1, 0, 0.1], 0.1, { neg, zero, pos });
    expect([...rgba]).toEqual([0, 0, 255, 255, 255, 255, 255, 255, 255, 0, 0, 255]);
    expect([...perturbationRgba([0.3], 0, { neg, zero, pos })]).toEqual([255, 255, 255, 255]);
  });
});
