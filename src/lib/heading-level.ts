// A figure's part headings ("1. Random images are not digits") sit one level below the heading of the
// section that holds the figure: h4 under an h3 in a chapter, h2 under the h1 of a figure's own page.
// Skipping a level misleads a screen reader's outline (and fails axe's heading-order).

export type HeadingTag = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

/** The tag for part headings at `level` (a number or its text, as MDX passes it), else `fallback`. */
export function headingTag(level: unknown, fallback: 2 | 3 | 4 | 5 | 6): HeadingTag {
  const n = typeof level === 'string' && level.trim() !== '' ? Number(level) : level;
  const valid = typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= 6;
  return `h${valid ? n : fallback}` as HeadingTag;
}
