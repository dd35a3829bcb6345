// V8's explicit compile hint (Chrome 136+): a file that opens with this comment has every function
// compiled while it streams in, off the main thread, instead of each on its first call. A figure's
// start had spent 440-760 ms at 4× CPU slow-down compiling Svelte and its own code on the main thread,
// lazily; 150-320 ms with the hint (traced). Other browsers read a comment.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, Rollup } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** Each chunk and every chunk it imports statically (what loads with it, before any `import()`). */
function staticClosure(roots: Rollup.OutputChunk[], byName: Map<string, Rollup.OutputChunk>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let chunk = stack.pop(); chunk; chunk = stack.pop()) {
    if (seen.has(chunk.fileName)) continue;
    seen.add(chunk.fileName);
    for (const name of chunk.imports) {
      const imported = byName.get(name);
      if (imported) stack.push(imported);
    }
  }
  return seen;
}

/**
 * The chunks that get the hint: what an island loads to mount (its component, Svelte, the figure
 * host), all of it run at once. Not what text pages load (a few small scripts, against a byte budget),
 * nor what loads later with `import()`: the worker's jobs, and tfjs or three.js on the main thread
 * where no worker can run them, libraries of which a figure calls a small part.
 */
export function hintedChunks(bundle: Rollup.OutputBundle): string[] {
  const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const entries = (test: (id: string) => boolean) =>
    chunks.filter((c) => c.isEntry && c.facadeModuleId && test(c.facadeModuleId));
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
