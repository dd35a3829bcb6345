// `SOLUTIONS=hidden npm run build` is for a course that releases solutions later: the built site must
// carry no solution anywhere (pages, search index), keep the exercises and hints, and say that the
// solutions come from the instructor. One extra build of the site, under the e2e base path.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const basePath = inject('basePath');
const siteDir = inject('siteDir');
const hiddenDir = resolve(
  process.env.E2E_BUILD_DIR ? `${process.env.E2E_BUILD_DIR}-no-solutions` : '.cache/e2e-site-no-solutions',
);
const CHAPTERS = ['high-dimensional-distributions', 'adversarial-examples', 'adversarial-training'];
/** Phrases that appear only in solutions (Exercises 1.1, 5.1 and 7.2). */
const SOLUTION_ONLY = [
  'fewer dimensions than a',
  'Each is the smallest in its own norm',
  'means the attack failed, not that the model is robust',
];

const html = (dir: string, page: string) => readFileSync(join(dir, page, 'index.html'), 'utf8');
const squash = (s: string) => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
/** Every record of the Pagefind index, decompressed (each fragment is gzip of "pagefind_dcd" + JSON). */
function searchIndexText(dir: string): string {
  const fragments = join(dir, 'pagefind', 'fragment');
  return readdirSync(fragments)
    .map((f) => gunzipSync(readFileSync(join(fragments, f))).toString('utf8'))
    .join('\n')
    .replace(/\s+/g, ' ');
}

beforeAll(() => {
  rmSync(hiddenDir, { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      BASE_PATH: basePath,
      OUT_DIR: hiddenDir,
      SOLUTIONS: 'hidden',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
}, 600_000);

describe('SOLUTIONS=hidden', () => {
  it('the ordinary build has the solutions, so the phrases below can tell', () => {
    const text = squash(CHAPTERS.map((c) => html(siteDir, c)).join(' '));
    for (const phrase of SOLUTION_ONLY) expect(text).toContain(phrase);
    expect(searchIndexText(siteDir)).toContain(SOLUTION_ONLY[0]);
  });

  it('leaves every solution out of the pages and the search index, and says who releases them', () => {
    for (const chapter of CHAPTERS) {
      const page = html(hiddenDir, chapter);
      const exercises = page.match(/class="exercise"/g)?.length ?? 0;
      expect(exercises, chapter).toBeGreaterThanOrEqual(3);
      expect(page).not.toContain('exercise-solution');
      // One line per exercise in place of its solution; the hints stay.
      expect(page.match(/class="exercise-withheld"/g)?.length, chapter).toBe(exercises);
      expect(page.match(/class="exercise-fold exercise-hint"/g)?.length, chapter).toBe(exercises);
      expect(squash(page)).toContain('Solution: released later by your instructor.');
      for (const phrase of SOLUTION_ONLY) expect(squash(page)).not.toContain(phrase);
    }
    const index = searchIndexText(hiddenDir);
    expect(index).toContain('A thin peel holds almost everything');
    for (const phrase of SOLUTION_ONLY) expect(index).not.toContain(phrase);
    expect(squash(html(hiddenDir, 'exercises'))).toMatch(/solutions are released later by your instructor/);
  });
});
