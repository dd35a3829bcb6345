import { describe, expect, it } from 'vitest';
import { listJoin, shiftComparisonSentence, shiftGaps, type CurvePoint } from './shift-compare.ts';

const curve = (acc: number[]): CurvePoint[] =>
  acc.map((accuracy, i) => ({ level: i / (acc.length - 1), accuracy, confidence: 0.9, confidentMistakes: 0 }));

describe('shift comparison', () => {
  const robust = { fade: curve([0.97, 0.965, 0.1]), noise: curve([0.97, 0.6, 0.16]), rotate: curve([0.97, 0.9, 0.5]) };
  const normal = { fade: curve([0.98, 0.86, 0.2]), noise: curve([0.98, 0.8, 0.34]), rotate: curve([0.98, 0.91, 0.51]) };

  it('finds the largest lead and deficit per kind, ignoring gaps below the threshold', () => {
    const gaps = shiftGaps(robust, normal, 0.04);
    expect(gaps.ahead).toEqual([{ kind: 'fade', level: 0.5, a: 0.965, b: 0.86 }]);
    // noise: the deficit at level 0.5 (20 points) beats the one at 1 (18); rotate stays within 4 points.
    expect(gaps.behind.map((g) => [g.kind, g.level])).toEqual([
      ['noise', 0.5],
      ['fade', 1],
    ]);
  });
  it('says what the data say, in every case', () => {
    const gaps = shiftGaps(robust, normal, 0.04);
    expect(shiftComparisonSentence('A', 'B', gaps)).toBe(
      'A is ahead of B on digits faded to 55% contrast (96.5% right against 86.0%), and behind it on digits with noise of σ = 0.30 (60.0% against 80.0%) and on digits faded to 10% contrast (10.0% against 20.0%).',
    );
    expect(shiftComparisonSentence('A', 'B', gaps, 0.04, 1)).toBe(
      'A is ahead of B on digits faded to 55% contrast (96.5% right against 86.0%), and behind it on digits with noise of σ = 0.30 (60.0% against 80.0%).',
    );
    expect(shiftComparisonSentence('A', 'B', { ahead: [], behind: [] })).toMatch(/stay within 4 points/);
    expect(shiftComparisonSentence('A', 'B', { ahead: gaps.ahead, behind: [] })).toMatch(/never behind it/);
    expect(shiftComparisonSentence('A', 'B', { ahead: [], behind: gaps.behind })).toMatch(
      /^A is behind B on digits with noise of σ = 0.30 \(60.0% right against 80.0%\)/,
    );
  });
  it('joins lists in prose', () => {
    expect(listJoin(['a'])).toBe('a');
    expect(listJoin(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
