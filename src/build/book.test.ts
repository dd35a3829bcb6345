// The build-time book: content/book.json, every chapter file and the bibliography, loaded and checked
// once. These run the real content, so a chapter file misnamed or a label id duplicated fails here
// with the same message the build would give.
import { describe, expect, it } from 'vitest';
import { chapterBySlug, getBook, getLabel, getReferences, parseChapterFileName } from './book.ts';

describe('chapter file names', () => {
  it('read NN-slug.mdx and refuse anything else', () => {
    expect(parseChapterFileName('01-high-dimensional-distributions.mdx')).toEqual({
      number: 1,
      slug: 'high-dimensional-distributions',
    });
    expect(parseChapterFileName('1-x.mdx')).toBeUndefined();
    expect(parseChapterFileName('01-Feature-Space.mdx')).toBeUndefined();
    expect(parseChapterFileName('01-x-.mdx')).toBeUndefined();
    expect(parseChapterFileName('01-x.md')).toBeUndefined();
  });
});

describe('the book', () => {
  const { book, chapters, labels } = getBook();

  it('has every chapter of book.json, each with its file and its headings', () => {
    expect(chapters.map((c) => c.slug)).toEqual(book.chapters.map((c) => c.slug));
    for (const c of chapters) {
      expect(c.file, `${c.slug} has no file`).toMatch(
        new RegExp(`^${String(c.number).padStart(2, '0')}-${c.slug}\\.mdx$`),
      );
      expect(c.headings.length, `${c.slug} has no headings`).toBeGreaterThan(0);
    }
    expect(chapterBySlug('feature-space')?.number).toBe(2);
    expect(chapterBySlug('no-such-chapter')).toBeUndefined();
  });

  it('numbers figures, tables and equations per chapter, as "2.1"', () => {
    const figure = getLabel('fig-image-as-point', 'test');
    expect(figure).toMatchObject({ chapter: 1 });
    expect([...labels.values()].every((l) => l.chapter >= 1 && l.chapter <= chapters.length)).toBe(true);
  });

  it('names the place that refers to a label that does not exist', () => {
    expect(() => getLabel('fig-nothing', 'content/chapters/01-x.mdx')).toThrow(
      'content/chapters/01-x.mdx: no figure, table or equation with id "fig-nothing"',
    );
  });

  it('has the references the chapters cite', () => {
    expect(getReferences().has('goodfellow2015')).toBe(true);
  });

  it('is loaded once per build', () => {
    expect(getBook()).toBe(getBook());
  });
});
