import { describe, expect, it } from 'vitest';
import { nearestInPixels, searchSentence, summary, ticks, verdict } from './describe.ts';
import type { Example, KindsResult } from './types.ts';

const ex = (
  kind: Example['kind'],
  index: number | null,
  label: number | null,
  answer: number,
  pixelL2: number,
  featureL2: number,
): Example => ({
  kind,
  index,
  label,
  pixels: new Float32Array(784),
  answer: { label: answer, confidence: 0.9 },
  pixelL2,
  pixelLinf: 0.1,
  featureL2,
});

const result = (over: Partial<KindsResult> = {}): KindsResult => ({
  model: 'cnn',
  space: { layer: 'features', units: 32 },
  digit: 0,
  originalClass: 4,
  original: new Float32Array(784),
  originalAnswer: { label: 4, confidence: 0.999 },
  seed: 1,
  negative: ex('negative', 745, 5, 5, 9.71, 37.27),
  hardNegative: ex('hard-negative', 83, 9, 9, 6.93, 11.46),
  adversarial: ex('adversarial', null, null, 9, 1.87, 7.88),
  target: 9,
  search: { found: true, eps: 0.09375, lo: 0.08984375, hi: 0.09375, max: 0.5, tolerance: 0.005, probes: [] },
  ms: 1,
  ...over,
});

describe('the three kinds in words', () => {
  it('gives each column its verdict: real / real and close to the boundary / not real', () => {
    const r = result();
    expect(verdict('negative', r)).toMatch(/^Real: a held-out 5/);
    expect(verdict('hard-negative', r)).toMatch(/^Real, and close to the boundary: the nearest 9/);
    expect(verdict('adversarial', r)).toBe('Not real: made by an attack, each pixel moved by at most ε = 0.094.');
    expect(
      verdict('adversarial', result({ search: { ...r.search, found: false, eps: null, hi: null, lo: 0.5 } })),
    ).toMatch(/no flip: the attack did not reach a 9 by ε = 0.500/);
    expect(verdict('adversarial', result({ search: { ...r.search, eps: 0, lo: 0, hi: 0 } }))).toMatch(
      /No attack needed/,
    );
  });

  it('says the adversarial example is nearest in pixels only when it is', () => {
    expect(nearestInPixels(result())).toBe(true);
    expect(summary(result())).toMatch(
      /nearest of the three in pixels, yet cnn reads it as a 9, the hard negative's class\.$/,
    );
    const far = result({ adversarial: ex('adversarial', null, null, 9, 8, 3) });
    expect(nearestInPixels(far)).toBe(false);
    expect(summary(far)).toMatch(/not the nearest in pixels/);
    expect(summary(result())).toMatch(
      /^Original: held-out digit no\. 0, a 4, read as 4 at 99\.9%\. Negative: no\. 745, a 5/,
    );
  });

  it('states the bisection bracket', () => {
    expect(searchSentence(result(), 20)).toBe(
      'Bisection: the attack fails at ε = 0.090 and succeeds at ε = 0.094 (0 targeted PGD attacks of 20 steps, stopped once the bracket was at most 0.005 wide).',
    );
  });
});

describe('ticks', () => {
  it('are round, start at 0 and reach the maximum', () => {
    expect(ticks(9.71)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(37.27)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(0.5, 5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(ticks(0)).toEqual([0, 1]);
  });
});
