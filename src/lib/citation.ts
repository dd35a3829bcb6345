/**
 * "Cite this page": one page's citation as plain text and as a BibTeX entry. The build renders both
 * (without the reader's access date, which it cannot know); in the browser the same functions run
 * again with the page's full address and today's date, so what the copy button copies is complete.
 */

export interface CitationData {
  /** BibTeX key: lowercase letters, digits and hyphens. */
  key: string;
  /** Authors as written; a collective name ("highdim-aside contributors") is kept whole. */
  authors: string[];
  /** The cited part: a chapter title, or "Figure 4.2: Distribution shift". */
  title: string;
  /** The whole work the part belongs to. */
  book: string;
  /** Chapter number, for a chapter or a figure of one. */
  chapter?: number;
  /** Package version of the site. */
  version: string;
  /** Date of this version, YYYY-MM-DD (the last commit, or the build when git was unavailable). */
  date: string;
  /** Address of the page: absolute once known, else site-relative. */
  url: string;
  /** When the reader looked at it, YYYY-MM-DD. */
  accessed?: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-12-05" → "5 December 2026"; anything else is returned unchanged. */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m && MONTHS[Number(m[2]) - 1];
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** A local calendar date as YYYY-MM-DD (the reader's today, not UTC's). */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A citation key from free text: "Distribution shift" → "distribution-shift". */
export function citationKey(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const year = (c: CitationData) => c.date.slice(0, 4);

/**
 * APA-like plain text: Authors (year). Title. In Book (version V, chapter N). URL (accessed D).
 */
export function plainCitation(c: CitationData): string {
  const where = [`version ${c.version}`, c.chapter !== undefined ? `chapter ${c.chapter}` : undefined]
    .filter(Boolean)
    .join(', ');
  const accessed = c.accessed ? ` (accessed ${longDate(c.accessed)})` : '';
  return `${c.authors.join(', ')} (${year(c)}). ${c.title}. In ${c.book} (${where}). ${c.url}${accessed}.`;
}

/** Escapes the characters that LaTeX treats specially inside a BibTeX text field. */
export function bibtexEscape(text: string): string {
  return text.replace(/[\\{}&%$#_]/g, (ch) => (ch === '\\' ? '\\textbackslash{}' : `\\${ch}`));
}

/**
 * A BibTeX `@misc` entry that both BibTeX and biblatex read: a collective author in double braces
 * (so it is not split into given and family names), `url`, `urldate`, `version`, and the same
 * facts in `howpublished`/`note` for styles that ignore those fields.
 */
export function bibtexEntry(c: CitationData): string {
  const author = c.authors.map((a) => `{${bibtexEscape(a)}}`).join(' and ');
  const chapter = c.chapter !== undefined ? `, chapter ${c.chapter}` : '';
  const fields: [string, string][] = [
    ['author', author],
    ['title', `{${bibtexEscape(c.title)}}`],
    ['howpublished', `${bibtexEscape(c.book)}${chapter}`],
    ['year', year(c)],
    ['date', c.date],
    ['version', c.version],
    // A browser's address never holds raw braces or backslashes; percent-encode them if one does.
    ['url', c.url.replace(/[{}\\]/g, encodeURIComponent)],
  ];
  if (c.accessed) fields.push(['urldate', c.accessed]);
  fields.push([
    'note',
    `Version ${c.version} of ${c.date}${c.accessed ? `, accessed ${c.accessed}` : ''}. Text and figures under CC BY 4.0`,
  ]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}}`).join(',\n');
  return `@misc{${c.key},\n${body}\n}`;
}
