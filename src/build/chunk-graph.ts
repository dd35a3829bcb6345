// The chunks of a build and what they import, for the plugins that read them (compile-hint.ts,
// worker-imports.ts).
import type { Rollup } from 'vite';

export type ChunksByName = Map<string, Rollup.OutputChunk>;

/** The bundle's chunks (not its assets), by file name. */
export function chunksByName(bundle: Rollup.OutputBundle): ChunksByName {
  const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
  return new Map(chunks.map((c) => [c.fileName, c]));
}

/** The chunks named `roots` and every chunk they import statically (what loads with them, before any `import()`). */
export function staticClosure(roots: Iterable<string>, byName: ChunksByName): Set<string> {
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
