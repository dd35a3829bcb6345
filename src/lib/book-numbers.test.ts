import { describe, expect, it } from 'vitest';
import { compareWord, evaluate, formatNumber, holds, resolvePath } from './book-numbers.ts';

const tree = {
  cnn: {
    cleanAccuracy: { heldOut: 0.981 },
    training: { seconds: 338.5 },
    rows: [{ epsilon: 0.1, pgd: { accuracy: 0.53 } }],
  },
  'cnn-robust': { cleanAccuracy: { heldOut: 0.9705 }, training: { seconds: 577.3 } },
  shift: {
    cnn: {
      fade: [
        { level: 0, accuracy: 0.983 },
        { level: 0.625, accuracy: 0.861 },
      ],
    },
  },
  probs: { clean: [0.1, 0.9] },
  label: { name: 'seven' },
};

describe('book numbers', () => {
  it('reads fields, picks array elements by level or epsilon, and indexes arrays', () => {
    expect(resolvePath(tree, 'cnn.cleanAccuracy.heldOut')).toBe(0.981);
    expect(resolvePath(tree, 'cnn-robust.training.seconds')).toBe(577.3);
    expect(resolvePath(tree, 'shift.cnn.fade@0.625.accuracy')).toBe(0.861);
    expect(resolvePath(tree, 'cnn.rows@0.1.pgd.accuracy')).toBe(0.53);
    expect(resolvePath(tree, 'probs.clean[1]')).toBe(0.9);
  });
  it('names the step that does not exist', () => {
    expect(() => resolvePath(tree, 'cnn-fgsm.cleanAccuracy')).toThrow(/no data named "cnn-fgsm"/);
    expect(() => resolvePath(tree, 'cnn.cleanAccuracy.shippedSample')).toThrow(
      /"cnn.cleanAccuracy.shippedSample": no field "shippedSample"/,
    );
    expect(() => resolvePath(tree, 'shift.cnn.fade@0.5.accuracy')).toThrow(/no element with level or epsilon 0.5/);
    expect(() => resolvePath(tree, 'probs.clean[2]')).toThrow(/no element \[2\]/);
    expect(() => resolvePath(tree, 'label.name')).toThrow(/not a number/);
    expect(() => resolvePath(tree, 'cnn.cleanAccuracy')).toThrow(/not a number/);
  });
  it('evaluates arithmetic over paths, with hyphenated names and spaced minus', () => {
    expect(evaluate('cnn-robust.training.seconds / cnn.training.seconds', tree)).toBeCloseTo(577.3 / 338.5, 12);
    expect(evaluate('1 - cnn.cleanAccuracy.heldOut', tree)).toBeCloseTo(0.019, 9);
    expect(evaluate('(cnn.cleanAccuracy.heldOut - cnn-robust.cleanAccuracy.heldOut) * 100', tree)).toBeCloseTo(1.05, 9);
    expect(evaluate('-2 + 3 * 4', tree)).toBe(10);
    expect(() => evaluate('cnn.cleanAccuracy.heldOut-1', tree)).toThrow(/cannot read|no field/);
    expect(() => evaluate('(1 + 2', tree)).toThrow(/not closed/);
    expect(() => evaluate('1 / 0', tree)).toThrow(/finite/);
  });
  it('checks conditions joined by and', () => {
    expect(holds('cnn.cleanAccuracy.heldOut > cnn-robust.cleanAccuracy.heldOut', tree)).toBe(true);
    expect(holds('shift.cnn.fade@0.625.accuracy >= 0.9', tree)).toBe(false);
    expect(holds('1 < 2 and 3 <= 3 and 4 > 5', tree)).toBe(false);
    expect(holds('1 < 2 and 3 <= 3', tree)).toBe(true);
    expect(holds('2 != 3 and 2 == 2', tree)).toBe(true);
    expect(() => holds('1 + 2', tree)).toThrow(/needs <, >/);
  });
  it('formats percentages, counts and ratios', () => {
    expect(formatNumber(0.981)).toBe('98.1%');
    expect(formatNumber(0.5123, 'percent', 0)).toBe('51%');
    expect(formatNumber(150528, 'number')).toBe('150,528');
    expect(formatNumber(7.619, 'number', 1)).toBe('7.6');
    expect(formatNumber(1.7054, 'times')).toBe('1.7×');
  });
  it('chooses the comparative the data support', () => {
    const words = { more: 'ahead of', less: 'behind', same: 'level with' };
    expect(compareWord(0.965, 0.861, words)).toBe('ahead of');
    expect(compareWord(0.163, 0.343, words)).toBe('behind');
    expect(compareWord(0.5, 0.505, words, 0.01)).toBe('level with');
  });
});
