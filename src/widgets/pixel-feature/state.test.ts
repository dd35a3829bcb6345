import { describe, expect, it } from 'vitest';
import { encodeDigit } from '../../lib/digit-code.ts';
import { readState, writeState } from '../../lib/url-state.ts';
import { PREFIX, pfSchema, transformFields, transformOf } from './state.ts';
import example from './static-example.json';

const read = (q: string) => readState(pfSchema, PREFIX, new URLSearchParams(q));

describe('the figure state in the URL', () => {
  it('defaults to the static example: its anchor turned by a rotation the model never saw in training', () => {
    const s = read('');
    expect(s.a).toBe(example.anchor.index);
    expect(transformOf(s)).toEqual({ dx: 0, dy: 0, rotate: 20, brightness: 0, contrast: 1, noise: 0, seed: 1 });
    expect(example.augmentation).toMatch(/shift/);
    expect(example.augmentation).not.toMatch(/rotat/);
    expect(s.drawn).toBe(false);
  });

  it('reads good values', () => {
    const ink = encodeDigit(new Float32Array(784).fill(0.4));
    const s = read(
      `pf.a=17&pf.dx=-3&pf.dy=4&pf.rot=-15&pf.bright=0.2&pf.contrast=1.5&pf.noise=0.1&pf.seed=7&pf.drawn=1&pf.ink=${ink}`,
    );
    expect(s).toEqual({
      a: 17,
      dx: -3,
      dy: 4,
      rot: -15,
      bright: 0.2,
      contrast: 1.5,
      noise: 0.1,
      seed: 7,
      drawn: true,
      ink,
    });
  });

  it('clamps values out of range and ignores garbage', () => {
    const s = read(
      'pf.a=-5&pf.dx=99&pf.dy=abc&pf.rot=-400&pf.bright=NaN&pf.contrast=0&pf.noise=1e9&pf.seed=&pf.drawn=maybe',
    );
    expect(s.a).toBe(0);
    expect(s.dx).toBe(4);
    expect(s.dy).toBe(pfSchema.dy.default);
    expect(s.rot).toBe(-30);
    expect(s.bright).toBe(0);
    expect(s.contrast).toBe(0.25);
    expect(s.noise).toBe(0.5);
    expect(s.seed).toBe(1);
    expect(s.drawn).toBe(false);
    expect(read('pf.dx=2.6&pf.a=12.4').dx).toBe(3);
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    const s = { ...read(''), dx: 1, rot: 10, noise: 0.123 };
    const params = writeState(pfSchema, PREFIX, s, new URLSearchParams('other=1'));
    expect(Object.fromEntries(params)).toEqual({ other: '1', 'pf.dx': '1', 'pf.rot': '10', 'pf.noise': '0.12' });
    expect(read(params.toString())).toEqual({ ...s, noise: 0.12 });
  });

  it('applies a named transform through the state fields', () => {
    for (const c of example.nearestNeighbour.compared)
      expect(transformOf({ ...read(''), ...transformFields(c.transform) })).toEqual(c.transform);
  });
});
