import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// Chapter frontmatter; the chapter's number, slug and place in the book come from its file name and
// content/book.json (see src/build/book.ts).
const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z
    .object({
      title: z.string().min(3),
      description: z.string().min(50).max(200),
    })
    .strict(),
});

// Each chapter's study material, in content/exercises/ under the chapter's file name: what a reader
// can do after the chapter, its key points, and (in the body) its exercises.
const exercises = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/exercises' }),
  schema: z
    .object({
      /** "After this chapter you can…": each item finishes that sentence. */
      objectives: z.array(z.string().min(10).max(200)).min(2).max(6),
      /** Key takeaways, shown after the chapter's body. */
      takeaways: z.array(z.string().min(10).max(300)).min(3).max(4),
    })
    .strict(),
});

const pages = defineCollection({
  loader: glob({ pattern: 'front.mdx', base: './content' }),
  schema: z.object({ title: z.string(), description: z.string().min(50).max(200) }).strict(),
});

export const collections = { chapters, exercises, pages };
