// A module worker's `import()` asks for one chunk; that chunk's own imports are found only once it has
// arrived and been parsed, and theirs after that: a figure's first job in the model worker waited on
// three such levels (the job's module, the attacks it imports, the random numbers they import), one
// round trip each. Browsers have no <link rel="modulepreload"> in a worker, so this plugin rewrites each
// `import()` in the worker build to ask for the chunk and every chunk it imports statically at once.
// Each is evaluated before the chunk that imports it, as before; only the requests start together.
import { posix } from 'node:path';
import type { Plugin, Rollup } from 'vite';

/** `roots` and every chunk they import statically. */
function staticClosure(roots: string[], byName: Map<string, Rollup.OutputChunk>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    const chunk = byName.get(name);
    if (!chunk || seen.has(name)) continue;
    seen.add(name);
    stack.push(...chunk.imports);
  }
  return seen;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `code` of `chunk` with each `import("./x.js")` of a chunk in `byName` replaced by one that also asks
 * for the static imports of x that `chunk` has not already loaded. Unchanged when there are none.
 */
export function flattenDynamicImports(chunk: Rollup.OutputChunk, byName: Map<string, Rollup.OutputChunk>): string {
  const loaded = staticClosure([chunk.fileName], byName);
  const dir = posix.dirname(chunk.fileName);
  const relative = (name: string) => {
    const path = posix.relative(dir, name);
    return path.startsWith('.') ? path : `./${path}`;
  };
  let code = chunk.code;
  for (const target of chunk.dynamicImports) {
    if (!byName.has(target)) continue;
    const extra = [...staticClosure([target], byName)].filter((name) => name !== target && !loaded.has(name)).sort();
    if (!extra.length) continue;
    const spec = relative(target);
    const call = new RegExp(`import\\((["'\`])${escape(spec)}\\1\\)`, 'g');
    const all = [spec, ...extra.map(relative)].map((s) => `import(${JSON.stringify(s)})`).join(',');
    code = code.replace(call, () => `Promise.all([${all}]).then(m=>m[0])`);
  }
  return code;
}

/** For `worker.plugins`: flattens the `import()` calls of the worker build's chunks. */
export default function workerImports(): Plugin {
  return {
    name: 'highdim-aside:worker-imports',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      for (const chunk of chunks) chunk.code = flattenDynamicImports(chunk, byName);
    },
  };
}
