import { describe, expect, it } from 'vitest';
import { crossFades, frameAt, frameTimes, latentLine, mean, nearestForFrames, nearestReal } from './frames.ts';

const P = 784;
const flat = (v: number) => new Float32Array(P).fill(v);

describe('interpolation frames', () => {
  it('a cross-fade starts at a, ends at b and blends linearly between', () => {
    const a = flat(0);
    const b = flat(1);
    const frames = crossFades(a, b, frameTimes(5));
    expect(frames.length).toBe(5 * P);
    expect(frames[0]).toBe(0);
    expect(frames[2 * P + 100]).toBeCloseTo(0.5);
    expect(frames[4 * P + 783]).toBe(1);
  });

  it('the latent line runs straight from one code to the other', () => {
    expect([...latentLine([0, 2], [4, -2], [0, 0.25, 1])]).toEqual([0, 2, 1, 1, 4, -2]);
  });

  it('a t slider lands on the nearest frame, clamped to the strip', () => {
    expect(frameTimes(7)).toHaveLength(7);
    expect(frameAt(0)).toBe(0);
    expect(frameAt(0.5)).toBe(3);
    expect(frameAt(0.9)).toBe(5);
    expect(frameAt(7)).toBe(6);
    expect(frameAt(-1)).toBe(0);
    expect(frameAt(Number.NaN)).toBe(0);
  });

  it('finds the nearest real digit in L2, skipping the excluded ones', () => {
    const set = new Float32Array(3 * P);
    set.fill(0.2, 0, P); // digit 0: all 0.2
    set.fill(0.9, P, 2 * P); // digit 1: all 0.9
    set.fill(0.5, 2 * P, 3 * P); // digit 2: all 0.5
    const image = flat(0.25);
    expect(nearestReal(image, set, []).index).toBe(0);
    expect(nearestReal(image, set, []).distance).toBeCloseTo(Math.sqrt(P * 0.05 ** 2), 4);
    const skipping = nearestReal(image, set, [0]);
    expect(skipping.index).toBe(2);
    expect(skipping.distance).toBeCloseTo(Math.sqrt(P * 0.25 ** 2), 4);
    expect(nearestReal(image, set, [0, 1, 2]).index).toBe(-1);
    const both = nearestForFrames(Float32Array.from([...flat(0.85), ...flat(0.45)]), set, []);
    expect(both.map((n) => n.index)).toEqual([1, 2]);
  });

  it('a cross-fade of two different digits leaves them: its middle is farther from both than the ends are', () => {
    // Two "digits" with ink in different halves; a third real digit like the first.
    const a = new Float32Array(P).fill(1, 0, P / 2);
    const b = new Float32Array(P).fill(1, P / 2);
    const set = Float32Array.from([...a, ...b, ...a]);
    const frames = crossFades(a, b, frameTimes(3));
    const d = nearestForFrames(frames, set, [0, 1]).map((n) => n.distance);
    expect(d[0]).toBe(0);
    expect(d[1]).toBeGreaterThan(d[0]!);
    expect(mean([1, 2, 3])).toBe(2);
    expect(mean([])).toBeNaN();
  });
});
