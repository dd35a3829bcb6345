// The chapters are written afresh: no run of 12 words in common with the source text. The source
// lives beside the project (../shared/seed), never in it. On a writer's machine without it the check
// is skipped; under CI (CI=true) a missing source fails, so the check cannot pass by not running.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR, findSharedRuns } from './check-originality.ts';

const haveSource = existsSync(DEFAULT_SEED_DIR);
const ci = /^(1|true)$/i.test(process.env.CI ?? '');

describe('originality against the source text', () => {
  it.runIf(ci)('has the source text to compare with', () => {
    expect(haveSource, `${DEFAULT_SEED_DIR} is missing: the originality check cannot run`).toBe(true);
  });

  it.skipIf(!haveSource)(
    'shares no run of 12 words with any chapter, exercises file, the front page, notation or glossary',
    () => {
      const { files, runs } = findSharedRuns();
      // front page, notation, 7 chapters, 7 exercises files, glossary
      expect(files.length).toBe(17);
      expect(runs).toEqual([]);
    },
  );
});
