import { describe, expect, it } from 'vitest';
import { HEIGHT, SHEET_LENGTH, makeSwissRoll, sheetPath } from '../../lib/swiss-roll.ts';
import { Placer, nodesPath, rollData } from './geometry.ts';

const roll = rollData(makeSwissRoll({ count: 500, noise: 0.4, seed: 3 }));

describe('rollData', () => {
  it('splits every point into its place on the roll plus an offset, and colours it by t', () => {
    const clean = rollData(makeSwissRoll({ count: 200, seed: 3 }));
    expect(Math.max(...clean.offsets.map(Math.abs))).toBeLessThan(1e-5);
    expect(Math.max(...roll.offsets.map(Math.abs))).toBeGreaterThan(0.5);
    // Inner end purple (viridis 0: 68, 1, 84), outer end yellow.
    const inner = roll.t.indexOf(Math.min(...roll.t));
    const outer = roll.t.indexOf(Math.max(...roll.t));
    expect(roll.colors[3 * inner + 2]).toBeGreaterThan(roll.colors[3 * inner + 1]!);
    expect(roll.colors[3 * outer]).toBeGreaterThan(200);
  });
});

describe('Placer', () => {
  it('rolled up, puts each point at its ambient position (height axis towards the camera)', () => {
    const out = new Float32Array(3 * roll.count);
    new Placer(0).placeAll(roll, out);
    for (let i = 0; i < roll.count; i += 37) {
      expect(out[3 * i]).toBeCloseTo(roll.positions[3 * i]!, 4);
      expect(out[3 * i + 1]).toBeCloseTo(roll.positions[3 * i + 2]!, 4);
      expect(out[3 * i + 2]).toBeCloseTo(roll.positions[3 * i + 1]! - HEIGHT / 2, 4);
    }
  });

  it('unrolled, lays the noiseless sheet flat and facing the camera, as long as the sheet', () => {
    const clean = rollData(makeSwissRoll({ count: 2000, seed: 5 }));
    const out = new Float32Array(3 * clean.count);
    const box = new Placer(1).placeAll(clean, out);
    expect(box.max[0] - box.min[0]).toBeCloseTo(SHEET_LENGTH, 0);
    expect(box.max[1] - box.min[1]).toBeCloseTo(HEIGHT, 0);
    expect(box.max[2] - box.min[2]).toBeLessThan(0.05);
  });

  it('keeps distances along the sheet at every stage: unrolling bends, never stretches', () => {
    const a = { t: 7, height: 4 };
    const b = { t: 11, height: 15 };
    const exact = sheetPath(a, b).length;
    for (const alpha of [0, 0.3, 0.7, 1]) {
      const world = new Placer(alpha).sheetPath(sheetPath(a, b).points);
      let length = 0;
      for (let k = 3; k < world.length; k += 3)
        length += Math.hypot(world[k]! - world[k - 3]!, world[k + 1]! - world[k - 2]!, world[k + 2]! - world[k - 1]!);
      // The polyline through 3-D follows the bent sheet: never shorter than the straight sheet distance.
      expect(length).toBeGreaterThan(exact * 0.995);
      expect(length).toBeLessThan(exact * 1.01);
    }
  });

  it('a path through sample points follows the points as drawn', () => {
    const out = new Float32Array(3 * roll.count);
    new Placer(0.5).placeAll(roll, out);
    const path = nodesPath([4, 9], out);
    expect(Array.from(path)).toEqual([...out.subarray(12, 15), ...out.subarray(27, 30)]);
  });
});
