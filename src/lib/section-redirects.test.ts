import { describe, expect, it } from 'vitest';
import { checkRedirects, resolveRedirect, type RedirectTable } from './section-redirects.ts';

const table: RedirectTable = {
  'feature-space': { 'old-layers': 'layer-by-layer', 'first-name': 'second-name', 'second-name': 'how-small' },
  generation: { 'moved-away': 'feature-space#architectures', loop: 'loop-b' },
};
table.generation!['loop-b'] = 'loop';

describe('resolveRedirect', () => {
  it('maps an old id to its new id in the same chapter', () => {
    expect(resolveRedirect(table, 'feature-space', 'old-layers')).toEqual({
      slug: 'feature-space',
      id: 'layer-by-layer',
    });
  });
  it('follows a section that moved to another chapter', () => {
    expect(resolveRedirect(table, 'generation', 'moved-away')).toEqual({ slug: 'feature-space', id: 'architectures' });
  });
  it('follows a chain of renames to its end', () => {
    expect(resolveRedirect(table, 'feature-space', 'first-name')).toEqual({ slug: 'feature-space', id: 'how-small' });
  });
  it('ignores ids and chapters it does not know, and inherited names', () => {
    expect(resolveRedirect(table, 'feature-space', 'layer-by-layer')).toBeUndefined();
    expect(resolveRedirect(table, 'no-such-chapter', 'old-layers')).toBeUndefined();
    expect(resolveRedirect(table, 'feature-space', 'constructor')).toBeUndefined();
    expect(resolveRedirect(table, 'constructor', 'x')).toBeUndefined();
  });
  it('gives up on a cycle instead of looping', () => {
    expect(resolveRedirect(table, 'generation', 'loop')).toBeUndefined();
  });
});

describe('checkRedirects', () => {
  const ids = new Map([
    ['feature-space', new Set(['layer-by-layer', 'how-small', 'architectures'])],
    ['generation', new Set(['the-gap'])],
  ]);
  it('accepts a table whose targets exist', () => {
    expect(checkRedirects({ 'feature-space': { 'old-layers': 'layer-by-layer' } }, ids)).toEqual([]);
    expect(checkRedirects({ generation: { 'moved-away': 'feature-space#architectures' } }, ids)).toEqual([]);
  });
  it('names every problem', () => {
    const problems = checkRedirects(
      {
        nowhere: { a: 'b' },
        'feature-space': { 'how-small': 'layer-by-layer', 'Bad Id': 'how-small', gone: 'missing', odd: 'a#b#c' },
      },
      ids,
    );
    expect(problems).toEqual([
      '"nowhere" is not a chapter',
      'feature-space#how-small: this id still exists in the chapter, so it would never be redirected',
      'feature-space#Bad Id: old ids are lowercase words joined by hyphens',
      'feature-space#gone: target "missing" leads to feature-space#missing, which does not exist',
      'feature-space#odd: target "a#b#c" must be "id" or "chapter-slug#id"',
    ]);
  });
});
