// Registers `client:ahead` (src/runtime/hydrate-ahead.ts) for the figure wrappers, and, once the site
// is built, names on each such island the code it needs (island-preload.ts), which the directive
// preloads at once instead of level by level.
import type { AstroIntegration } from 'astro';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addIslandPreloads, lexerReady } from './island-preload.ts';
import { siteFiles } from './site-files.ts';

export default function hydrateAheadIntegration(): AstroIntegration {
  let assetsFolder = '_astro';
  return {
    name: 'highdim-aside:hydrate-ahead',
    hooks: {
      'astro:config:done': ({ config }) => {
        assetsFolder = config.build.assets;
      },
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({
          name: 'ahead',
          entrypoint: fileURLToPath(new URL('../runtime/hydrate-ahead.ts', import.meta.url)),
        });
      },
      // Before the offline integration's hook (listed after this one), which fingerprints the pages.
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const assets = join(root, assetsFolder);
        if (!existsSync(assets)) return;
        await lexerReady;
        const chunks = new Map<string, string | null>();
        const read = (name: string) => {
          if (!chunks.has(name)) {
            const path = join(assets, name);
            chunks.set(name, /^[\w.-]+\.js$/.test(name) && existsSync(path) ? readFileSync(path, 'utf8') : null);
          }
          return chunks.get(name)!;
        };
        let islands = 0;
        for (const page of siteFiles(root).filter((f) => f.endsWith('.html'))) {
          const path = join(root, page);
          const source = readFileSync(path, 'utf8');
          const result = addIslandPreloads(source, read);
          if (result === source) continue;
          islands += (result.match(/ data-preload="/g) ?? []).length;
          writeFileSync(path, result);
        }
        logger.info(`island preloads: ${islands} islands name the code they need`);
      },
    },
  };
}
