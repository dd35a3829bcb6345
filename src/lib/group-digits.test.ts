import { describe, expect, it } from 'vitest';
import { groupDigits } from './group-digits.ts';

describe('groupDigits', () => {
  const intl = (v: number, d: number) =>
    new Intl.NumberFormat('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);

  it('writes what Intl.NumberFormat en-GB writes', () => {
    const values = [0, -0, 1, 7, 12, 999, 1000, 1234.5, 150_528, 1_000_000, -1234.567, 0.125, 2.5, 99.95, 0.0049, 1e20];
    for (const v of values) for (const d of [0, 1, 2, 3]) expect(groupDigits(v, d), `${v}, ${d}`).toBe(intl(v, d));
  });

  it('agrees with Intl on seeded random values, ties and all', () => {
    let s = 12345;
    const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let i = 0; i < 2000; i++) {
      const v = next() * 10 ** Math.floor(Math.abs(next()) * 9);
      const d = i % 4;
      expect(groupDigits(v, d), `${v}, ${d}`).toBe(intl(v, d));
    }
  });

  it('writes the non-finite values as Intl does', () => {
    for (const v of [NaN, Infinity, -Infinity]) expect(groupDigits(v)).toBe(intl(v, 0));
  });
});
