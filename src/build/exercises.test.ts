import { describe, expect, it } from 'vitest';
import { getAnswers, getLab, solutionsHidden } from './exercises.ts';

describe('SOLUTIONS', () => {
  it('hides solutions only when asked exactly, and stops a build on a typo', () => {
    expect(solutionsHidden(undefined)).toBe(false);
    expect(solutionsHidden('')).toBe(false);
    expect(solutionsHidden('shown')).toBe(false);
    expect(solutionsHidden('hidden')).toBe(true);
    expect(() => solutionsHidden('hiden')).toThrow(/SOLUTIONS=hiden/);
    expect(() => solutionsHidden('Hidden')).toThrow();
  });
});

describe('exercise data', () => {
  it('names the lab and the file when a lab is missing', () => {
    expect(() => getLab('no-such-lab', '<LabLink lab="no-such-lab">')).toThrow(/no lab "no-such-lab"/);
    expect(getLab('flip-fgsm-cnn', 'test').figure).toBe('fig-attack-lab');
    expect(Object.keys(getAnswers().answers)).toContain('flip-fgsm-cnn');
  });
});
