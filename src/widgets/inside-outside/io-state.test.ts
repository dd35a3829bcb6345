import { describe, expect, it } from 'vitest';
import { describeFit, FIT_SENTENCE_LONGEST } from './io-state.ts';

describe('describeFit', () => {
  it('gives the fits inside and outside the range', () =>
    expect(describeFit(-1, 1, { inside: 0.01, outside: 0.16 }, { inside: 0.06, outside: 1.19 })).toBe(
      'Trained on x from −1.0 to 1.0. The five fits differ by 0.01 on average inside that range and 0.16 outside ' +
        'it; their mean misses the function by 0.06 inside and 1.19 outside.',
    ));
  // A range over the whole axis has no point outside it: the summary's outside means are NaN.
  it('says there is nothing outside a range that covers the axis, never "NaN"', () => {
    const s = describeFit(-3, 3, { inside: 0.04, outside: NaN }, { inside: 0.09, outside: NaN });
    expect(s).not.toMatch(/NaN/);
    expect(s).toMatch(
      /^Trained on x from −3\.0 to 3\.0, the whole axis: .*0\.04.*0\.09\. Nothing lies outside it to extrapolate to\.$/,
    );
  });
  it('keeps room for a sentence at least as long as any it gives', () => {
    const longest = Math.max(...FIT_SENTENCE_LONGEST.map((s) => s.length));
    for (const [lo, hi] of [
      [-3, -2.5],
      [-2.9, 2.9],
      [0, 3],
    ] as const)
      expect(
        describeFit(lo, hi, { inside: 0.12, outside: 9.99 }, { inside: 0.5, outside: 2.71 }).length,
      ).toBeLessThanOrEqual(longest);
  });
});
