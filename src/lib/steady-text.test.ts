import { describe, expect, it } from 'vitest';
import { longestForms } from './steady-text.ts';

describe('longestForms', () => {
  it('keeps the longest forms and those within a few characters of it, once each', () =>
    expect(longestForms(['rotated 0°', 'rotated 22.5°', 'rotated 45°', 'rotated 22.5°', 'rotated 7.5°'], 1)).toEqual([
      'rotated 22.5°',
      'rotated 7.5°',
    ]));
  it('keeps only the longest with no slack', () => expect(longestForms(['ab', 'abc', 'a'], 0)).toEqual(['abc']));
  it('is empty for no forms', () => expect(longestForms([])).toEqual([]));
});
