// What "Cite this page" and the Highwire/Scholar meta tags say about a chapter or a figure page.
import { getBook, type ChapterInfo } from './book.ts';
import { siteInfo, publicUrl } from './site-info.ts';
import { citationKey, type CitationData } from '../lib/citation.ts';
import { labelNumber, type Label } from '../lib/labels.ts';

function common(path: string) {
  const info = siteInfo();
  return {
    authors: info.authors,
    book: getBook().book.title,
    version: info.version,
    date: info.date,
    // Without SITE_URL the build knows only the path; the browser fills in the full address.
    url: publicUrl(path) ?? path,
  };
}

export function chapterCitation(chapter: ChapterInfo, title: string, path: string): CitationData {
  const { date } = siteInfo();
  return {
    key: citationKey('highdim-aside', date.slice(0, 4), chapter.slug),
    title,
    chapter: chapter.number,
    ...common(path),
  };
}

export function figureCitation(label: Label, chapter: ChapterInfo, path: string): CitationData {
  const { date } = siteInfo();
  return {
    key: citationKey('highdim-aside', date.slice(0, 4), label.id),
    title: `${labelNumber(label)}, in ${chapter.title}`,
    chapter: chapter.number,
    ...common(path),
  };
}

/** Highwire Press tags, which Google Scholar and Zotero read: name → content, in order. */
export function highwireTags(citation: CitationData, path: string): [string, string][] {
  const tags: [string, string][] = [['citation_title', citation.title]];
  for (const author of citation.authors) tags.push(['citation_author', author]);
  tags.push(['citation_publication_date', citation.date.replaceAll('-', '/')]);
  tags.push(['citation_inbook_title', citation.book]);
  tags.push(['citation_language', 'en']);
  // Only a deployer's own SITE_URL makes a public address; never a guessed localhost one.
  const url = publicUrl(path);
  if (url) tags.push(['citation_public_url', url]);
  return tags;
}
