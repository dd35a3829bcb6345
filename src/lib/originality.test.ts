import { describe, expect, it } from 'vitest';
import { proseOfMdx, sharedRuns, words } from './originality.ts';

describe('originality', () => {
  it('normalises case, punctuation and curly quotes', () => {
    expect(words('The cat’s “Toaster”, 97%!')).toEqual(['the', "cat's", 'toaster', '97']);
  });
  it('finds a shared run of n words and merges overlapping windows', () => {
    const theirs = 'one two three four five six seven eight nine ten eleven twelve thirteen';
    const ours = 'zero one two three four five six seven eight nine ten eleven twelve thirteen end';
    expect(sharedRuns(ours, theirs, 12)).toEqual([
      'one two three four five six seven eight nine ten eleven twelve thirteen',
    ]);
  });
  it('ignores runs shorter than n', () => {
    expect(sharedRuns('a b c d e f g h i j k x', 'a b c d e f g h i j k l', 12)).toEqual([]);
  });
  it('strips MDX markup, math and heading ids from prose', () => {
    const mdx = '---\ntitle: T\n---\n## Head [#head-id]\n<Note title="x">Some $x^2$ words</Note>\n$$\na+b\n$$';
    expect(words(proseOfMdx(mdx))).toEqual(['head', 'some', 'words']);
  });
});
