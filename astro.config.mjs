// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkHeadingIds from './src/build/remark-heading-ids.ts';
import rehypeKatexStrict from './src/build/rehype-katex-strict.ts';
import pagefindIntegration from './src/build/pagefind-integration.ts';
import hydrateAheadIntegration from './src/build/hydrate-ahead-integration.ts';
import { normaliseBase } from './src/lib/base-url.ts';

// BASE_PATH lets the same source serve from "/" or from a sub-path such as /courses/ml/aside/.
// SITE_URL is only used for absolute URLs in the sitemap and link previews.
const base = normaliseBase(process.env.BASE_PATH);
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  outDir: process.env.OUT_DIR ?? './dist',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  // The model worker (src/runtime/model-worker) loads tfjs and each figure's jobs with import(): a
  // module worker, code-split like the page.
  vite: { worker: { format: 'es' } },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkHeadingIds],
      rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }], rehypeKatexStrict],
    }),
  },
  integrations: [
    hydrateAheadIntegration(),
    mdx(),
    svelte(),
    sitemap({ filter: (page) => !page.includes('/404') }),
    pagefindIntegration(),
  ],
});
