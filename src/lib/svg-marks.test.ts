import { describe, expect, it } from 'vitest';
import { markerPath } from './svg-marks.ts';

describe('chart markers', () => {
  it('are closed paths centred where asked', () => {
    for (const shape of ['circle', 'square', 'triangle', 'diamond'] as const)
      expect(markerPath(shape, 10, 10)).toMatch(/Z$/);
    expect(markerPath('square', 10, 20, 3)).toBe('M7,17h6v6h-6Z');
    expect(markerPath('circle', 10, 20, 3)).toBe('M7,20a3,3 0 1,0 6,0a3,3 0 1,0 -6,0Z');
  });
});
