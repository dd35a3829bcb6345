// MDX reads a component alone on its line as a block: a number or a reference written that way in
// the middle of a sentence splits the paragraph in two, with the number on a line of its own (the
// chapter 5 printout showed "27%" and "as far from the original…" as separate paragraphs). Inline
// components must share their line with the sentence's text.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const INLINE = ['Num', 'Cmp', 'Ref', 'Cite'];
const alone = new RegExp(`^\\s*<(${INLINE.join('|')})\\b[^<]*(/>|</(${INLINE.join('|')})>)\\s*$`);

const mdxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? mdxFiles(join(dir, d.name)) : d.name.endsWith('.mdx') ? [join(dir, d.name)] : [],
  );

describe('inline components in the prose', () => {
  const files = mdxFiles('content');
  it('finds the chapters', () => expect(files.length).toBeGreaterThan(7));

  it.each(files)('%s: no number, comparison, reference or citation alone on a line', (file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    // A line after a blank one starts its own paragraph, where standing alone is meant.
    const split = lines.flatMap((line, i) =>
      alone.test(line) && lines[i - 1]?.trim() ? [`${i + 1}: ${line.trim()}`] : [],
    );
    expect(split).toEqual([]);
  });

  it('the rule catches a number alone in a sentence', () => {
    expect(alone.test('<Num of="a / b" digits={0} />')).toBe(true);
    expect(alone.test('<Ref to="x">chapter 2</Ref>')).toBe(true);
    expect(alone.test('<Num of="a" /> nats per pixel.')).toBe(false);
  });
});
