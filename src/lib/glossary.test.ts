import { describe, expect, it } from 'vitest';
import glossaryJson from '../../content/glossary.json';
import { parseGlossary, termFinder, type GlossaryEntry } from './glossary.ts';

const entry = (id: string, forms: string[]): GlossaryEntry => ({
  id,
  term: id,
  forms,
  definition: `The definition of ${id}, long enough.`,
  introduced: 'chapter#section',
});

describe('glossary file', () => {
  it('parses: unique ids and forms, and every "see" names an entry', () => {
    const entries = parseGlossary(glossaryJson);
    expect(entries.length).toBeGreaterThan(40);
    for (const id of ['manifold', 'intrinsic-dimension', 'mode', 'marginal-distribution', 'joint-distribution'])
      expect(entries.map((e) => e.id)).toContain(id);
  });

  it('refuses a duplicate id, a form claimed twice and a dangling "see"', () => {
    expect(() => parseGlossary([entry('a', ['xx']), entry('a', ['yy'])])).toThrow(/appears twice/);
    expect(() => parseGlossary([entry('a', ['mode']), entry('b', ['Mode'])])).toThrow(/belongs to both/);
    expect(() => parseGlossary([{ ...entry('a', ['xx']), see: ['nope'] }])).toThrow(/no entry/);
    expect(() => parseGlossary([{ ...entry('a', ['xx']), definition: 'short' }])).toThrow(/definition/);
  });
});

describe('finding terms', () => {
  const find = termFinder([
    entry('hard-negative', ['hard negative', 'hard negatives']),
    entry('mining', ['hard negative mining']),
    entry('mode', ['mode', 'modes']),
    entry('fgsm', ['FGSM']),
    entry('ball', ['ε-ball']),
  ]);
  const ids = (text: string) => find(text).map((m) => [m.id, text.slice(m.index, m.index + m.length)]);

  it('matches whole words only, longest form first', () => {
    expect(ids('Hard negative mining finds hard negatives.')).toEqual([
      ['mining', 'Hard negative mining'],
      ['hard-negative', 'hard negatives'],
    ]);
    expect(ids('a model, multimodal, the modes')).toEqual([['mode', 'modes']]);
  });

  it('takes a line break for a space and a capital first letter, but keeps acronyms exact', () => {
    expect(ids('the hard\n  negative')).toEqual([['hard-negative', 'hard\n  negative']]);
    expect(ids('Mode and FGSM, not fgsm')).toEqual([
      ['mode', 'Mode'],
      ['fgsm', 'FGSM'],
    ]);
  });

  it('handles terms with symbols and hyphens', () => {
    expect(ids('inside the ε-ball, not an ε-balloon')).toEqual([['ball', 'ε-ball']]);
  });
});
