// A module worker's `import()` asks for one chunk; that chunk's own imports are found only once it has
// arrived and been parsed, and theirs after that: a figure's first job in the model worker waited on
// three such levels (the job's module, the attacks it imports, the random numbers they import), one
// round trip each. Browsers have no <link rel="modulepreload"> in a worker, so this plugin rewrites each
// `import()` in the worker build to ask for the chunk and every chunk it imports statically at once.
// Each chunk still runs after the chunks it imports; two that are side by side may now run in either
// order, which the worker's chunks allow (pure functions, and tfjs kernels registered by name). A chunk
// that imports the target back is left out: in a cycle the order does matter.
// The rewrite comes after file names are hashed; they stay sound, since every name it adds is reached
// through the target's own imports, and so is part of the target's name already.
import { posix } from 'node:path';
import type { Plugin, Rollup } from 'vite';
import { chunksByName, staticClosure, type ChunksByName } from './chunk-graph.ts';

/** The chunks to ask for beside `target`: its static imports not `loaded` already, none that import it back. */
function alsoNeeded(target: string, loaded: Set<string>, byName: ChunksByName): string[] {
  return [...staticClosure([target], byName)]
    .filter((name) => name !== target && !loaded.has(name) && !staticClosure([name], byName).has(target))
    .sort();
}

/**
 * `code` of `chunk` with each `import("./x.js")` of a chunk in `byName` replaced by one that also asks
 * for the static imports of x that `chunk` has not already loaded. Unchanged when there are none.
 */
export function flattenDynamicImports(chunk: Rollup.OutputChunk, byName: ChunksByName): string {
  const dir = posix.dirname(chunk.fileName);
  const relative = (name: string) => {
    const path = posix.relative(dir, name);
    return path.startsWith('./') || path.startsWith('../') ? path : `./${path}`;
  };
  const loaded = staticClosure([chunk.fileName], byName);
  const rewrites = new Map<string, string>();
  for (const target of chunk.dynamicImports) {
    if (!byName.has(target)) continue;
    const extra = alsoNeeded(target, loaded, byName);
    if (!extra.length) continue;
    const all = [target, ...extra].map((name) => `import(${JSON.stringify(relative(name))})`).join(',');
    rewrites.set(relative(target), `Promise.all([${all}]).then(m=>m[0])`);
  }
  if (!rewrites.size) return chunk.code;
  // One pass, so that an import just written in is not rewritten again.
  return chunk.code.replace(
    /import\((["'`])([^"'`]+)\1\)/g,
    (call, _quote, spec: string) => rewrites.get(spec) ?? call,
  );
}

/** For `worker.plugins`: flattens the `import()` calls of the worker build's chunks. */
export default function workerImports(): Plugin {
  return {
    name: 'highdim-aside:worker-imports',
    apply: 'build',
    generateBundle(_options, bundle) {
      const byName = chunksByName(bundle);
      for (const chunk of byName.values()) chunk.code = flattenDynamicImports(chunk, byName);
    },
  };
}
