import { describe, expect, it } from 'vitest';
import { headingTag } from './heading-level.ts';

describe('headingTag', () => {
  it('takes a level from 2 to 6, as a number or as the text MDX passes', () => {
    expect(headingTag(2, 4)).toBe('h2');
    expect(headingTag('5', 4)).toBe('h5');
    expect(headingTag(6, 3)).toBe('h6');
  });
  it('falls back for anything else', () => {
    for (const bad of [undefined, null, '', ' ', 1, 7, 2.5, 'three', NaN, '3px'])
      expect(headingTag(bad, 4), String(bad)).toBe('h4');
  });
});
