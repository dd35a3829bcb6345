import { describe, expect, it } from 'vitest';
import { dequantizeUint8, quantizeUint8 } from './quantize.ts';

describe('8-bit quantisation', () => {
  it('keeps every value within half a step and hits both ends', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.37 - 0.05);
    const { bytes, quantization } = quantizeUint8(values);
    const back = dequantizeUint8(bytes, quantization);
    const worst = Math.max(...values.map((v, i) => Math.abs(v - back[i]!)));
    expect(worst).toBeLessThanOrEqual(quantization.scale / 2 + 1e-7);
    expect(Math.min(...bytes)).toBe(0);
    expect(Math.max(...bytes)).toBe(255);
  });

  it('a constant tensor survives exactly', () => {
    const { bytes, quantization } = quantizeUint8([0.25, 0.25, 0.25]);
    expect(Array.from(dequantizeUint8(bytes, quantization))).toEqual([0.25, 0.25, 0.25]);
  });
});
