// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkHeadingIds from './src/build/remark-heading-ids.ts';
import remarkFigureHeadings from './src/build/remark-figure-headings.ts';
import rehypeKatexStrict from './src/build/rehype-katex-strict.ts';
import rehypeRowHeaders from './src/build/rehype-row-headers.ts';
import pagefindIntegration from './src/build/pagefind-integration.ts';
import hydrateAheadIntegration from './src/build/hydrate-ahead-integration.ts';
import rehypeGlossary from './src/build/rehype-glossary.ts';
import { getGlossary } from './src/build/glossary.ts';
import offlineIntegration from './src/build/offline-integration.ts';
import compileHint from './src/build/compile-hint.ts';
import workerImports from './src/build/worker-imports.ts';
import { normaliseBase, withBase } from './src/lib/base-url.ts';

// BASE_PATH lets the same source serve from "/" or from a sub-path such as /courses/ml/aside/.
// SITE_URL (e.g. https://uni.example) is only used for absolute addresses: the canonical link, link
// previews and the sitemap. Without it they are left out, so that no page names a host it is not on.
// BUILD_FOR=folder makes every link relative and name its file, for a copy opened from disk (npm run pack).
const base = normaliseBase(process.env.BASE_PATH);
const site = process.env.SITE_URL || undefined;
const folder = process.env.BUILD_FOR === 'folder';
if (process.env.BUILD_FOR && !folder) throw new Error(`BUILD_FOR is "folder" or unset, not "${process.env.BUILD_FOR}"`);

/** Fonts stay files: a font inlined as a data: URL is blocked by `font-src 'self'`. */
const FONT = /\.(woff2?|ttf|otf|eot)$/;

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  outDir: process.env.OUT_DIR ?? './dist',
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkHeadingIds, remarkFigureHeadings],
      rehypePlugins: [
        [rehypeKatex, { output: 'htmlAndMathml' }],
        rehypeKatexStrict,
        rehypeRowHeaders,
        // Each glossary term's first use in a chapter links to its entry; the first formula, to the notation.
        [
          rehypeGlossary,
          {
            entries: getGlossary(),
            glossaryHref: withBase(base, 'glossary/'),
            notationHref: withBase(base, 'notation/'),
          },
        ],
      ],
    }),
  },
  vite: {
    plugins: [compileHint()],
    // The model worker (src/runtime/model-worker) loads tfjs and each figure's jobs with import(): a
    // module worker, code-split like the page.
    worker: {
      format: 'es',
      // Each import() there asks for its chunk's static imports at once (src/build/worker-imports.ts).
      plugins: () => [workerImports()],
      // The workers' chunks and assets named as Astro names the page's (`_astro/name.hash.ext`, the
      // default assets folder): what both import (the wasm binaries: the worker, and the main-thread
      // fallback; small shared modules) was otherwise written twice under two names, 1.17 MB more in the
      // site and in "Save the whole book".
      rolldownOptions: {
        output: { assetFileNames: '_astro/[name].[hash][extname]', chunkFileNames: '_astro/[name].[hash].js' },
      },
    },
    build: {
      assetsInlineLimit: (file) => (FONT.test(file) ? false : undefined),
      // three.js alone is a 530 kB chunk, loaded only by the Swiss roll's paint worker (or, where no worker
      // can paint, by its page) after the figure mounts.
      chunkSizeWarningLimit: 600,
      rolldownOptions: {
        // Svelte and the controls (src/ui), shared by every figure, in one file: split by island they
        // were a dozen small files, and over HTTP/1.1 (six connections, a round trip per six files) the
        // attack lab asked for 25 (now 13). At a 300 ms round trip its first result from a deep link came
        // 0.4-0.6 s sooner; the bytes each figure loads are within ±6 KB gzipped of what they were. (The
        // design page's gallery shows every control, so each counts as shared: all of src/ui is in it.)
        output: {
          codeSplitting: {
            groups: [
              {
                name: 'figure-kit',
                test: /[\\/]src[\\/]ui[\\/]|[\\/]node_modules[\\/]svelte[\\/]/,
                minShareCount: 2,
              },
            ],
          },
        },
        onLog(level, log, handler) {
          // @astrojs/mdx marks modules with the directive "use astro:head-inject", which it reads
          // itself; rolldown warns that bundling may drop it, once per chapter. Nothing to fix here.
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('astro:head-inject')) return;
          handler(level, log);
        },
      },
    },
  },
  integrations: [
    // First: its build step writes into the pages, which the offline integration then fingerprints.
    hydrateAheadIntegration(),
    mdx(),
    svelte(),
    // Not for search engines: the 404 page, the design system's gallery (src/pages/design.astro) and the
    // embed pages (figures/<id>/embed/, for iframes, noindex).
    ...(site
      ? [
          sitemap({
            filter: (page) => !page.includes('/404') && !page.endsWith('/design/') && !/\/embed\/$/.test(page),
          }),
        ]
      : []),
    pagefindIntegration(),
    offlineIntegration({ folder }),
  ],
});
