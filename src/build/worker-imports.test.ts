import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { flattenDynamicImports } from './worker-imports.ts';

/** Chunks by file name: [code, static imports, dynamic imports]. */
function chunks(spec: Record<string, [string, string[], string[]]>): Map<string, Rollup.OutputChunk> {
  return new Map(
    Object.entries(spec).map(([fileName, [code, imports, dynamicImports]]) => [
      fileName,
      { type: 'chunk', fileName, code, imports, dynamicImports } as unknown as Rollup.OutputChunk,
    ]),
  );
}

/** What each `import()` in `code` asks for, in order. */
const asked = (code: string) => [...code.matchAll(/import\((["'`])([^"'`]+)\1\)/g)].map((m) => m[2]);

describe('a worker chunk asks for what a dynamic import needs all at once', () => {
  const built = chunks({
    '_astro/worker.js': [
      'const s=()=>import(`./jobs.js`);const t=()=>import("./tf.js");import"./shared.js";',
      ['_astro/shared.js'],
      ['_astro/jobs.js', '_astro/tf.js'],
    ],
    '_astro/jobs.js': ['import"./attacks.js";import"./shared.js";', ['_astro/attacks.js', '_astro/shared.js'], []],
    '_astro/attacks.js': ['import"./rng.js";', ['_astro/rng.js'], []],
    '_astro/rng.js': ['', [], []],
    '_astro/shared.js': ['', [], []],
    '_astro/tf.js': ['', [], []],
  });
  const code = flattenDynamicImports(built.get('_astro/worker.js')!, built);

  it('asks for the job and every level of its static imports together, the job first', () => {
    expect(code).toContain(
      'Promise.all([import("./jobs.js"),import("./attacks.js"),import("./rng.js")]).then(m=>m[0])',
    );
  });
  it('leaves out what the worker has already loaded, and an import with nothing below it', () => {
    expect(asked(code)).toEqual(['./jobs.js', './attacks.js', './rng.js', './tf.js']);
    expect(code).toContain('import("./tf.js")');
  });
  it('writes each import once, even one that a rewrite has just asked for', () => {
    const both = chunks({
      'w.js': ['a=()=>import("./a.js");b=()=>import("./b.js");', [], ['a.js', 'b.js']],
      'a.js': ['import"./b.js";', ['b.js'], []],
      'b.js': ['import"./c.js";', ['c.js'], []],
      'c.js': ['', [], []],
    });
    expect(flattenDynamicImports(both.get('w.js')!, both)).toBe(
      'a=()=>Promise.all([import("./a.js"),import("./b.js"),import("./c.js")]).then(m=>m[0]);' +
        'b=()=>Promise.all([import("./b.js"),import("./c.js")]).then(m=>m[0]);',
    );
  });
  it('leaves out a chunk that imports the target back, whose order matters', () => {
    const cycle = chunks({
      'w.js': ['x=()=>import("./x.js")', [], ['x.js']],
      'x.js': ['import"./y.js";import"./z.js";', ['y.js', 'z.js'], []],
      'y.js': ['import"./x.js";', ['x.js'], []],
      'z.js': ['', [], []],
    });
    expect(asked(flattenDynamicImports(cycle.get('w.js')!, cycle))).toEqual(['./x.js', './z.js']);
  });
  it('leaves a chunk without dynamic imports as it was', () => {
    expect(flattenDynamicImports(built.get('_astro/jobs.js')!, built)).toBe(
      'import"./attacks.js";import"./shared.js";',
    );
  });
});
