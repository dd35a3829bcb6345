import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng.ts';
import { CODE_MAX_LENGTH, CODE_PATTERN, CODE_PIXELS, decodeDigit, encodeDigit, quantiseDigit } from './digit-code.ts';
import { loadShippedDigits } from '../../tests/fixtures/shipped.ts';
import { digitPixels } from './digit-set.ts';

describe('digit codes', () => {
  it('round-trips a digit to within half a grey level, and its quantised pixels exactly', async () => {
    const digits = await loadShippedDigits();
    for (const i of [0, 1, 2, 57, 400]) {
      const px = digitPixels(digits, i);
      const code = encodeDigit(px);
      expect(code).toMatch(CODE_PATTERN);
      const back = decodeDigit(code)!;
      expect(back).not.toBeNull();
      for (let j = 0; j < CODE_PIXELS; j++) expect(Math.abs(back[j]! - px[j]!)).toBeLessThanOrEqual(1 / 30 + 1e-7);
      expect(Array.from(back)).toEqual(Array.from(quantiseDigit(px)));
      expect(encodeDigit(back)).toBe(code);
      // Short enough for a link: MNIST digits are about a fifth ink.
      expect(code.length).toBeLessThan(400);
    }
  });

  it('handles a blank digit, a full one and random noise', () => {
    const blank = new Float32Array(CODE_PIXELS);
    expect(encodeDigit(blank).length).toBeLessThan(20);
    expect(Array.from(decodeDigit(encodeDigit(blank))!)).toEqual(Array.from(blank));
    const full = new Float32Array(CODE_PIXELS).fill(1);
    expect(encodeDigit(full).length).toBe(CODE_MAX_LENGTH);
    expect(decodeDigit(encodeDigit(full))!.every((v) => v === 1)).toBe(true);
    const rand = mulberry32(7);
    const noise = Float32Array.from({ length: CODE_PIXELS }, () => (rand() < 0.5 ? 0 : rand()));
    expect(Array.from(decodeDigit(encodeDigit(noise))!)).toEqual(Array.from(quantiseDigit(noise)));
  });

  it('rejects malformed codes instead of guessing', () => {
    const good = encodeDigit(new Float32Array(CODE_PIXELS).fill(0.5));
    for (const bad of [
      '',
      '1',
      '2' + good.slice(1),
      good.slice(0, -1),
      good + 'P',
      '1!!!',
      good.replace('I', 'A'),
      '1' + '_'.repeat(17),
      'x'.repeat(5000),
    ]) {
      expect(decodeDigit(bad), bad.slice(0, 20)).toBeNull();
    }
  });

  it('refuses to encode something that is not a 28 × 28 digit', () => {
    expect(() => encodeDigit(new Float32Array(10))).toThrow(/784/);
  });
});
