import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { hintedChunks } from './compile-hint.ts';

/** A bundle of chunks: name → [entry's module id or null, static imports]. */
function bundle(spec: Record<string, [string | null, string[]]>): Rollup.OutputBundle {
  return Object.fromEntries(
    Object.entries(spec).map(([fileName, [facade, imports]]) => [
      fileName,
      {
        type: 'chunk',
        fileName,
        isEntry: facade !== null,
        facadeModuleId: facade,
        imports,
      } as unknown as Rollup.OutputChunk,
    ]),
  );
}

describe('which chunks are compiled as they stream in', () => {
  const built = bundle({
    // Lab.js loads tfjs.js with import(): not among its static imports.
    'Lab.js': ['/src/widgets/Lab.svelte', ['client.js', 'host.js', 'shared.js']],
    'client.svelte.js': ['/node_modules/@astrojs/svelte/dist/client.svelte.js', ['client.js']],
    'client.js': [null, []],
    'host.js': [null, []],
    'shared.js': [null, []],
    'tfjs.js': [null, ['tfjs-core.js']],
    'tfjs-core.js': [null, []],
    'Base.astro_script.js': ['/src/layouts/Base.astro?astro&type=script&index=0&lang.ts', ['shared.js', 'small.js']],
    'small.js': [null, []],
  });
  const hinted = hintedChunks(built).sort();

  it('hints an island, the renderer and what they import statically', () => {
    expect(hinted).toEqual(['Lab.js', 'client.js', 'client.svelte.js', 'host.js']);
  });
  it('leaves what text pages load, and what loads later with import(), to compile lazily', () => {
    for (const name of ['shared.js', 'small.js', 'Base.astro_script.js', 'tfjs.js', 'tfjs-core.js'])
      expect(hinted).not.toContain(name);
  });
});
