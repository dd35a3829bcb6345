import { describe, expect, it } from 'vitest';
import { longestForms } from './steady-text.ts';

describe('longestForms', () => {
  it('keeps each longest form once, its digits as 8s (tabular digits are all as wide)', () =>
    expect(longestForms(['rotated 0°', 'rotated 22.5°', 'rotated 45°', 'rotated 67.5°', 'rotated 7.5°'], 0)).toEqual([
      'rotated 88.8°',
    ]));
  it('keeps forms within a few characters of the longest', () =>
    expect(longestForms(['Unshifted: 98% right and sure.', 'Rotated 45°: 51% right yet sure.', 'abc'])).toEqual([
      'Unshifted: 88% right and sure.',
      'Rotated 88°: 88% right yet sure.',
    ]));
  it('is empty for no forms', () => expect(longestForms([])).toEqual([]));
});
