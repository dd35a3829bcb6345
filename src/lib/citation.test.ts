import { describe, expect, it } from 'vitest';
import bibtexParse from 'bibtex-parse';
import {
  bibtexEntry,
  bibtexEscape,
  citationKey,
  isoDay,
  longDate,
  plainCitation,
  type CitationData,
} from './citation.ts';

const chapter: CitationData = {
  key: 'highdim-aside-2026-distribution-shift',
  authors: ['highdim-aside contributors'],
  title: 'Distribution shift',
  book: 'High-Dimensional Distributions: an interactive aside',
  chapter: 4,
  version: '0.1.0',
  date: '2026-12-05',
  url: 'https://uni.example/courses/ml/aside/distribution-shift/',
  accessed: '2027-01-09',
};

describe('plain citation', () => {
  it('names authors, year, title, book, version, chapter, address and access date', () => {
    expect(plainCitation(chapter)).toBe(
      'highdim-aside contributors (2026). Distribution shift. In High-Dimensional Distributions: an interactive aside ' +
        '(version 0.1.0, chapter 4). https://uni.example/courses/ml/aside/distribution-shift/ (accessed 9 January 2027).',
    );
  });
  it('leaves out what it does not know (no access date before the reader opens the page)', () => {
    const { accessed: _accessed, chapter: _chapter, ...bare } = chapter;
    expect(plainCitation(bare)).toBe(
      'highdim-aside contributors (2026). Distribution shift. In High-Dimensional Distributions: an interactive aside ' +
        '(version 0.1.0). https://uni.example/courses/ml/aside/distribution-shift/.',
    );
  });
});

describe('BibTeX entry', () => {
  it('parses, with every field a reference manager needs', () => {
    const [entry, ...rest] = bibtexParse.entries(bibtexEntry(chapter));
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      key: chapter.key,
      type: 'misc',
      AUTHOR: 'highdim-aside contributors',
      TITLE: 'Distribution shift',
      YEAR: '2026',
      VERSION: '0.1.0',
      URL: chapter.url,
      URLDATE: '2027-01-09',
    });
    expect(entry?.HOWPUBLISHED).toBe('High-Dimensional Distributions: an interactive aside, chapter 4');
  });
  it('keeps a collective author whole (double braces) and escapes LaTeX specials', () => {
    const text = bibtexEntry({ ...chapter, title: 'Cats & dogs: 100% of #1_a {b} \\c' });
    expect(text).toContain('author       = {{highdim-aside contributors}}');
    expect(text).toContain('title        = {{Cats \\& dogs: 100\\% of \\#1\\_a \\{b\\} \\textbackslash{}c}}');
    expect(() => bibtexParse.entries(text)).not.toThrow();
  });
  it('has no urldate until the access date is known', () => {
    const { accessed: _accessed, ...bare } = chapter;
    expect(bibtexEntry(bare)).not.toMatch(/urldate/);
  });
});

describe('helpers', () => {
  it('makes keys of lowercase words joined by hyphens', () => {
    expect(citationKey('highdim-aside', '2026', 'Figure 4.2: Shift lab')).toBe(
      'highdim-aside-2026-figure-4-2-shift-lab',
    );
  });
  it('writes dates in words and days in ISO form', () => {
    expect(longDate('2026-12-05')).toBe('5 December 2026');
    expect(longDate('not a date')).toBe('not a date');
    expect(isoDay(new Date(2027, 0, 9, 23, 30))).toBe('2027-01-09');
  });
  it('escapes nothing in plain words', () => {
    expect(bibtexEscape('Adversarial examples')).toBe('Adversarial examples');
  });
});
