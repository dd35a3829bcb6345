// Precomputes the shift lab with the lab's own jobs (src/lib/shift-lab/jobs.ts), in Node on the wasm
// backend as a browser runs them: accuracy, mean confidence and confident mistakes of every shipped
// model on the 800 held-out digits, for every shift at every curve level, and the opening state's
// sample answers. The live figure draws these at once and keeps them where its model worker agrees;
// without JavaScript and in print they are the figure. Writes src/widgets/shift-lab/static-curves.json
// with the SHA-256 of the files used. Rerun after retraining:
//   node scripts/shift-lab/make-static.ts
import { existsSync, writeFileSync } from 'node:fs';
import { MODEL_NAMES } from '../../src/lib/model-names.ts';
import { CURVE_LEVELS, SHIFT_KINDS } from '../../src/lib/shift.ts';
import { curve, evaluate, type ShiftCurvePoint } from '../../src/lib/shift-lab/jobs.ts';
import { SHIFT_DEFAULTS } from '../../src/lib/shift-lab/defaults.ts';
import { DIGITS_FILES, modelFiles, nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';

const { ctx, backend, dispose } = await nodeJobs();
const used = new Set(DIGITS_FILES);
const curves: Record<string, Record<string, ShiftCurvePoint[]>> = {};
const pct = (v: number) => (v * 100).toFixed(0).padStart(3);
for (const name of MODEL_NAMES) {
  if (!existsSync(`public/models/${name}/manifest.json`)) continue;
  modelFiles(name).forEach((f) => used.add(f));
  const byKind: Record<string, ShiftCurvePoint[]> = (curves[name] = {});
  for (const kind of SHIFT_KINDS) {
    const c = (byKind[kind] = await curve(ctx, { model: name, kind }));
    console.log(
      `${name.padEnd(10)} ${kind.padEnd(6)} acc ${c.map((p) => pct(p.accuracy)).join(' ')} | conf ${c.map((p) => pct(p.confidence)).join(' ')} | sure-wrong ${c.map((p) => pct(p.confidentMistakes)).join(' ')}`,
    );
  }
}
const opening = curves[SHIFT_DEFAULTS.model] ? await evaluate(ctx, SHIFT_DEFAULTS) : null;
dispose();
const digits = await ctx.digits();
writeFileSync(
  'src/widgets/shift-lab/static-curves.json',
  JSON.stringify(
    {
      note: 'Made by scripts/shift-lab/make-static.ts from the files in `source`; rerun after retraining.',
      backend,
      source: sourceHashes([...used]),
      count: digits.count,
      levels: CURVE_LEVELS,
      curves,
      // The opening state's sample answers (its score is the curve's point at that level).
      opening: opening && { model: opening.model, kind: opening.kind, level: opening.level, samples: opening.samples },
    },
    null,
    1,
  ) + '\n',
);
