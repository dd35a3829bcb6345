// Registers `client:ahead` (src/runtime/hydrate-ahead.ts) for the figure wrappers.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

export default function hydrateAheadIntegration(): AstroIntegration {
  return {
    name: 'highdim-aside:hydrate-ahead',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({
          name: 'ahead',
          entrypoint: fileURLToPath(new URL('../runtime/hydrate-ahead.ts', import.meta.url)),
        });
      },
    },
  };
}
