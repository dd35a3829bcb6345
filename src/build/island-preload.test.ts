import { beforeAll, describe, expect, it } from 'vitest';
import { addIslandPreloads, importClosure, lexerReady, staticImports } from './island-preload.ts';

beforeAll(() => lexerReady);

const CHUNKS: Record<string, string> = {
  'Lab.a1.js':
    'import"./version.b2.js";import{$ as e,A as t}from"./client.c3.js";import*as F from"./host.d4.js";let x=import("./later.e5.js");export{F};',
  'client.c3.js': '/*! a licence */\nvar a=1;export{a as $,a as A};export{b}from"./version.b2.js";',
  'host.d4.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/later.e5.js"])))=>i.map(i=>d[i]);\nimport{t as e}from"./rng.f6.js";export{e as h};',
  'rng.f6.js': 'function t(){return`import "./not-an-import.js";`}export{t};',
  'version.b2.js': 'window.v=1;',
  'later.e5.js': 'import{x}from"./client.c3.js";',
  'renderer.g7.js': 'import{C as e}from"./client.c3.js";export{e};',
};
const read = (name: string) => CHUNKS[name] ?? null;

describe('island preloads', () => {
  it('reads the static imports that lead a chunk, past Vite’s dependency map, and no dynamic import', () => {
    expect(staticImports(CHUNKS['Lab.a1.js']!)).toEqual(['./version.b2.js', './client.c3.js', './host.d4.js']);
    expect(staticImports(CHUNKS['host.d4.js']!)).toEqual(['./rng.f6.js']);
    expect(staticImports(CHUNKS['rng.f6.js']!)).toEqual([]);
  });

  it('follows static imports to the end, each chunk once, and leaves out names that are not there', () => {
    expect(importClosure(['Lab.a1.js', 'missing.js'], read)).toEqual([
      'Lab.a1.js',
      'version.b2.js',
      'client.c3.js',
      'host.d4.js',
      'rng.f6.js',
    ]);
  });

  it('names the closure on an island of client:ahead, with its renderer, and on no other island', () => {
    const ahead =
      '<astro-island uid="a" component-url="/base/_astro/Lab.a1.js" renderer-url="/base/_astro/renderer.g7.js" ssr client="ahead" opts="{}">';
    const visible = '<astro-island uid="b" component-url="/base/_astro/Lab.a1.js" ssr client="visible">';
    const out = addIslandPreloads(`<p>${ahead}</astro-island>${visible}</astro-island></p>`, read);
    expect(out).toContain(
      `client="ahead" opts="{}" data-preload="Lab.a1.js renderer.g7.js version.b2.js client.c3.js host.d4.js rng.f6.js">`,
    );
    expect(out).toContain(visible);
    // Run again (a rebuild of the same files), it adds nothing.
    expect(addIslandPreloads(out, read)).toBe(out);
  });

  it('works with the relative URLs of a folder build', () => {
    const tag =
      '<astro-island component-url="../_astro/Lab.a1.js" renderer-url="../_astro/renderer.g7.js" client="ahead">';
    expect(addIslandPreloads(tag, read)).toMatch(/data-preload="Lab\.a1\.js renderer\.g7\.js /);
  });
});
