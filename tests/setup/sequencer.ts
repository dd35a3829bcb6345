// Runs the slowest e2e files first, so that two workers finish together instead of one running the
// longest file alone at the end (a clean clone has no timings yet, and Vitest then orders files by
// size: the 166-line pages.test, the slowest, came last). Once Vitest has timings, it uses them.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The e2e files by time on a 2-core machine, slowest first (measured in CI; others follow by size). */
const SLOWEST = ['pages', 'figure-alone', 'attack-lab', 'eval-panel', 'layout', 'where-points', 'swiss-roll'];

const rank = (spec: TestSpecification) => {
  const i = SLOWEST.findIndex((name) => spec.moduleId.endsWith(`/tests/e2e/${name}.test.ts`));
  return i < 0 ? SLOWEST.length : i;
};

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((spec) => this.ctx.cache.getTestSpecificationResult(spec))) return sorted;
    // Reorder the e2e files among their own places in the list (stable for equal ranks).
    const slots = sorted.flatMap((spec, i) => (spec.project.name === 'e2e' ? [i] : []));
    const e2e = slots.map((i) => sorted[i] as TestSpecification).sort((a, b) => rank(a) - rank(b));
    slots.forEach((slot, k) => (sorted[slot] = e2e[k] as TestSpecification));
    return sorted;
  }
}
