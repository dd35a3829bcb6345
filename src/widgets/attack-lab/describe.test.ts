import { describe, expect, it } from 'vitest';
import { EPS_MAX, EPS_STEP } from './lab-state.ts';
import { SCALE_NOTE_ROOM, formatNorm, percent, scaleNote, verdictRoom, verdictSentence } from './describe.ts';

describe('percent', () => {
  it('rounds to what a reader can compare', () => {
    expect(percent(0.97)).toBe('97%');
    expect(percent(0.9934)).toBe('99.3%');
    expect(percent(0.99996)).toBe('>99.9%');
    expect(percent(0.00001)).toBe('<0.1%');
    expect(percent(0.004)).toBe('0.4%');
    expect(percent(NaN)).toBe('–');
  });
});

describe('verdictSentence', () => {
  const base = { cleanLabel: 7, cleanConfidence: 0.99, advLabel: 3, advConfidence: 0.97, epsilon: 0.2 };
  it('says what the digit became', () => expect(verdictSentence(base)).toBe('7 at 99% became 3 at 97%.'));
  it('says when it holds', () =>
    expect(verdictSentence({ ...base, advLabel: 7, advConfidence: 0.8 })).toBe('7 at 99% stays 7 (now 80%).'));
  it("names a drawing as the reader's", () =>
    expect(verdictSentence({ ...base, drawn: true })).toBe('Your drawing: 7 at 99% became 3 at 97%.'));
  it('says there is no attack at ε = 0', () =>
    expect(verdictSentence({ ...base, epsilon: 0, advLabel: 7 })).toMatch(/^No attack/));
  it('reports a targeted attack', () => {
    expect(verdictSentence({ ...base, target: { label: 3, before: 0.001, after: 0.97 } })).toMatch(
      /Target 3 reached\.$/,
    );
    expect(verdictSentence({ ...base, advLabel: 7, target: { label: 5, before: 0.001, after: 0.2 } })).toMatch(
      /Target 5 not reached: its probability went from 0.1% to 20%\.$/,
    );
  });
});

describe('formatNorm', () => {
  it('never shows a norm larger than it is', () => {
    expect(formatNorm(0.2)).toBe('0.200');
    expect(formatNorm(0.2000001)).toBe('0.200');
    expect(formatNorm(0.1999)).toBe('0.199');
    expect(formatNorm(3.14159)).toBe('3.141');
  });
});

describe('the room kept for changing words', () => {
  const longest = (forms: string[]) => Math.max(...forms.map((f) => f.length));
  it('keeps the verdict room for every form ε can bring, for one digit and attack', () => {
    const probs = [0.0004, 0.004, 0.2, 0.97, 0.9934, 0.99996];
    for (const target of [null, { label: 5, before: 0.001, after: 0.2 }]) {
      const shown = { cleanLabel: 7, cleanConfidence: 0.9934, advLabel: 7, advConfidence: 0.5, epsilon: 0, target };
      const room = longest(verdictRoom(shown));
      for (const epsilon of [0, EPS_STEP, 0.25])
        for (const advLabel of [7, 3, 5])
          for (const p of probs) {
            const t = target && { ...target, before: p, after: p };
            expect(
              verdictSentence({ ...shown, epsilon, advLabel, advConfidence: p, target: t }).length,
            ).toBeLessThanOrEqual(room);
          }
    }
  });
  it('keeps the scale note room for every ε', () => {
    const room = longest(SCALE_NOTE_ROOM);
    for (let i = 0; i <= Math.round(EPS_MAX / EPS_STEP); i++)
      expect(scaleNote(i * EPS_STEP).length).toBeLessThanOrEqual(room);
    expect(scaleNote(0.25)).toBe('ends at ±0.250 (amplified ×2.0 vs. the grey scale)');
  });
});
