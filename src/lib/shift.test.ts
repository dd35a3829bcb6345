import { describe, expect, it } from 'vitest';
import {
  CURVE_LEVELS,
  SHIFTS,
  SHIFT_KINDS,
  SHIFT_LEVEL_STEP,
  ShiftTally,
  shiftBatch,
  shiftDigit,
  shiftSentence,
  shiftSentenceLongest,
  type ShiftScore,
} from './shift.ts';
import { longestForms } from './steady-text.ts';

/** A 28 × 28 "1": a vertical bar of ink in the middle columns. */
const bar = Float32Array.from({ length: 784 }, (_, i) =>
  i % 28 >= 13 && i % 28 <= 14 && i >= 4 * 28 && i < 24 * 28 ? 1 : 0,
);
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('shifting the held-out digits', () => {
  it('leaves every digit unchanged at severity 0', () => {
    for (const kind of SHIFT_KINDS) expect(Array.from(shiftDigit(bar, kind, 0, 1))).toEqual(Array.from(bar));
  });
  it('rotates a vertical bar into a horizontal one at 90°', () => {
    const r = shiftDigit(bar, 'rotate', 1, 1);
    const row = (y: number) => sum(r.subarray(y * 28, (y + 1) * 28));
    expect(row(13) + row(14)).toBeGreaterThan(30); // the ink now lies along the middle rows
    expect(row(5)).toBeLessThan(1);
  });
  it('moves the ink right and down', () => {
    const m = shiftDigit(bar, 'move', 1, 1);
    const centreX = (img: Float32Array) => sum(img.map((v, i) => v * (i % 28))) / sum(img);
    expect(centreX(m) - centreX(bar)).toBeCloseTo(8 / Math.SQRT2, 0);
  });
  it('fades towards mid-grey, adds seeded noise, and blends towards the negative', () => {
    const f = shiftDigit(bar, 'fade', 1, 1);
    expect(f[0]).toBeCloseTo(0.45, 5);
    expect(f[14 * 28 + 13]).toBeCloseTo(0.55, 5);
    const a = shiftDigit(bar, 'noise', 0.5, 7),
      b = shiftDigit(bar, 'noise', 0.5, 7),
      c = shiftDigit(bar, 'noise', 0.5, 8);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(Array.from(shiftDigit(bar, 'invert', 0.5, 1)).every((v) => v === 0.5)).toBe(true);
    expect(Array.from(shiftDigit(bar, 'invert', 1, 1))).toEqual(Array.from(bar, (v) => 1 - v));
  });
  it('gives each digit of a batch its own noise, the same on every run', () => {
    const two = new Float32Array(784 * 2);
    two.set(bar, 0);
    two.set(bar, 784);
    const batch = shiftBatch(two, [0, 1], 'noise', 1);
    expect(Array.from(batch.subarray(0, 784))).not.toEqual(Array.from(batch.subarray(784)));
    expect(Array.from(shiftBatch(two, [1], 'noise', 1))).toEqual(Array.from(batch.subarray(784)));
  });
  it('says the amount in the unit a reader knows', () => {
    expect(SHIFTS.rotate.amount(0.5)).toBe('45°');
    expect(SHIFTS.move.amount(0.25)).toBe('2 px');
    expect(SHIFTS.fade.amount(1)).toBe('contrast ×0.10');
    // Tick labels stay short enough for five of them on a phone-wide chart.
    for (const kind of SHIFT_KINDS)
      for (const s of [0, 0.25, 0.5, 0.75, 1]) expect(SHIFTS[kind].tick(s).length).toBeLessThanOrEqual(6);
    expect(SHIFTS.fade.tick(0.5)).toBe('×0.55');
    expect(CURVE_LEVELS).toHaveLength(9);
    expect(CURVE_LEVELS.at(-1)).toBe(1);
  });
});

describe('scoring a shifted set', () => {
  it('counts accuracy, mean confidence and confident mistakes over batches', () => {
    const tally = new ShiftTally();
    const row = (k: number, p: number) => Array.from({ length: 10 }, (_, j) => (j === k ? p : (1 - p) / 9));
    tally.add([...row(3, 0.95), ...row(1, 0.6)], [3, 2]); // right and sure; wrong, unsure
    tally.add(row(7, 0.99), [4]); // wrong and sure
    const s = tally.score();
    expect(s.count).toBe(3);
    expect(s.accuracy).toBeCloseTo(1 / 3);
    expect(s.confidence).toBeCloseTo((0.95 + 0.6 + 0.99) / 3);
    expect(s.confidentMistakes).toBeCloseTo(1 / 3);
    expect(new ShiftTally().score()).toEqual({ count: 0, accuracy: 0, confidence: 0, confidentMistakes: 0 });
  });
  it('puts the result in one sentence that says when confidence outruns accuracy', () => {
    expect(
      shiftSentence('rotate', 0.5, 'cnn', { count: 800, accuracy: 0.41, confidence: 0.88, confidentMistakes: 0.3 }),
    ).toBe(
      'Rotated 45°: cnn gets 41% of the 800 held-out digits right yet is on average 88% sure; 30% of the digits are wrong with more than 90% confidence.',
    );
    expect(
      shiftSentence('noise', 0, 'linear', { count: 800, accuracy: 0.92, confidence: 0.9, confidentMistakes: 0 }),
    ).toBe('Unshifted: linear gets 92% of the 800 held-out digits right and is on average 90% sure.');
  });
});

describe('shiftSentenceLongest', () => {
  it('keeps the same forms as every sentence at all 1,001 levels a link can give', () => {
    const scores: ShiftScore[] = [
      { count: 800, accuracy: 0.5, confidence: 1, confidentMistakes: 0.5 },
      { count: 800, accuracy: 0.95, confidence: 1, confidentMistakes: 0.05 },
    ];
    for (const kind of SHIFT_KINDS) {
      const every = scores.flatMap((score) =>
        Array.from({ length: 1001 }, (_, i) => shiftSentence(kind, i / 1000, 'cnn-robust', score)),
      );
      expect(shiftSentenceLongest(kind, 'cnn-robust', 800)).toEqual(longestForms(every));
    }
  });
  it('is at least as long as the sentence at any level the slider reaches', () => {
    for (const kind of SHIFT_KINDS) {
      const room = Math.max(...shiftSentenceLongest(kind, 'cnn', 800).map((s) => s.length));
      for (let i = 0; i <= 40; i++) {
        const s = shiftSentence(kind, i * SHIFT_LEVEL_STEP, 'cnn', {
          count: 800,
          accuracy: 0.1,
          confidence: 0.999,
          confidentMistakes: 0.9,
        });
        expect(s.length).toBeLessThanOrEqual(room);
      }
    }
  });
});
