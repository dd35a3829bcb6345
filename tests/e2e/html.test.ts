// HTML validation of every built page (html-validate, recommended rules). KaTeX writes inline styles
// and MathML, so the rules that cannot fit math pages are switched off, each for a stated reason.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { HtmlValidate } from 'html-validate';

const siteDir = inject('siteDir');
const ASTRO_ISLAND_STYLE = '<style>astro-island,astro-slot,astro-static-slot{display:contents}</style>';
function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-inline-style': 'off', // KaTeX positions glyphs with inline styles
    'attribute-boolean-style': 'off', // Astro writes boolean attributes as hidden="" in places
    'no-trailing-whitespace': 'off',
    'long-title': 'off',
    'no-redundant-role': 'off',
    'element-permitted-content': ['error', { ignore: [] }],
    'prefer-native-element': 'off',
    'unique-landmark': 'off', // the book's nav and the prev/next nav are labelled differently; rule misfires on <aside> admonitions
    'no-implicit-button-type': 'error',
    'valid-id': ['error', { relaxed: true }],
    'void-style': 'off', // Svelte's server render writes void elements self-closed (<input ... />) in islands
  },
  elements: ['html5'],
});

describe('built HTML', () => {
  const files = htmlFiles(siteDir);
  it('has pages to validate', () => {
    expect(files.length).toBeGreaterThan(3);
  });
  it.each(files.map((f) => f.slice(siteDir.length + 1)))('%s is valid', async (file) => {
    // Astro puts one <style> for its islands (display: contents) in the body, before the first island:
    // a fixed framework string, not ours to move, so it is left out of the validation.
    const html = readFileSync(join(siteDir, file), 'utf8').replace(ASTRO_ISLAND_STYLE, '');
    const report = await validator.validateString(html, join(siteDir, file));
    const messages = report.results.flatMap((r) =>
      r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
    );
    expect(messages).toEqual([]);
  });
});
