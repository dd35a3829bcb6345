import { describe, expect, it } from 'vitest';
import { coreLog10, dimensionForShare, shellFraction, shellWords } from './shell.ts';

describe('the shell 1 − (1 − ε)ᴰ', () => {
  it('matches the formula computed directly where that is accurate', () => {
    for (const [eps, D] of [
      [0.01, 1],
      [0.01, 3],
      [0.1, 10],
      [0.3, 7],
      [0.5, 2],
    ] as const)
      expect(shellFraction(eps, D)).toBeCloseTo(1 - (1 - eps) ** D, 12);
  });

  it('gives the chapter table at ε = 1 %', () => {
    const words = [1, 2, 3, 10, 100, 1000].map((D) => shellWords(0.01, D).text);
    expect(words).toEqual(['1.0%', '2.0%', '3.0%', '9.6%', '63.4%', '99.996%']);
    expect(shellWords(0.01, 150_528)).toEqual({ text: 'all but about 10^-657', power: -657 });
  });

  it('keeps its digits for tiny ε and huge D', () => {
    // Naively, 1 − (1 − 1e-12) rounds; expm1/log1p keep D · ε.
    expect(shellFraction(1e-12, 3)).toBeCloseTo(3e-12, 20);
    expect(coreLog10(0.01, 150_528)).toBeCloseTo(-657.025, 2);
    expect(shellFraction(0.01, 150_528)).toBe(1);
  });

  it('is 0 without a shell and 1 for the whole ball, and grows with D and ε', () => {
    expect(shellFraction(0, 100)).toBe(0);
    expect(shellFraction(1, 5)).toBe(1);
    expect(shellFraction(0.01, 11)).toBeGreaterThan(shellFraction(0.01, 10));
    expect(shellFraction(0.02, 10)).toBeGreaterThan(shellFraction(0.01, 10));
  });

  it('inverts: the dimension where a 1 % shell holds half the volume', () => {
    const D = dimensionForShare(0.01, 0.5);
    expect(D).toBeCloseTo(68.97, 2);
    expect(shellFraction(0.01, D)).toBeCloseTo(0.5, 12);
  });
});
