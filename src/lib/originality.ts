/**
 * Shared word runs between two texts: the chapters must be written afresh, so no run of `n` words
 * (12 by the house rule) may appear both in the source and in our prose. Words are compared
 * lowercased, with punctuation and markup stripped.
 */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9'\s]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Strips MDX tags, attributes, frontmatter, code and math so that only prose words remain. */
export function proseOfMdx(mdx: string): string {
  return mdx
    .replace(/^---[\s\S]*?---/, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]*\$/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[#[a-z0-9-]+\]/g, ' ');
}

/** Every passage of `ours` made of `n` or more consecutive words that also occur, in that order, in `theirs`. */
export function sharedRuns(ours: string, theirs: string, n = 12): string[] {
  const a = words(ours);
  const b = words(theirs);
  const seen = new Set<string>();
  for (let i = 0; i + n <= b.length; i++) seen.add(b.slice(i, i + n).join(' '));
  const passages: string[] = [];
  let start = -1;
  let end = -1; // exclusive end of the passage being grown
  for (let i = 0; i + n <= a.length; i++) {
    if (!seen.has(a.slice(i, i + n).join(' '))) continue;
    if (i > end) {
      if (start >= 0) passages.push(a.slice(start, end).join(' '));
      start = i;
    }
    end = i + n;
  }
  if (start >= 0) passages.push(a.slice(start, end).join(' '));
  return passages;
}
