// The e2e files that build a site of their own (folder, solutions-hidden) take turns when files run in
// parallel: two Astro builds of one project at once share .astro/ and node_modules/.astro. The lock is
// a directory (mkdir is atomic); the global setup removes one left by a run that was killed.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const BUILD_LOCK = resolve('.cache/e2e-build.lock');

/** Runs `build` once no other e2e file is building, and waits until it is done. */
export async function withBuildLock<T>(build: () => T): Promise<T> {
  mkdirSync(dirname(BUILD_LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Another file is building: look again shortly (its build takes tens of seconds).
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return build();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}
