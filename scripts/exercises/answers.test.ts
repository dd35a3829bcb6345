// The lab exercises' answers are measured from the committed files, never typed: this fails when a
// model, a static figure or the lab list changed since content/exercises/answers.json was made, and
// when a measured value no longer supports what an exercise's solution says about it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerValue, answersFileSchema, labsFileSchema, parseWith } from '../../src/lib/exercise-labs.ts';
import { ANSWERS_FILE, LABS_FILE, REGENERATE, currentInputs } from './inputs.ts';

const labs = parseWith(labsFileSchema, JSON.parse(readFileSync(LABS_FILE, 'utf8')), LABS_FILE);
const answers = parseWith(answersFileSchema, JSON.parse(readFileSync(ANSWERS_FILE, 'utf8')), ANSWERS_FILE);
const num = (lab: string, value: string) => {
  const v = answerValue(answers, lab, value);
  if (typeof v !== 'number') throw new Error(`${lab}.${value} is ${String(v)}, not a number`);
  return v;
};
const str = (lab: string, value: string) => String(answerValue(answers, lab, value));

describe('lab answers', () => {
  it('were made from the files as they are now', () => {
    const stale = Object.entries(currentInputs(labs))
      .filter(([path, hash]) => answers.inputs[path] !== hash)
      .map(([path]) => path);
    expect(stale, `changed since ${ANSWERS_FILE} was made: run ${REGENERATE}`).toEqual([]);
  });

  it('exist for exactly the labs that measure something', () => {
    const measured = Object.entries(labs)
      .filter(([, lab]) => lab.measure)
      .map(([id]) => id);
    expect(Object.keys(answers.answers).sort(), `run ${REGENERATE}`).toEqual(measured.sort());
  });
});

// Each claim below is written in prose in content/exercises/; if new models break one, revise the text.
describe('what the solutions say about the measured values', () => {
  it('Exercise 2.4: the copy is rotated, which the cnn never saw in training (its augmentation is shifts), and features rank the copy first', () => {
    expect(str('pixel-feature-opening', 'transform')).toMatch(/^rotated/); // a transform it never saw in training
    expect(str('pixel-feature-opening', 'augmentation')).toMatch(/shift/);
    expect(num('pixel-feature-opening', 'lookalikePixel')).toBeLessThan(num('pixel-feature-opening', 'copyPixel'));
    expect(num('pixel-feature-opening', 'featureRatio')).toBeGreaterThan(1.5);
  });

  it('Exercise 4.4: under rotation accuracy collapses further than confidence, and cnn-robust is no better', () => {
    const drop = (v: string) => num('shift-rotate-cnn', `clean${v}`) - num('shift-rotate-cnn', v.toLowerCase());
    expect(drop('Accuracy')).toBeGreaterThan(drop('Confidence'));
    expect(num('shift-rotate-cnn', 'robustAccuracy')).toBeLessThan(num('shift-rotate-cnn', 'accuracy') + 0.05);
    expect(num('shift-rotate-cnn', 'robustConfidentMistakes')).toBeLessThan(
      num('shift-rotate-cnn', 'confidentMistakes'),
    );
  });

  it('Exercise 4.5: at a similar accuracy, fading leaves the cnn less sure and less often confidently wrong', () => {
    expect(Math.abs(num('shift-fade-cnn', 'accuracy') - num('shift-rotate-cnn', 'accuracy'))).toBeLessThan(0.15);
    expect(num('shift-fade-cnn', 'confidence')).toBeLessThan(num('shift-rotate-cnn', 'confidence'));
    expect(num('shift-fade-cnn', 'confidentMistakes')).toBeLessThan(num('shift-rotate-cnn', 'confidentMistakes'));
  });

  it('Exercise 5.3: the L2 length is below the bound and about ε√(pixels moved fully)', () => {
    const eps = num('attack-lab-opening', 'eps');
    expect(num('attack-lab-opening', 'l2')).toBeLessThan(num('attack-lab-opening', 'bound'));
    expect(num('attack-lab-opening', 'l2') / (eps * Math.sqrt(num('attack-lab-opening', 'fullMoves')))).toBeCloseTo(
      1,
      1,
    );
  });

  it('Exercise 5.4: FGSM flips linear first, cnn-robust last, near a tie', () => {
    const eps = ['flip-fgsm-linear', 'flip-fgsm-cnn', 'flip-fgsm-robust'].map((lab) => num(lab, 'eps'));
    expect(eps).toEqual([...eps].sort((a, b) => a - b));
    expect(new Set(eps).size).toBe(3);
    for (const lab of ['flip-fgsm-linear', 'flip-fgsm-cnn', 'flip-fgsm-robust'])
      expect(num(lab, 'confidence')).toBeLessThan(0.8);
  });

  it('Exercise 7.1: the measured cost ratio is at most T + 1 for the training attack', () => {
    const method = str('training-cost', 'robustMethod');
    const steps = /PGD[- ]?(\d+)|(\d+)[- ]step/i.exec(method);
    const passes = steps ? Number(steps[1] ?? steps[2]) + 1 : /FGSM/.test(method) ? 2 : NaN;
    expect(passes, `Exercise 7.1 cannot tell the attack from "${method}"`).not.toBeNaN();
    // The solution says the ratio comes out lower than the count, because the two trainings ran different code.
    expect(num('training-cost', 'ratio')).toBeLessThanOrEqual(passes);
  });

  it('Exercise 7.4: PGD flips with a smaller budget than FGSM, and cnn-robust needs more than cnn', () => {
    expect(num('flip-pgd-cnn', 'eps')).toBeLessThanOrEqual(num('flip-fgsm-cnn', 'eps'));
    expect(num('flip-pgd-robust', 'eps')).toBeLessThanOrEqual(num('flip-fgsm-robust', 'eps'));
    expect(num('flip-pgd-robust', 'eps')).toBeGreaterThan(1.5 * num('flip-pgd-cnn', 'eps'));
  });
});
