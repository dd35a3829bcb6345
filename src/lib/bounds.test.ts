import { describe, expect, it } from 'vitest';
import { boundsOf } from './bounds.ts';

describe('boundsOf', () => {
  it('finds the box of the first points of interleaved x, y, z', () => {
    expect(boundsOf([1, 2, 3, -1, 5, 0, 99, 99, 99], 2)).toEqual({ min: [-1, 2, 0], max: [1, 5, 3] });
  });
  it('is empty (infinite the wrong way round) for no points', () => {
    expect(boundsOf([], 0)).toEqual({ min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] });
  });
});
