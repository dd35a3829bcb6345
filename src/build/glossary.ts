// The glossary, checked once for the build (the rehype plugin in astro.config.mjs and the glossary page).
import glossaryJson from '../../content/glossary.json';
import { parseGlossary, type GlossaryEntry } from '../lib/glossary.ts';

let cached: GlossaryEntry[] | undefined;
export function getGlossary(): GlossaryEntry[] {
  cached ??= parseGlossary(glossaryJson);
  return cached;
}
