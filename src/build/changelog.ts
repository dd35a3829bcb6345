// The changelog (content/changelog.json): content corrections first of all, so that a reader who
// quoted the old text can see what changed. Each entry may link the sections it touched; a link to
// a section that does not exist fails the build.
import { z } from 'astro/zod';
import changelogJson from '../../content/changelog.json';
import { getBook } from './book.ts';

const schema = z.object({
  entries: z.array(
    z.object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      /** The package version that first carries the change, once released. */
      version: z.string().optional(),
      kind: z.enum(['correction', 'addition', 'change']),
      title: z.string().min(1),
      summary: z.string().optional(),
      items: z.array(z.string().min(1)).default([]),
      /** "chapter-slug#heading-id" of the sections changed. */
      sections: z.array(z.string().regex(/^[a-z0-9-]+#[a-z0-9-]+$/)).default([]),
    }),
  ),
});

export interface ChangelogSection {
  slug: string;
  id: string;
  /** "Chapter 4, Confident, and wrong" */
  label: string;
}
export type ChangelogEntry = Omit<z.infer<typeof schema>['entries'][number], 'sections'> & {
  sections: ChangelogSection[];
};

/** Entries newest first, their sections resolved to chapter and heading titles. */
export function changelog(): ChangelogEntry[] {
  const parsed = schema.safeParse(changelogJson);
  if (!parsed.success) throw new Error(`content/changelog.json: ${parsed.error.message}`);
  const { chapters } = getBook();
  return parsed.data.entries
    .map((entry) => ({
      ...entry,
      sections: entry.sections.map((ref) => {
        const [slug = '', id = ''] = ref.split('#');
        const chapter = chapters.find((c) => c.slug === slug);
        const heading = chapter?.headings.find((h) => h.id === id);
        if (!chapter || !heading) throw new Error(`content/changelog.json: no section "${ref}" in the book`);
        return { slug, id, label: `Chapter ${chapter.number}, ${heading.text}` };
      }),
    }))
    .sort((a, b) => b.date.localeCompare(a.date));
}
