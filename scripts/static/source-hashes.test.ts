// The figures' precomputed default states were made from the files committed now: a retrained model
// (or new digits) without a rerun of the figure's make-static script fails here, naming the script.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATIC_DATA, sourceHashes } from './source-hashes.ts';

describe('precomputed figure states', () => {
  for (const { json, script } of STATIC_DATA) {
    it(`${json} matches the committed models and digits`, () => {
      const recorded = (JSON.parse(readFileSync(json, 'utf8')) as { source?: Record<string, string> }).source;
      expect(recorded, `${json} records no source hashes: run node ${script}`).toBeTruthy();
      const now = sourceHashes(Object.keys(recorded!));
      const stale = Object.keys(recorded!).filter((f) => now[f] !== recorded![f]);
      expect(stale, `${json} was made from other versions of these files: run node ${script}`).toEqual([]);
    });
  }
});
