// The chapters are written afresh: no run of 12 words in common with the source text. The source
// lives beside the project (../shared/seed), never in it; where it is absent the check is skipped.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR, findSharedRuns } from './check-originality.ts';

describe.skipIf(!existsSync(DEFAULT_SEED_DIR))('originality against the source text', () => {
  it('shares no run of 12 words with any chapter, exercises file, the front page, notation or glossary', () => {
    const { files, runs } = findSharedRuns();
    // front page, notation, 7 chapters, 7 exercises files, glossary
    expect(files.length).toBe(17);
    expect(runs).toEqual([]);
  });
});
