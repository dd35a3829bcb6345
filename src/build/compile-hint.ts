// V8's explicit compile hint (Chrome 136+): a file that opens with this comment has every function
// compiled while it streams in, off the main thread, instead of each on its first call. A figure's
// start had spent 440-760 ms at 4× CPU slow-down compiling Svelte and its own code on the main thread,
// lazily; 150-320 ms with the hint (traced). Other browsers read a comment.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, Rollup } from 'vite';
import { chunksByName, staticClosure } from './chunk-graph.ts';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * The chunks that get the hint: what an island loads to mount (its component, Svelte, the figure
 * host), all of it run at once. Not what text pages load (a few small scripts, against a byte budget),
 * nor what loads later with `import()`: the worker's jobs, and tfjs or three.js on the main thread
 * where no worker can run them, libraries of which a figure calls a small part.
 */
export function hintedChunks(bundle: Rollup.OutputBundle): string[] {
  const byName = chunksByName(bundle);
  const entries = (test: (id: string) => boolean) =>
    [...byName.values()].filter((c) => c.isEntry && c.facadeModuleId && test(c.facadeModuleId)).map((c) => c.fileName);
  const islands = staticClosure(
    entries((id) => id.endsWith('.svelte') || id.endsWith('/client.svelte.js')),
    byName,
  );
  const pages = staticClosure(
    entries((id) => id.includes('?astro&type=script')),
    byName,
  );
  return [...islands].filter((name) => !pages.has(name));
}

/**
 * Opens the page build's island chunks with the hint (not the server's; a chunk a worker shares with an
 * island is one file, hinted for both). A file's name keeps the hash of its content before the hint:
 * only this comment differs.
 */
export default function compileHint(): Plugin {
  return {
    name: 'highdim-aside:compile-hint',
    apply: 'build',
    applyToEnvironment: (environment) => environment.name === 'client',
    // On the written files: a banner is dropped by minification (and Astro sets the client's output
    // options), and the two chunks a worker shares, hinted in generateBundle, were written without it.
    writeBundle(options, bundle) {
      if (!options.dir) return;
      for (const name of hintedChunks(bundle)) {
        const path = join(options.dir, name);
        writeFileSync(path, `${COMPILE_HINT}\n${readFileSync(path, 'utf8')}`);
      }
    },
  };
}
