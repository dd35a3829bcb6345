/**
 * `npm run eval`: measures each shipped model on the 2,000 held-out digits and stores the numbers in
 * its manifest, in two blocks:
 *
 * - `robustness` (the tables the figures read today): clean, FGSM and PGD-20 (L∞) at
 *   ε ∈ {0.05, …, 0.3}, with the mean confidence on the misclassified adversarial digits;
 * - `evaluation`: the strong suite (src/lib/robust/strong-suite.ts) at ε ∈ {0.1, 0.2, 0.25, 0.3}, a
 *   cascade of it at ε ∈ {0.35, 0.4, 0.45, 0.5} for the curve, each digit's worst case, and the
 *   four sanity flags.
 *
 * Models run as the browser runs them (src/lib/sequential.ts, with the preprocessing their manifest
 * declares). Manifests are written only when all 2,000 digits were used, or with `--sample N`: the
 * strong suite then runs on a stratified sample of N held-out digits (the first of each class in held-out
 * order, classes in held-out proportions; their positions are stored in the block) and the `robustness`
 * tables still on all 2,000. The sample exists for the time budget: the suite costs about 0.3 s of CPU
 * per digit and ε that survives it.
 *
 *   node scripts/eval.ts [name…] [--only cnn] [--count 2000] [--sample 1000] [--tables robustness,evaluation]
 *     [--models public/models]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { accuracyUnderAttack, fgsm, pgd, type AttackResult } from '../src/lib/attacks.ts';
import { parseManifest, type ModelEvaluation, type RobustnessTable } from '../src/lib/model-artifacts.ts';
import { ALL_MODEL_NAMES } from '../src/lib/model-names.ts';
import { evaluateModel } from '../src/lib/robust/evaluate.ts';
import type { SuiteDigits } from '../src/lib/robust/suite.ts';
import { sequentialFromArtifacts, type SequentialNet } from '../src/lib/sequential.ts';
import { useBackend } from './lib/backend.ts';
import {
  HELD_OUT,
  loadMnistPackage,
  shippedSample,
  SIDE,
  SPLIT_SEED,
  stratifiedSplit,
  toFloat,
} from './lib/mnist-data.ts';
import { readModelDir } from './lib/node-io.ts';
import { TRANSFER_SOURCE } from '../src/lib/robust/transfer.ts';

const EPSILONS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const PGD_STEPS = 20;
const PGD_SEED = 7;

const pct = (v: number | null) => (v === null ? '    -  ' : `${(v * 100).toFixed(1)}%`.padStart(6));
const conf = (v: number | null) => (v === null ? '   -  ' : pct(v));
const row = (r: AttackResult) => ({
  accuracy: r.accuracy,
  meanConfidenceWrong: Number.isNaN(r.meanConfidenceWrong) ? null : r.meanConfidenceWrong,
});
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

/** Published numbers to read ours against (error rates turned into accuracies where stated so). */
const REFERENCES = [
  'Published reference rows (MNIST, L∞, pixels in [0, 1]):',
  '  Goodfellow, Shlens, Szegedy (ICLR 2015), FGSM at ε = 0.25:',
  '    shallow softmax             99.9% error (0.1% accuracy), mean confidence 79.3% on the misclassified',
  '    maxout network              89.4% error (10.6% accuracy), mean confidence 97.6%',
  '    maxout, adversarially trained 17.9% error (82.1% accuracy)',
  '  Madry et al. (ICLR 2018), MNIST challenge leaderboard, ε = 0.3, adversarially trained with PGD:',
  '    FGSM 96.36%, PGD-100 92.52%, 50 random restarts 89.62%, AutoAttack 88.50%, best attack 88.00%',
];

export function loadNet(models: string, name: string): SequentialNet {
  const { artifacts } = readModelDir(join(models, name), `models/${name}`);
  return sequentialFromArtifacts(artifacts as Parameters<typeof sequentialFromArtifacts>[0]);
}

/** The `robustness` table: FGSM and single-start PGD-20 at six ε (unchanged since the first tables). */
async function robustnessTable(net: SequentialNet, x: tf.Tensor, y: Int32Array, count: number) {
  const t0 = performance.now();
  const clean = await accuracyUnderAttack(net.logits, x, y, null, 500);
  const rows: RobustnessTable['rows'] = [];
  for (const epsilon of EPSILONS) {
    const f = await accuracyUnderAttack(net.logits, x, y, (m, xb, yb) => fgsm(m, xb, yb, epsilon), 500);
    const p = await accuracyUnderAttack(
      net.logits,
      x,
      y,
      (m, xb, yb) => pgd(m, xb, yb, { epsilon, steps: PGD_STEPS, seed: PGD_SEED }),
      500,
    );
    rows.push({ epsilon, fgsm: row(f), pgd: row(p) });
  }
  const table: RobustnessTable = {
    evaluatedOn: `the first ${count} of the ${HELD_OUT} held-out digits (split seed ${SPLIT_SEED})`,
    count,
    clean: row(clean),
    pgd: { steps: PGD_STEPS, alpha: `2.5·ε/${PGD_STEPS}`, randomStart: true, seed: PGD_SEED },
    rows,
    seconds: Math.round((performance.now() - t0) / 1000),
    backend: `tfjs wasm in Node ${process.version}`,
  };
  return table;
}

/**
 * The `evaluation` block of one model: src/lib/robust/evaluate.ts (the same function the evaluation
 * panel runs in the browser), printing each attack as it finishes.
 */
export async function evaluation(
  name: string,
  net: SequentialNet,
  source: SequentialNet | null,
  digits: SuiteDigits,
  evaluatedOn: string,
  sampled: boolean,
  options: { quiet?: boolean } = {},
): Promise<ModelEvaluation> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let cpu = process.cpuUsage();
  const result = await evaluateModel(
    { logits: net.logits, bpda: net.preprocessing ? net.bpdaLogits : null, transferSource: source?.logits ?? null },
    digits,
    {
      batchSize: 500,
      onEvent: (e) => {
        if (e.type !== 'attack' || !e.result.digits || options.quiet) return;
        const a = e.result;
        console.log(
          `${name} ε=${e.epsilon} ${a.id.padEnd(10)} acc ${pct(a.accuracy)} worst so far ${pct(a.worstCaseAfter)} ` +
            `on ${a.digits} digits (${cpuSeconds(cpu).toFixed(0)} s CPU)`,
        );
        cpu = process.cpuUsage();
      },
    },
  );
  const { mainEpsilons, ...numbers } = result;
  const block: ModelEvaluation = {
    evaluatedOn,
    mainEpsilons,
    ...numbers,
    ...(sampled ? { heldOutPositions: [...digits.ids] } : {}),
    seconds: Math.round((performance.now() - t0) / 1000),
    cpuSeconds: Math.round(cpuSeconds(cpu0)),
    backend: `tfjs wasm in Node ${process.version}`,
  };
  return block;
}

function printEvaluation(name: string, e: ModelEvaluation): string[] {
  const ids = e.attacks.map((a) => a.id);
  const lines = [
    `${name}: clean ${pct(e.clean)} on ${e.digits} digits, ${e.seconds} s (${e.cpuSeconds} s CPU)`,
    `     ε ${ids.map((id) => id.padStart(10)).join('')}  white-box  worst`,
    ...e.rows.map(
      (r) =>
        `  ${r.epsilon.toFixed(2).padStart(4)} ${ids
          .map((id) => {
            const a = r.attacks.find((x) => x.id === id);
            return (a?.accuracy === null || !a ? (a?.digits ? '  (casc.)' : '     -   ') : pct(a.accuracy)).padStart(
              10,
            );
          })
          .join('')}  ${pct(r.whiteBox).padStart(9)} ${pct(r.worstCase)}`,
    ),
    ...Object.entries(e.flags).map(([k, f]) => `  ${f.ok ? 'ok ' : 'RED'} ${k}: ${f.reason}`),
  ];
  return lines;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      count: { type: 'string', default: String(HELD_OUT) },
      tables: { type: 'string', default: 'robustness,evaluation' },
      sample: { type: 'string' },
      models: { type: 'string', default: 'public/models' },
    },
  });
  const tables = values.tables!.split(',');
  await useBackend('wasm');
  const digits = loadMnistPackage();
  const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
  const count = Math.min(Number(values.count), HELD_OUT);
  const held = toFloat(digits, split.heldOut.slice(0, count));
  const x = tf.tensor4d(held.x, [count, SIDE, SIDE, 1]);
  const sample = values.sample ? Math.min(Number(values.sample), count) : null;
  // Digit ids are held-out positions, so a digit meets the same seeded attacks in a sample as in the whole set.
  const positions = sample
    ? shippedSample(digits.labels, split.heldOut.slice(0, count), sample)
    : Array.from({ length: count }, (_, i) => i);
  const picked = sample
    ? toFloat(
        digits,
        positions.map((p) => split.heldOut[p]!),
      )
    : held;
  const suiteDigits: SuiteDigits = { pixels: picked.x, shape: [SIDE, SIDE, 1], labels: picked.y, ids: positions };
  const splitWords = `${HELD_OUT} held-out digits (split seed ${SPLIT_SEED})`;
  const evaluatedOn = sample
    ? `a stratified sample of ${sample} of the ${splitWords}: the first of each class in held-out order, ` +
      `classes in held-out proportions (scripts/lib/mnist-data.ts: shippedSample); digit ids are held-out positions`
    : `${count === HELD_OUT ? 'all the' : `the first ${count} of the`} ${splitWords}; digit ids are held-out positions`;
  const only = [...positionals, ...(values.only?.split(',') ?? [])];
  const names = only.length ? only : [...ALL_MODEL_NAMES];
  const source = loadNet(values.models!, TRANSFER_SOURCE);
  const lines: string[] = [];
  for (const name of names) {
    const dir = join(values.models!, name);
    const net = loadNet(values.models!, name);
    const manifestPath = join(dir, 'manifest.json');
    let manifest = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    if (tables.includes('robustness')) {
      const table = await robustnessTable(net, x, held.y, count);
      manifest = { ...manifest, robustness: table };
      lines.push(
        `${name}  (clean ${pct(table.clean.accuracy)}, ${table.seconds} s)`,
        '    ε     FGSM acc  conf.wrong   PGD-20 acc  conf.wrong',
        ...table.rows.map(
          (r) =>
            `  ${r.epsilon.toFixed(2)}    ${pct(r.fgsm.accuracy)}    ${conf(r.fgsm.meanConfidenceWrong)}       ` +
            `${pct(r.pgd.accuracy)}    ${conf(r.pgd.meanConfidenceWrong)}`,
        ),
      );
    }
    if (tables.includes('evaluation')) {
      const block = await evaluation(
        name,
        net,
        name === TRANSFER_SOURCE ? null : source,
        suiteDigits,
        evaluatedOn,
        sample !== null,
      );
      manifest = { ...manifest, evaluation: block };
      lines.push(...printEvaluation(name, block));
    }
    if (count === HELD_OUT)
      writeFileSync(manifestPath, JSON.stringify(parseManifest(manifest, manifestPath), null, 2) + '\n');
    net.dispose();
  }
  source.dispose();
  x.dispose();
  console.log(
    `\nAccuracy on ${count} held-out digits (conf.wrong = mean confidence on misclassified adversarial digits)\n`,
  );
  console.log(lines.join('\n'));
  console.log('\n' + REFERENCES.join('\n'));
  if (count !== HELD_OUT) console.log(`\n(--count ${count}: manifests not updated)`);
}

// Imported by a test, it only lends its functions.
if (import.meta.main) await main();
