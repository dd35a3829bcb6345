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

const pages = defineCollection({
  loader: glob({ pattern: 'front.mdx', base: './content' }),
  schema: z.object({ title: z.string(), description: z.string().min(50).max(200) }).strict(),
});

export const collections = { chapters, pages };
