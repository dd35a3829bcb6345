import { describe, expect, it } from 'vitest';
import { makeSwissRoll, geodesicDistance, straightDistance } from '../../lib/swiss-roll.ts';
import { pickNearest, randomPair, tellingPair } from './pairs.ts';

// An orthographic "camera" looking down −z at the square [−10, 10]²: clip = (x/10, y/10, −z/100).
const ortho = [0.1, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, -0.01, 0, 0, 0, 0, 1];

describe('pickNearest', () => {
  const positions = [0, 0, 0, 5, 5, 0, 5.05, 5.05, 50, -9, -9, 0];
  it('finds the point under the cursor, in CSS pixels with y down', () => {
    expect(pickNearest(positions, 4, ortho, 200, 200, 100, 100)).toBe(0);
    expect(pickNearest(positions, 4, ortho, 200, 200, 10, 190)).toBe(3);
    expect(pickNearest(positions, 4, ortho, 200, 200, 160, 60, 5)).toBe(-1);
  });
  it('prefers the front point of two that overlap on screen', () => {
    // Points 1 and 2 project to about the same pixel (150, 50); 2 is nearer the camera (z = 50).
    expect(pickNearest(positions, 4, ortho, 200, 200, 150, 50)).toBe(2);
  });
});

describe('pairs', () => {
  it('tellingPair picks points close in 3-D but far along the sheet', () => {
    const roll = makeSwissRoll({ count: 3000, seed: 7 });
    const [a, b] = tellingPair(roll)!;
    const along = geodesicDistance(
      { t: roll.t[a]!, height: roll.height[a]! },
      { t: roll.t[b]!, height: roll.height[b]! },
    );
    expect(straightDistance(roll, a, b)).toBeLessThan(8);
    expect(along / straightDistance(roll, a, b)).toBeGreaterThan(4);
  });
  it('randomPair is seeded and gives distinct indices in range', () => {
    expect(randomPair(100, 3)).toEqual(randomPair(100, 3));
    expect(randomPair(100, 3)).not.toEqual(randomPair(100, 4));
    for (let d = 0; d < 200; d++) {
      const [a, b] = randomPair(5, d)!;
      expect(a).not.toBe(b);
      expect(Math.max(a, b)).toBeLessThan(5);
    }
    expect(randomPair(1, 0)).toBeNull();
  });
});
