// Measures the answers of the lab exercises (content/exercises/labs.json) from the committed models and
// static figures, with the same attack code and settings the live figures run, and writes them with a
// SHA-256 of every input to content/exercises/answers.json. Rerun after retraining or remaking a figure:
//   npm run exercises:answers
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fgsmPerturbation, pgd, type LogitsFn } from '../../src/lib/attacks.ts';
import { digitPixels } from '../../src/lib/digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from '../../src/lib/digits.ts';
import { labsFileSchema, parseWith, type AnswerValue, type LabSpec } from '../../src/lib/exercise-labs.ts';
import { SHIFTS, type ShiftKind } from '../../src/lib/shift.ts';
import { defaultState } from '../../src/lib/url-state.ts';
import { EPS_MAX, EPS_STEP, effectiveAlpha, labSchema, type LabState } from '../../src/widgets/attack-lab/lab-state.ts';
import { loadModelDir } from '../lib/node-io.ts';
import { attack } from '../../src/lib/attack-lab/jobs.ts';
import { LAB_DEFAULTS, paramsFor } from '../../src/lib/attack-lab/defaults.ts';
import { nodeJobs } from '../static/node-jobs.ts';
import { ANSWERS_FILE, LABS_FILE, currentInputs } from './inputs.ts';

await tf.setBackend('cpu');
const labs = parseWith(labsFileSchema, JSON.parse(readFileSync(LABS_FILE, 'utf8')), LABS_FILE);
const digits = decodeDigits(
  JSON.parse(readFileSync('public/data/digits.json', 'utf8')),
  await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz'))),
);
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

const models = new Map<string, LogitsFn>();
async function logitsOf(name: string): Promise<LogitsFn> {
  let fn = models.get(name);
  if (!fn) {
    const { model } = await loadModelDir(`public/models/${name}`);
    fn = (x) => model.apply(x, { training: false }) as tf.Tensor2D;
    models.set(name, fn);
  }
  return fn;
}

const argmax = (p: ArrayLike<number>) => {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
};
const probsOf = (logits: LogitsFn, x: Float32Array) =>
  tf.tidy(() => tf.softmax(logits(tf.tensor4d(x, [1, 28, 28, 1]))).dataSync() as Float32Array);

/**
 * The smallest ε on the lab's slider grid (EPS_STEP, …, EPS_MAX) at which the lab's attack changes
 * the prediction of a held-out digit, computed as the lab computes it (src/widgets/attack-lab/engine.ts):
 * FGSM as clip(x ± ε·direction) with the direction computed once, PGD with α = the lab's α, its random
 * start and seed 0. Every grid point is tried in turn, so the answer needs no monotonicity.
 */
async function smallestFlip(id: string, lab: LabSpec): Promise<Record<string, AnswerValue>> {
  if (!lab.figure?.startsWith('fig-attack-lab')) throw new Error(`${LABS_FILE}: lab "${id}" measures the attack lab`);
  for (const field of ['digit', 'model', 'attack'])
    if (!(field in lab.state)) throw new Error(`${LABS_FILE}: lab "${id}" must set ${field}`);
  const s = { ...defaultState(labSchema()), ...lab.state } as LabState;
  const logits = await logitsOf(s.model);
  if (s.digit >= digits.count) throw new Error(`${LABS_FILE}: lab "${id}": only ${digits.count} held-out digits`);
  const x = digitPixels(digits, s.digit);
  const label = digits.labels[s.digit]!;
  const clean = probsOf(logits, x);
  if (argmax(clean) !== label)
    throw new Error(`lab "${id}": ${s.model} misreads held-out digit ${s.digit} even unattacked; choose another digit`);
  const targeted = s.attack === 'fgsm-targeted';
  const attackLabel = targeted ? s.target : label;
  const direction =
    s.attack === 'pgd'
      ? null
      : tf.tidy(
          () =>
            fgsmPerturbation(logits, tf.tensor4d(x, [1, 28, 28, 1]), [attackLabel], 1, {
              targeted,
            }).dataSync() as Float32Array,
        );
  const steps = Math.round(EPS_MAX / EPS_STEP);
  const about = { digit: s.digit, label, step: EPS_STEP, cleanConfidence: r4(clean[label]!) };
  for (let i = 1; i <= steps; i++) {
    const eps = Math.round(i * EPS_STEP * 1e6) / 1e6;
    const adv = direction
      ? x.map((v, j) => Math.min(1, Math.max(0, v + eps * direction[j]!)))
      : tf.tidy(
          () =>
            pgd(logits, tf.tensor4d(x, [1, 28, 28, 1]), [attackLabel], {
              epsilon: eps,
              steps: s.k,
              alpha: effectiveAlpha({ ...s, eps }),
              randomStart: s.rs,
              seed: 0,
            }).dataSync() as Float32Array,
        );
    const p = probsOf(logits, Float32Array.from(adv));
    const reading = argmax(p);
    if (targeted ? reading === s.target : reading !== label)
      return { ...about, eps, reading, confidence: r4(p[reading]!) };
  }
  return { ...about, eps: null, reading: null, confidence: null };
}

interface CurvePoint {
  level: number;
  accuracy: number;
  confidence: number;
  confidentMistakes: number;
}

/** The first severity of the shift lab's curve at which the model gets fewer than half the digits right. */
function shiftBelowHalf(id: string, lab: LabSpec): Record<string, AnswerValue> {
  const { model, kind } = lab.state as { model?: string; kind?: ShiftKind };
  if (!model || !kind) throw new Error(`${LABS_FILE}: lab "${id}" must set model and kind`);
  const file = JSON.parse(readFileSync('src/widgets/shift-lab/static-curves.json', 'utf8')) as {
    curves: Record<string, Record<string, CurvePoint[]>>;
  };
  const curve = file.curves[model]?.[kind];
  if (!curve) throw new Error(`lab "${id}": the shift lab's static curves have no ${model} / ${kind}`);
  const at = curve.findIndex((p) => p.accuracy < 0.5);
  if (at < 0) throw new Error(`lab "${id}": ${model} never falls below half under ${kind}; ask another question`);
  const point = curve[at]!;
  const before = curve[at - 1] ?? point;
  const robust = file.curves['cnn-robust']?.[kind]?.[at];
  return {
    level: point.level,
    amount: SHIFTS[kind].amount(point.level),
    accuracy: point.accuracy,
    confidence: point.confidence,
    confidentMistakes: point.confidentMistakes,
    levelBefore: before.level,
    amountBefore: SHIFTS[kind].amount(before.level),
    accuracyBefore: before.accuracy,
    cleanAccuracy: curve[0]!.accuracy,
    cleanConfidence: curve[0]!.confidence,
    robustAccuracy: robust?.accuracy ?? null,
    robustConfidence: robust?.confidence ?? null,
    robustConfidentMistakes: robust?.confidentMistakes ?? null,
  };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const r1 = (v: number) => Math.round(v * 10) / 10;

function openingStateOnly(id: string, lab: LabSpec) {
  if (Object.keys(lab.state).length > 0)
    throw new Error(`lab "${id}": a static example only describes the figure's opening state; set no fields`);
}

/** "shifted 2 pixels right": the non-zero parts of the pixel-feature figure's transform. */
function transformWords(t: Record<string, number>): string {
  const px = (n: number) => `${Math.abs(n)} pixel${Math.abs(n) === 1 ? '' : 's'}`;
  const parts = [
    t.dx ? `shifted ${px(t.dx)} ${t.dx > 0 ? 'right' : 'left'}` : '',
    t.dy ? `shifted ${px(t.dy)} ${t.dy > 0 ? 'down' : 'up'}` : '',
    (t.rot ?? t.rotate) ? `rotated ${t.rot ?? t.rotate}°` : '',
    (t.bright ?? t.brightness) ? `brightened by ${t.bright ?? t.brightness}` : '',
    t.contrast !== undefined && t.contrast !== 1 ? `scaled in contrast by ${t.contrast}` : '',
    t.noise ? `given noise of σ = ${t.noise}` : '',
  ].filter(Boolean);
  if (parts.length === 0) throw new Error('the pixel-feature static example has no transform');
  return parts.join(' and ');
}

/** The pixel vs feature figure opens on its static example: the numbers a reader sees first. */
function pixelFeatureOpening(id: string, lab: LabSpec): Record<string, AnswerValue> {
  openingStateOnly(id, lab);
  const ex = readJson('src/widgets/pixel-feature/static-example.json');
  const d = ex.distances;
  return {
    anchor: ex.anchor.index,
    anchorLabel: ex.anchor.label,
    transform: transformWords(ex.transform),
    copyPixel: d.copy.pixel,
    copyFeature: d.copy.feature,
    lookalike: ex.lookalike.index,
    lookalikeLabel: ex.lookalike.label,
    lookalikePixel: d.lookalike.pixel,
    lookalikeFeature: d.lookalike.feature,
    featureRatio: r1(d.lookalike.feature / d.copy.feature),
    augmentation: readJson('public/models/cnn/manifest.json').training.augmentation,
  };
}

/**
 * The attack lab opens on its static example (FGSM on one digit, scripts/attack-lab/make-static.ts):
 * how big its perturbation is, and how many pixels clipping to [0, 1] kept from moving the full ε.
 */
async function attackLabOpening(id: string, lab: LabSpec): Promise<Record<string, AnswerValue>> {
  openingStateOnly(id, lab);
  const opening = readJson('src/widgets/attack-lab/static-example.json').examples.attack;
  // The figure's own job on the figure's backend (wasm), as scripts/attack-lab/make-static.ts runs it:
  // the cpu backend's gradient signs differ on a few pixels whose gradient is tiny.
  const jobs = await nodeJobs('wasm');
  const out = await attack(jobs.ctx, paramsFor(LAB_DEFAULTS.attack));
  jobs.dispose();
  await tf.setBackend('cpu');
  const ex = {
    digit: opening.params.digit,
    label: opening.trueLabel,
    epsilon: opening.params.eps,
    linf: opening.linf,
    l2: opening.l2,
  };
  const x = out.original;
  const moved = Array.from(out.delta);
  const full = moved.filter((d) => Math.abs(Math.abs(d) - ex.epsilon) < 1e-6).length;
  const still = moved.filter((d) => d === 0).length;
  const l2 = Math.sqrt(moved.reduce((a, d) => a + d * d, 0));
  if (Math.abs(l2 - ex.l2) > 1e-3)
    throw new Error(`lab "${id}": recomputed L2 ${l2} differs from the static example's ${ex.l2}`);
  return {
    digit: ex.digit,
    label: ex.label,
    eps: ex.epsilon,
    linf: ex.linf,
    l2: ex.l2,
    pixels: x.length,
    bound: Math.round(ex.epsilon * Math.sqrt(x.length) * 100) / 100,
    fullMoves: full,
    stillPixels: still,
    partialMoves: x.length - full - still,
  };
}

/** The cost of adversarial training as the manifests record it: CPU seconds per epoch, both models. */
function trainingCost(): Record<string, AnswerValue> {
  const [plain, robust] = ['cnn', 'cnn-robust'].map((n) => readJson(`public/models/${n}/manifest.json`).training);
  const perEpoch = (t: { cpuSeconds: number; epochs: number }) => t.cpuSeconds / t.epochs;
  return {
    plainEpochs: plain.epochs,
    plainCpuSeconds: plain.cpuSeconds,
    plainPerEpoch: r1(perEpoch(plain)),
    robustEpochs: robust.epochs,
    robustCpuSeconds: robust.cpuSeconds,
    robustPerEpoch: r1(perEpoch(robust)),
    robustMethod: robust.adversarial,
    ratio: Math.round((perEpoch(robust) / perEpoch(plain)) * 100) / 100,
  };
}

/** The held-out digits the site ships, by class: the largest class share bounds accuracy at ε = 0.5. */
function heldOutClasses(): Record<string, AnswerValue> {
  const counts = new Array<number>(10).fill(0);
  for (const y of digits.labels) counts[y] = (counts[y] ?? 0) + 1;
  const most = counts.indexOf(Math.max(...counts));
  return { count: digits.count, largestClass: most, largestShare: r4(counts[most]! / digits.count) };
}

const answers: Record<string, Record<string, AnswerValue>> = {};
for (const [id, lab] of Object.entries(labs)) {
  if (!lab.measure) continue;
  const started = Date.now();
  const measures: Record<NonNullable<LabSpec['measure']>, () => Promise<Record<string, AnswerValue>>> = {
    'smallest-flip': () => smallestFlip(id, lab),
    'shift-below-half': async () => shiftBelowHalf(id, lab),
    'pixel-feature-opening': async () => pixelFeatureOpening(id, lab),
    'attack-lab-opening': () => attackLabOpening(id, lab),
    'training-cost': async () => trainingCost(),
    'held-out-classes': async () => heldOutClasses(),
  };
  answers[id] = await measures[lab.measure]();
  console.log(`${id}: ${JSON.stringify(answers[id])} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
const out = {
  note: `Made by scripts/exercises/make-answers.ts from the files in "inputs" (SHA-256); rerun with npm run exercises:answers after any of them changes.`,
  inputs: currentInputs(labs),
  answers,
};
writeFileSync(ANSWERS_FILE, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${ANSWERS_FILE}`);
