// Builds the Pagefind search index right after Astro writes the site, so `astro build` alone gives
// a searchable site. Math is indexed once: the MathML stays, the HTML rendering and the TeX source
// annotation are excluded (otherwise each formula would be indexed three times). Controls and
// markers that are not prose stay out of excerpts: heading anchors ("#"), copy-link buttons, the
// citation preview cards (a second copy of each reference) and the reference list's "#key" tags.
// Headings carry ids, so Pagefind also returns each page's matching sections (sub-results).
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'highdim-aside:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({
          excludeSelectors: [
            '.katex-html',
            'annotation',
            '[data-pagefind-ignore]',
            '.heading .anchor',
            '.copy-link',
            '.cite-card',
            '.ref-key',
          ],
        });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: site + 'pagefind' });
        if (written.errors.length) throw new Error(`Pagefind could not write its files: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} pages into ${site}pagefind`);
        await pagefind.close();
      },
    },
  };
}
