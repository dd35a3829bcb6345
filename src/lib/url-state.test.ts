import { describe, expect, it } from 'vitest';
import { DRAWING_FIELD, encodeDigit } from './digit-code.ts';
import { readState, readStateChecked, writeState, type Schema } from './url-state.ts';

const schema = {
  points: { kind: 'int', min: 100, max: 100_000, default: 2000 },
  noise: { kind: 'float', min: 0, max: 2, default: 0, digits: 2 },
  unroll: { kind: 'bool', default: false },
  attack: { kind: 'enum', values: ['fgsm', 'pgd'], default: 'fgsm' },
  pair: { kind: 'ints', min: 0, max: 99_999, length: 2, default: null },
} satisfies Schema;

const read = (q: string) => readState(schema, 'sr', new URLSearchParams(q));

describe('url state', () => {
  it('gives defaults for an empty query', () => {
    expect(read('')).toEqual({ points: 2000, noise: 0, unroll: false, attack: 'fgsm', pair: null });
  });
  it('reads valid values', () => {
    expect(read('sr.points=500&sr.noise=0.25&sr.unroll=1&sr.attack=pgd&sr.pair=3_17')).toEqual({
      points: 500,
      noise: 0.25,
      unroll: true,
      attack: 'pgd',
      pair: [3, 17],
    });
  });
  it('clamps out-of-range numbers and rounds integers', () => {
    expect(read('sr.points=9999999&sr.noise=-3')).toMatchObject({ points: 100_000, noise: 0 });
    expect(read('sr.points=12.7&sr.pair=-5_200000')).toMatchObject({ points: 100, pair: [0, 99_999] });
  });
  it('ignores garbage and keeps the default', () => {
    expect(read('sr.points=lots&sr.noise=NaN&sr.unroll=maybe&sr.attack=<script>&sr.pair=1')).toEqual(read(''));
    expect(read('sr.points=Infinity&sr.noise=1e999&sr.pair=1_x')).toEqual(read(''));
  });
  it('ignores other figures’ parameters', () => {
    expect(read('other.points=500')).toEqual(read(''));
  });
  it('writes only non-defaults and round-trips', () => {
    const start = new URLSearchParams('keep=yes&sr.points=500');
    const state = { points: 2000, noise: 0.1234, unroll: true, attack: 'pgd', pair: [4, 9] } as const;
    const written = writeState(schema, 'sr', state, start);
    expect(written.toString()).toBe('keep=yes&sr.noise=0.12&sr.unroll=1&sr.attack=pgd&sr.pair=4_9');
    expect(readState(schema, 'sr', written)).toEqual({ ...state, noise: 0.12 });
  });
});

describe('url state, whole-number floats', () => {
  const angles = { yaw: { kind: 'float', min: -180, max: 180, default: -30, digits: 0 } } satisfies Schema;
  it('keeps the zeros of a number written without decimals', () => {
    for (const yaw of [40, -30.4, 100, 0]) {
      const params = writeState(angles, 'sr', { yaw }, new URLSearchParams());
      expect(readState(angles, 'sr', params).yaw).toBe(Math.round(yaw) === -30 ? -30 : Math.round(yaw));
    }
    expect(writeState(angles, 'sr', { yaw: 100 }, new URLSearchParams()).toString()).toBe('sr.yaw=100');
    expect(writeState(angles, 'sr', { yaw: -30.2 }, new URLSearchParams()).toString()).toBe('');
  });
});

describe('url state, codes', () => {
  const schema = { ink: { kind: 'code', pattern: /^1[a-z]+$/, maxLength: 8, default: '' } } as const satisfies Schema;
  it('keeps a code that matches, and ignores one that does not or is too long', () => {
    expect(readState(schema, 'x', new URLSearchParams('x.ink=1abc')).ink).toBe('1abc');
    expect(readState(schema, 'x', new URLSearchParams('x.ink=2abc')).ink).toBe('');
    expect(readState(schema, 'x', new URLSearchParams('x.ink=1abc<script>')).ink).toBe('');
    expect(readState(schema, 'x', new URLSearchParams('x.ink=1abcdefghij')).ink).toBe('');
  });
  it('writes a code only when it is not the default', () => {
    expect(writeState(schema, 'x', { ink: '1abc' }, new URLSearchParams()).toString()).toBe('x.ink=1abc');
    expect(writeState(schema, 'x', { ink: '' }, new URLSearchParams('x.ink=1abc')).toString()).toBe('');
  });
});

describe('url state, codes that must decode', () => {
  const decode = (text: string) => (text.length % 2 === 0 ? text : null);
  const schema = {
    ink: { kind: 'code', pattern: /^1[a-z]+$/, maxLength: 8, default: '', decode },
  } as const satisfies Schema;
  it('keeps a code that decodes and ignores one that matches the pattern but does not', () => {
    expect(readState(schema, 'x', new URLSearchParams('x.ink=1abc')).ink).toBe('1abc');
    expect(readState(schema, 'x', new URLSearchParams('x.ink=1ab')).ink).toBe('');
  });
  it('a real drawing code: a truncated one is ignored', () => {
    const drawing = { ink: DRAWING_FIELD } as const satisfies Schema;
    const code = encodeDigit(Float32Array.from({ length: 784 }, (_, i) => (i % 29 === 0 ? 1 : 0)));
    expect(readState(drawing, 'lab', new URLSearchParams({ 'lab.ink': code })).ink).toBe(code);
    const cut = code.slice(0, -3);
    expect(DRAWING_FIELD.pattern.test(cut)).toBe(true);
    expect(readState(drawing, 'lab', new URLSearchParams({ 'lab.ink': cut })).ink).toBe('');
  });
});

describe('readStateChecked', () => {
  it('names the parameters it could not read, and only those', () => {
    const { state, unreadable } = readStateChecked(
      schema,
      'sr',
      new URLSearchParams('sr.points=lots&sr.noise=9&sr.unroll=maybe&sr.attack=pgd&sr.pair=1_x&other.points=lots'),
    );
    // Out of range is clamped and kept; garbage is replaced by the default and reported.
    expect(state).toEqual({ points: 2000, noise: 2, unroll: false, attack: 'pgd', pair: null });
    expect(unreadable).toEqual(['sr.points', 'sr.unroll', 'sr.pair']);
  });
  it('reports nothing for a clean or empty query', () => {
    expect(readStateChecked(schema, 'sr', new URLSearchParams('sr.points=500&sr.pair=3_17')).unreadable).toEqual([]);
    expect(readStateChecked(schema, 'sr', new URLSearchParams('')).unreadable).toEqual([]);
  });
  it('counts a pair of the wrong length as unreadable', () => {
    expect(readStateChecked(schema, 'sr', new URLSearchParams('sr.pair=1_2_3')).unreadable).toEqual(['sr.pair']);
  });
});
