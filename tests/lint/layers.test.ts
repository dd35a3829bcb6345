// The house plan's layers are lint rules (eslint.config.js) and a compiler check (tsconfig.lib.json):
// each is shown here to fire on an import or a use that breaks it, and to stay quiet on what is allowed,
// so that a rule that can never fire (a regex that matches nothing) does not pass for a guard.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import ts from 'typescript';

const eslint = new ESLint({ cwd: process.cwd() });

/** The layer messages ESLint gives `code` as if it were the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

const svelte = (imports: string) => `<script lang="ts">\n${imports}\n</script>\n<p>x</p>\n`;
const astro = (imports: string) => `---\n${imports}\n---\n<p>x</p>\n`;

/** [file, source, part of the message expected (or null: allowed)] */
const cases: [string, string, string | null][] = [
  // src/lib: no framework, no Node, nothing outside src/lib, no browser resource.
  ['src/lib/a.ts', "import { onMount } from 'svelte';", 'src/lib is pure TypeScript'],
  ['src/lib/a.ts', "import { getCollection } from 'astro:content';", 'src/lib is pure TypeScript'],
  ['src/lib/a.ts', "import { readFileSync } from 'node:fs';", 'src/lib runs in browsers'],
  ['src/lib/a.ts', "import { readFile } from 'fs/promises';", 'src/lib runs in browsers'],
  ['src/lib/a.ts', "import { createHash } from 'crypto';", 'src/lib runs in browsers'],
  ['src/lib/a.ts', "import { loadTf } from '../runtime/tfjs.ts';", 'src/lib imports only src/lib'],
  ['src/lib/a.ts', "import { book } from '../build/book.ts';", 'src/lib imports only src/lib'],
  ['src/lib/sub/a.ts', "import x from '../../mdx.ts';", 'src/lib imports only src/lib'],
  ['src/lib/a.ts', "import url from './model.wasm?url';", 'src/lib loads no browser resource'],
  ['src/lib/sub/a.ts', "import { mulberry32 } from '../rng.ts';", null],
  ['src/lib/a.ts', "import * as tf from '@tensorflow/tfjs-core';", null],
  ['src/lib/a.ts', "import * as z from 'zod/mini';", null],
  // src/runtime: nothing from above it, nothing from scripts.
  ['src/runtime/a.ts', "import x from '../widgets/swiss-roll/state.ts';", 'src/runtime never imports upward'],
  ['src/runtime/parts/a.ts', "import x from '../../ui/DigitGrid.svelte';", 'src/runtime never imports upward'],
  ['src/runtime/a.ts', "import x from '../../scripts/serve.mjs';", 'Nothing in src imports scripts/'],
  ['src/runtime/a.ts', "import * as tf from '@tensorflow/tfjs-core';", null],
  // src/ui: no heavy library statically, nothing from above.
  ['src/ui/A.svelte', svelte("import * as d3 from 'd3';"), 'three, d3 and tfjs are reached'],
  ['src/ui/A.svelte', svelte("import { Scene } from 'three';"), 'three, d3 and tfjs are reached'],
  ['src/ui/A.svelte', svelte("import x from '../widgets/attack-lab/engine.ts';"), 'src/ui never imports upward'],
  ['src/ui/A.svelte', svelte("import type { Scene } from 'three';"), null],
  // Widgets: no other widget, no page-level code, no tfjs outside the engines, no heavy markup imports.
  ['src/widgets/a/x.ts', "import x from '../b/y.ts';", 'A widget never imports another widget'],
  ['src/widgets/a/x.ts', "import x from '../../widgets/b/y.ts';", 'A widget never imports another widget'],
  ['src/widgets/a/x.ts', "import x from '../../layouts/Base.astro';", 'A widget imports no page-level code'],
  ['src/widgets/a/x.ts', "import * as tf from '@tensorflow/tfjs-core';", 'tfjs lives in the model worker'],
  ['src/widgets/a/x.ts', "import x from '../../../scripts/train.ts';", 'Nothing in src imports scripts/'],
  ['src/widgets/a/x.ts', "import { Scene } from 'three';", null],
  ['src/widgets/a/x.ts', "import { mulberry32 } from '../../lib/rng.ts';", null],
  ['src/widgets/a/A.svelte', svelte("import { Scene } from 'three';"), 'three, d3 and tfjs are reached'],
  ['src/widgets/a/A.svelte', svelte("import x from '../b/B.svelte';"), 'A widget never imports another widget'],
  ['src/widgets/a/A.svelte', svelte("const scene = () => import('three');"), null],
  ['src/widgets/a/AFigure.astro', astro("import * as d3 from 'd3';"), 'three, d3 and tfjs are reached'],
  ['src/widgets/a/AFigure.astro', astro("import Figure from '../../components/Figure.astro';"), null],
  // Page-level code: no heavy library statically, nothing from scripts.
  ['src/components/A.astro', astro("import { Scene } from 'three';"), 'three, d3 and tfjs are reached'],
  ['src/pages/a.astro', astro("import x from '../../scripts/section-ids.ts';"), 'Nothing in src imports scripts/'],
  ['src/mdx.ts', "import x from '../scripts/section-ids.ts';", 'Nothing in src imports scripts/'],
  ['src/layouts/Base.astro', astro("import '../scripts/enhance.ts';"), null],
  ['src/build/a.ts', "import * as tf from '@tensorflow/tfjs-core';", 'three, d3 and tfjs are reached'],
  // Scripts and tests: the site's code only through src/lib, src/build and a figure's URL-state schema.
  [
    'scripts/a/make.ts',
    "import { describeResult } from '../../src/widgets/attack-lab/describe.ts';",
    'only through src/lib',
  ],
  ['scripts/a/make.ts', "import { labSchema } from '../../src/widgets/attack-lab/lab-state.ts';", null],
  ['tests/e2e/a.test.ts', "import { figureStates } from '../../src/build/figure-states.ts';", null],
  ['tests/fixtures/a.ts', "import { loadTf } from '../../src/runtime/tfjs.ts';", 'only through src/lib'],
  ['scripts/a/make.ts', "import { inkRgba } from '../../src/lib/colormap.ts';", null],
];

describe('the layer rules', () => {
  it.each(cases)('%s: %s', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    if (expected === null) expect(errors).toEqual([]);
    else {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(expected);
    }
  });
});

describe('src/lib touches no DOM and no Node globals (tsconfig.lib.json)', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.lib.json',
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;

  /** Type-checks one source as if it were src/lib/probe.ts, under the lib config; returns the errors. */
  function check(code: string): string[] {
    const file = ts.sys.resolvePath('src/lib/probe.ts');
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (name, version, ...rest) =>
      name === file ? ts.createSourceFile(name, code, version) : getSourceFile(name, version, ...rest);
    host.fileExists = (
      (exists) => (name: string) =>
        name === file || exists(name)
    )(host.fileExists);
    const program = ts.createProgram([file], config.options, host);
    return ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }

  it('lists every non-test file of src/lib', () => {
    expect(config.fileNames.some((f) => f.endsWith('src/lib/swiss-roll.ts'))).toBe(true);
    expect(config.fileNames.some((f) => f.endsWith('.test.ts'))).toBe(false);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.lint).toContain('tsc -p tsconfig.lib.json');
  });

  it.each([
    ['document.title', /Cannot find name 'document'/],
    ['window.innerWidth', /Cannot find name 'window'/],
    ["new HTMLCanvasElement().getContext('2d')", /Cannot find name 'HTMLCanvasElement'/],
    ['process.cwd()', /Cannot find name 'process'/],
    ["Buffer.from('x')", /Cannot find name 'Buffer'/],
  ])('refuses %s', (expression, message) => {
    expect(check(`export const x = () => ${expression};`).join('\n')).toMatch(message);
  });

  it('allows what browsers, workers and Node all have', () => {
    expect(
      check(
        "export const x = async (b: Uint8Array) => new Response(new Blob([b as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();",
      ),
    ).toEqual([]);
  }, 60_000);
});
