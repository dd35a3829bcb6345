import { describe, expect, it } from 'vitest';
import { authorList, citeLabel, dateLine, parseBibliography, resolveCitation } from './bibliography.ts';

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'goodfellow2015',
  authors: ['Goodfellow, Ian J.', 'Shlens, Jonathon', 'Szegedy, Christian'],
  title: 'Explaining and Harnessing Adversarial Examples',
  venue: 'ICLR',
  year: 2015,
  url: 'https://arxiv.org/abs/1412.6572',
  note: 'FGSM.',
  ...over,
});

describe('bibliography', () => {
  it('parses entries by id and formats labels', () => {
    const bib = parseBibliography([
      entry(),
      entry({ id: 'carlini2017', authors: ['Carlini, Nicholas', 'Wagner, David'], year: 2017 }),
      entry({ id: 'olah2014', authors: ['Olah, Christopher'], year: 2014 }),
    ]);
    expect(citeLabel(bib.get('goodfellow2015')!)).toBe('Goodfellow et al., 2015');
    expect(citeLabel(bib.get('carlini2017')!)).toBe('Carlini & Wagner, 2017');
    expect(citeLabel(bib.get('olah2014')!)).toBe('Olah, 2014');
    expect(authorList(bib.get('goodfellow2015')!)).toBe('Ian J. Goodfellow, Jonathon Shlens and Christian Szegedy');
  });
  it('names the entry and field that is wrong', () => {
    expect(() => parseBibliography([entry(), entry({ id: 'x', year: 'soon' })])).toThrow(/entry 1\.year/);
    expect(() => parseBibliography([entry({ url: 'not a url' })])).toThrow(/entry 0\.url/);
    expect(() => parseBibliography([entry(), entry()])).toThrow(/appears twice/);
  });
  it('resolves multiple citation ids and rejects unknown ones', () => {
    const bib = parseBibliography([entry(), entry({ id: 'madry2018', year: 2018 })]);
    expect(resolveCitation('goodfellow2015, madry2018', bib).map((r) => r.id)).toEqual(['goodfellow2015', 'madry2018']);
    expect(() => resolveCitation('nobody1999', bib, 'chapter 5')).toThrow(
      /chapter 5: no reference with id "nobody1999"/,
    );
  });
  it('dates web pages by when they were read', () => {
    const bib = parseBibliography([
      entry({ id: 'board', authors: ['Madry Lab (MIT)'], year: undefined, accessed: '2026-12-05' }),
      entry({ id: 'blog', authors: ['Olah, Christopher'], year: 2014, accessed: '2026-12-05' }),
    ]);
    expect(citeLabel(bib.get('board')!)).toBe('Madry Lab (MIT), n.d.');
    expect(dateLine(bib.get('board')!)).toBe('accessed 5 December 2026');
    expect(dateLine(bib.get('blog')!)).toBe('2014, accessed 5 December 2026');
    expect(dateLine(bib.get('goodfellow2015') ?? parseBibliography([entry()]).get('goodfellow2015')!)).toBe('2015');
    expect(() => parseBibliography([entry({ year: undefined })])).toThrow(/publication year or, for a web page/);
    expect(() => parseBibliography([entry({ accessed: '5 Dec 2026' })])).toThrow(/entry 0\.accessed/);
  });
});
