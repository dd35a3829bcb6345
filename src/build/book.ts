// Build-time view of the book (server only: reads content/ from disk). Pages and components ask this
// module for chapters, labels and references; it checks them once and fails the build loudly.
import { z } from 'astro/zod';
import { STUDY_HEADINGS, collectLabels, headingsOf, type Heading, type Label } from '../lib/labels.ts';
import { parseBibliography, type Reference } from '../lib/bibliography.ts';

// Raw sources through Vite, so the bundled build finds them and the dev server reloads on change.
import bookJson from '../../content/book.json';
import referencesJson from '../../content/references.json';
const chapterSources = import.meta.glob<string>('../../content/chapters/*.mdx', {
  query: '?raw',
  import: 'default',
  eager: true,
});
// Each chapter's exercises, in a file of the same name (rendered after the chapter's body).
const exerciseSources = import.meta.glob<string>('../../content/exercises/*.mdx', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const BookSchema = z.object({
  title: z.string(),
  shortTitle: z.string(),
  description: z.string(),
  chapters: z.array(
    z.object({
      number: z.number().int().positive(),
      slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
      title: z.string(),
      summary: z.string(),
    }),
  ),
});

export interface ChapterInfo {
  number: number;
  slug: string;
  title: string;
  summary: string;
  /** File name in content/chapters, or undefined while the chapter is not written yet. */
  file?: string;
  /** File name in content/exercises (the same as the chapter's), when the chapter has exercises. */
  exercisesFile?: string;
  headings: Heading[];
}

/** "01-high-dimensional-distributions.mdx" → { number: 1, slug: "high-dimensional-distributions" } */
export function parseChapterFileName(name: string): { number: number; slug: string } | undefined {
  const m = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/.exec(name);
  return m ? { number: Number(m[1]), slug: m[2]! } : undefined;
}

function load() {
  const book = BookSchema.parse(bookJson);
  const chapters: ChapterInfo[] = book.chapters.map((c) => ({ ...c, headings: [] }));
  const sources = [];
  for (const [path, source] of Object.entries(chapterSources)) {
    const file = path.split('/').at(-1)!;
    const parsed = parseChapterFileName(file);
    const chapter = parsed && chapters.find((c) => c.number === parsed.number && c.slug === parsed.slug);
    if (!chapter)
      throw new Error(`content/chapters/${file}: name must be NN-slug.mdx matching an entry of content/book.json`);
    chapter.file = file;
    chapter.headings = headingsOf(source, `content/chapters/${file}`);
    // Exercises follow the chapter's body on its page, so they are numbered as part of the chapter.
    const exercises = exerciseSources[`../../content/exercises/${file}`];
    if (exercises !== undefined) {
      chapter.exercisesFile = file;
      for (const h of STUDY_HEADINGS) {
        if (chapter.headings.some((c) => c.id === h.id))
          throw new Error(`content/chapters/${file}: heading id "${h.id}" is reserved for the chapter's ${h.text}`);
        chapter.headings.push(h);
      }
    }
    sources.push({ number: chapter.number, slug: chapter.slug, source: source + '\n' + (exercises ?? '') });
  }
  for (const path of Object.keys(exerciseSources)) {
    const file = path.split('/').at(-1)!;
    if (!chapters.some((c) => c.exercisesFile === file))
      throw new Error(`content/exercises/${file}: no chapter content/chapters/${file} for these exercises`);
  }
  const labels = collectLabels(sources);
  const references = parseBibliography(referencesJson);
  return { book, chapters, labels, references };
}

let cached: ReturnType<typeof load> | undefined;
/** Loaded once per build; the dev server reloads the module when content changes. */
export function getBook() {
  cached ??= load();
  return cached;
}

export function getLabel(id: string, where: string): Label {
  const label = getBook().labels.get(id);
  if (!label) throw new Error(`${where}: no figure, table or equation with id "${id}"`);
  return label;
}

export function getReferences(): Map<string, Reference> {
  return getBook().references;
}

export function chapterBySlug(slug: string): ChapterInfo | undefined {
  return getBook().chapters.find((c) => c.slug === slug);
}
