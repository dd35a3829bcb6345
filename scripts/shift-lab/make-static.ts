// Makes the shift lab's static curves, shown before the island loads, without JavaScript and in
// print: accuracy, mean confidence and confident mistakes of every shipped model on the 800 held-out
// digits, for every shift at every curve level, with the same code the live figure runs
// (src/lib/shift.ts). Writes src/widgets/shift-lab/static-curves.json. Rerun after retraining:
//   node scripts/shift-lab/make-static.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { decodeDigits, gunzipIfNeeded } from '../../src/lib/digits.ts';
import { CURVE_LEVELS, SHIFT_KINDS, ShiftTally, shiftBatch } from '../../src/lib/shift.ts';
import { loadModelDir } from '../lib/node-io.ts';

await tf.setBackend('cpu');
const digits = decodeDigits(
  JSON.parse(readFileSync('public/data/digits.json', 'utf8')),
  await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz'))),
);
const all = Array.from({ length: digits.count }, (_, i) => i);
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const curves: Record<
  string,
  Record<string, { level: number; accuracy: number; confidence: number; confidentMistakes: number }[]>
> = {};
for (const name of ['linear', 'cnn', 'cnn-robust']) {
  if (!existsSync(`public/models/${name}/manifest.json`)) continue;
  const { model } = await loadModelDir(`public/models/${name}`);
  curves[name] = {};
  for (const kind of SHIFT_KINDS) {
    curves[name][kind] = CURVE_LEVELS.map((level) => {
      const tally = new ShiftTally();
      const x = shiftBatch(digits.pixels, all, kind, level);
      const probs = tf.tidy(() =>
        tf.softmax(model.apply(tf.tensor4d(x, [all.length, 28, 28, 1]), { training: false }) as tf.Tensor2D).dataSync(),
      );
      tally.add(probs, digits.labels);
      const s = tally.score();
      return {
        level,
        accuracy: r4(s.accuracy),
        confidence: r4(s.confidence),
        confidentMistakes: r4(s.confidentMistakes),
      };
    });
    const c = curves[name][kind];
    console.log(
      `${name.padEnd(10)} ${kind.padEnd(6)} acc ${c.map((p) => (p.accuracy * 100).toFixed(0).padStart(3)).join(' ')} | conf ${c.map((p) => (p.confidence * 100).toFixed(0).padStart(3)).join(' ')} | sure-wrong ${c.map((p) => (p.confidentMistakes * 100).toFixed(0).padStart(3)).join(' ')}`,
    );
  }
}
writeFileSync(
  'src/widgets/shift-lab/static-curves.json',
  JSON.stringify(
    {
      note: 'Made by scripts/shift-lab/make-static.ts from public/models and public/data; rerun after retraining.',
      count: digits.count,
      levels: CURVE_LEVELS,
      curves,
    },
    null,
    1,
  ) + '\n',
);
