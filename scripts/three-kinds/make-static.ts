// Precomputes the three-kinds figure's opening state with the figure's own job (src/lib/kinds/jobs.ts),
// in Node on the wasm backend as a browser runs it: for one held-out digit, its random negative
// (seed 1), its hard negative and its smallest targeted adversarial example, under each of the three
// models the figure offers. The live figure shows the `cnn` result before its model worker answers and
// keeps it where the worker agrees; without JavaScript and in print it is the figure, and the chapter's
// prose quotes all three from here. Writes four 28 × 28 PNGs to public/three-kinds/ and the numbers,
// with the SHA-256 of the files used, to src/widgets/three-kinds/static-example.json.
// The digit is the first (in file order) for which the story holds clearly under every model: each
// reads the original right, each attack reaches its target within ε ≤ 0.5, the adversarial example is
// the nearest of the three in pixels and the hard negative nearer than the negative in both spaces,
// and the robust model needs a larger ε than the normal one. Rerun after retraining:
//   node scripts/three-kinds/make-static.ts [digit]
import { mkdirSync, writeFileSync } from 'node:fs';
import { inkRgba } from '../../src/lib/colormap.ts';
import { KINDS_DEFAULTS, KINDS_MODELS } from '../../src/lib/kinds/defaults.ts';
import { compare } from '../../src/lib/kinds/jobs.ts';
import { storeResult } from '../../src/lib/kinds/precomputed.ts';
import type { KindsResult } from '../../src/lib/kinds/types.ts';
import { ATTACK, EPS_MAX, TOLERANCE } from '../../src/lib/kinds/types.ts';
import { encodePng } from '../attack-lab/png.ts';
import { DIGITS_FILES, modelFiles, nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';

const started = performance.now();
const { ctx, backend, dispose } = await nodeJobs();
const digits = await ctx.digits();
const run = (model: string, digit: number) =>
  compare(ctx as Parameters<typeof compare>[0], { model, digit, drawn: null, seed: KINDS_DEFAULTS.seed });

const clear = (r: KindsResult) =>
  r.originalAnswer.label === r.originalClass &&
  r.originalAnswer.confidence > 0.9 &&
  r.search.found &&
  r.adversarial.answer.label === r.target &&
  r.adversarial.pixelL2 < r.hardNegative.pixelL2 &&
  r.hardNegative.pixelL2 < r.negative.pixelL2 &&
  r.hardNegative.featureL2 < r.negative.featureL2;

let chosen: Record<string, KindsResult> | null = null;
const first = process.argv[2] === undefined ? 0 : Number(process.argv[2]);
const last = process.argv[2] === undefined ? digits.count - 1 : first;
for (let d = first; d <= last && !chosen; d++) {
  const all: Record<string, KindsResult> = {};
  let ok = true;
  for (const model of KINDS_MODELS) {
    const r = await run(model, d);
    all[model] = r;
    if (!clear(r) && process.argv[2] === undefined) {
      ok = false;
      break;
    }
  }
  if (ok && process.argv[2] === undefined) ok = all['cnn-robust']!.search.eps! > all.cnn!.search.eps!;
  if (ok) chosen = all;
}
dispose();
if (!chosen) throw new Error('no held-out digit tells the story clearly under every model');
const shown = chosen[KINDS_DEFAULTS.model]!;

const png = (pixels: ArrayLike<number>) => {
  const rgba = inkRgba(Float32Array.from(pixels));
  return encodePng(
    Uint8Array.from({ length: 784 }, (_, i) => rgba[4 * i]!),
    28,
    28,
    1,
  );
};
mkdirSync('public/three-kinds', { recursive: true });
writeFileSync('public/three-kinds/original.png', png(shown.original));
writeFileSync('public/three-kinds/negative.png', png(shown.negative.pixels));
writeFileSync('public/three-kinds/hard-negative.png', png(shown.hardNegative.pixels));
writeFileSync('public/three-kinds/adversarial.png', png(shown.adversarial.pixels));

const example = {
  note: 'Made by scripts/three-kinds/make-static.ts from the files in `source`; rerun after retraining.',
  backend,
  source: sourceHashes([
    ...DIGITS_FILES,
    ...KINDS_MODELS.flatMap((m) => [...modelFiles(m), `public/models/${m}/manifest.json`]),
  ]),
  digits: digits.count,
  opening: { model: KINDS_DEFAULTS.model, digit: shown.digit, seed: KINDS_DEFAULTS.seed },
  attack: { ...ATTACK, max: EPS_MAX, tolerance: TOLERANCE },
  byModel: Object.fromEntries(KINDS_MODELS.map((m) => [m, storeResult(chosen[m]!)])),
};
writeFileSync('src/widgets/three-kinds/static-example.json', JSON.stringify(example, null, 2) + '\n');
for (const m of KINDS_MODELS) {
  const r = chosen[m]!;
  console.log(
    `${m}: digit ${r.digit} (${r.originalClass}), negative ${r.negative.index} (${r.negative.label}), hard ${r.hardNegative.index} (${r.hardNegative.label}), ε = ${r.search.eps}; pixel L2 ${[r.negative, r.hardNegative, r.adversarial].map((e) => e.pixelL2.toFixed(2)).join(' / ')}; feature L2 ${[r.negative, r.hardNegative, r.adversarial].map((e) => e.featureL2.toFixed(2)).join(' / ')}`,
  );
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
