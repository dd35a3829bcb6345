// Makes the attack lab's static example, shown before the island loads, without JavaScript and in
// print: the lab's opening state (chapter 5: held-out digit 1, the `cnn` model, FGSM at the default ε),
// so the picture and the live figure agree. Writes three 28 × 28 PNGs to public/attack-lab/ and the
// numbers beside them to src/widgets/attack-lab/static-example.json. Rerun after retraining:
//   node scripts/attack-lab/make-static.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fgsm, l2Norm, linfNorm } from '../../src/lib/attacks.ts';
import { digitPixels } from '../../src/lib/digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from '../../src/lib/digits.ts';
import { loadModelDir } from '../lib/node-io.ts';
import { diverging, inkRgba, parseHex } from '../../src/lib/colormap.ts';
import { LAB_DEFAULTS } from '../../src/lib/attack-lab-defaults.ts';
import { encodePng } from './png.ts';

await tf.setBackend('cpu');
const digitIndex = LAB_DEFAULTS.digit;
const { eps } = LAB_DEFAULTS.attack;
const { model, manifest } = await loadModelDir(`public/models/${LAB_DEFAULTS.attack.model}`);
const logits = (x: tf.Tensor) => model.apply(x, { training: false }) as tf.Tensor2D;
const digits = decodeDigits(
  JSON.parse(readFileSync('public/data/digits.json', 'utf8')),
  await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz'))),
);
const x0 = Float32Array.from(digitPixels(digits, digitIndex));
const label = digits.labels[digitIndex]!;

const probsOf = (x: Float32Array) =>
  tf.tidy(() => tf.softmax(logits(tf.tensor4d(x, [1, 28, 28, 1]))).dataSync() as Float32Array);
const argmax = (p: Float32Array) => p.reduce((b, v, i, a) => (v > a[b]! ? i : b), 0);
const clean = probsOf(x0);
const adv = tf.tidy(() => fgsm(logits, tf.tensor4d(x0, [1, 28, 28, 1]), [label], eps).dataSync() as Float32Array);
const after = probsOf(adv);
const delta = adv.map((v, i) => v - x0[i]!);

const grey = (rgba: Uint8ClampedArray) => Uint8Array.from({ length: 784 }, (_, i) => rgba[4 * i]!);
const css = readFileSync('src/styles/global.css', 'utf8');
// The light theme's colour: `--name: #hex` or `--name: light-dark(#light, #dark)`.
const cssColour = (name: string) => {
  const hex = new RegExp(`${name}:\\s*(?:light-dark\\(\\s*)?(#[0-9a-fA-F]{3,6})`).exec(css)?.[1];
  if (!hex) throw new Error(`src/styles/global.css: no colour ${name}`);
  return parseHex(hex);
};
const [neg, zero, pos] = [cssColour('--c-div-neg'), cssColour('--c-div-zero'), cssColour('--c-div-pos')];
const rgb = new Uint8Array(784 * 3);
delta.forEach((d, i) => rgb.set(diverging(d / eps, neg, zero, pos), 3 * i));
mkdirSync('public/attack-lab', { recursive: true });
writeFileSync('public/attack-lab/example-original.png', encodePng(grey(inkRgba(x0)), 28, 28, 1));
writeFileSync('public/attack-lab/example-adversarial.png', encodePng(grey(inkRgba(adv)), 28, 28, 1));
writeFileSync('public/attack-lab/example-perturbation.png', encodePng(rgb, 28, 28, 3));
const round = (p: Float32Array) => Array.from(p, (v) => Math.round(v * 1e4) / 1e4);
const example = {
  note: 'Made by scripts/attack-lab/make-static.ts from public/models/cnn and public/data; rerun after retraining.',
  model: manifest.name,
  modelTrainingSeconds: manifest.training.seconds,
  digit: digitIndex,
  label,
  attack: 'fgsm',
  epsilon: eps,
  clean: round(clean),
  adversarial: round(after),
  linf: Math.round(linfNorm(delta) * 1e4) / 1e4,
  l2: Math.round(l2Norm(delta) * 1e4) / 1e4,
};
writeFileSync('src/widgets/attack-lab/static-example.json', JSON.stringify(example, null, 2) + '\n');
console.log(
  `digit ${digitIndex} (a ${label}): ${argmax(clean)} at ${(Math.max(...clean) * 100).toFixed(1)}% → ${argmax(after)} at ${(Math.max(...after) * 100).toFixed(1)}% with FGSM ε = ${eps}`,
);
