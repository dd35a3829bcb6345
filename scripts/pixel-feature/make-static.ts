// Makes the pixel-vs-feature figure's static version, shown before the island loads, without
// JavaScript and in print: one held-out anchor digit, its copy shifted 2 pixels to the right, and the
// held-out digit of another class nearest to the anchor in pixel space (the "look-alike"), with their
// pixel and feature distances (raw and as percentiles among all pairs of the shipped digits), the
// `cnn` model's predictions, and the nearest-neighbour accuracies under the same shift. Writes three
// 28 × 28 PNGs to public/pixel-feature/ and the numbers to src/widgets/pixel-feature/static-example.json.
// The anchor is the first digit (in file order) for which the story holds clearly: the shifted copy
// is farther than the look-alike in pixels and nearer in features, and all predictions are right.
// Rerun after retraining the models:
//   node scripts/pixel-feature/make-static.ts [anchor index]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { digitPixels } from '../../src/lib/digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from '../../src/lib/digits.ts';
import { readModelDir } from '../lib/node-io.ts';
import { featureNetFromArtifacts } from '../../src/lib/pixel-feature/feature-net.ts';
import {
  gatherRows,
  l2,
  nearestRow,
  percentileOf,
  referenceQuerySplit,
  row,
  sortedPairDistances,
} from '../../src/lib/pixel-feature/geometry.ts';
import { IDENTITY, transformDigit, type Transform } from '../../src/lib/pixel-feature/transforms.ts';
import { encodePng } from '../attack-lab/png.ts';

await tf.setBackend('cpu');
const started = performance.now();
const { manifest, artifacts } = readModelDir('public/models/cnn');
const net = featureNetFromArtifacts(artifacts as Parameters<typeof featureNetFromArtifacts>[0]);
const digits = decodeDigits(
  JSON.parse(readFileSync('public/data/digits.json', 'utf8')),
  await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz'))),
);
const N = digits.count,
  P = 784;

/** Features [n × units] and predicted labels of n images. */
function run(
  pixels: Float32Array,
  n: number,
): { features: Float32Array; units: number; labels: number[]; confidence: number[] } {
  return tf.tidy(() => {
    const f = net.features(tf.tensor4d(pixels, [n, 28, 28, 1]));
    const p = tf.softmax(net.head(f));
    const probs = p.arraySync() as number[][];
    return {
      features: f.dataSync() as Float32Array,
      units: f.shape[1],
      labels: probs.map((r) => r.indexOf(Math.max(...r))),
      confidence: probs.map((r) => Math.max(...r)),
    };
  });
}

const all = run(digits.pixels, N);
const F = all.units;
const sortedPixel = sortedPairDistances(digits.pixels, N, P);
const sortedFeature = sortedPairDistances(all.features, N, F);
const shift: Transform = { ...IDENTITY, dx: 2 };

/** The NN accuracies (pixel, feature) when every query digit gets `t`. */
function nnAccuracy(t: Transform): { pixel: number; feature: number } {
  const { refs, queries } = referenceQuerySplit(N);
  const refPix = gatherRows(digits.pixels, P, refs),
    refFeat = gatherRows(all.features, F, refs);
  const q = new Float32Array(queries.length * P);
  queries.forEach((i, k) => q.set(transformDigit(digitPixels(digits, i), t, 28, t.seed + i), k * P));
  const qf = run(q, queries.length).features;
  let pix = 0,
    feat = 0;
  queries.forEach((i, k) => {
    const label = digits.labels[i]!;
    if (digits.labels[refs[nearestRow(row(q, P, k), refPix, refs.length, P).index]!] === label) pix++;
    if (digits.labels[refs[nearestRow(row(qf, F, k), refFeat, refs.length, F).index]!] === label) feat++;
  });
  return { pixel: pix / queries.length, feature: feat / queries.length };
}

function story(a: number) {
  const x = digitPixels(digits, a);
  const label = digits.labels[a]!;
  const copy = transformDigit(x, shift);
  const look = nearestRow(x, digits.pixels, N, P, (j) => j === a || digits.labels[j] === label).index;
  const r = run(copy, 1);
  const fa = row(all.features, F, a),
    fl = row(all.features, F, look);
  const pixCopy = l2(x, copy),
    pixLook = l2(x, row(digits.pixels, P, look));
  const featCopy = l2(fa, r.features),
    featLook = l2(fa, fl);
  const ok = all.labels[a] === label && r.labels[0] === label && all.labels[look] === digits.labels[look];
  return { a, x, label, copy, look, r, pixCopy, pixLook, featCopy, featLook, ok };
}

let chosen: ReturnType<typeof story> | null = null;
if (process.argv[2] !== undefined) chosen = story(Number(process.argv[2]));
else {
  for (let a = 0; a < N && !chosen; a++) {
    const s = story(a);
    // Clearly: the copy at least 1.3× farther in pixels and the look-alike at least 3× farther in features.
    if (s.ok && s.pixCopy > 1.3 * s.pixLook && s.featLook > 3 * s.featCopy) chosen = s;
  }
}
if (!chosen) throw new Error('no anchor digit tells the story clearly');
const s = chosen;
const nn = nnAccuracy(shift);
const nn0 = nnAccuracy(IDENTITY);

const grey = (v: Float32Array) => Uint8Array.from(v, (p) => Math.round(255 * (1 - p)));
mkdirSync('public/pixel-feature', { recursive: true });
writeFileSync('public/pixel-feature/anchor.png', encodePng(grey(s.x), 28, 28, 1));
writeFileSync('public/pixel-feature/copy.png', encodePng(grey(s.copy), 28, 28, 1));
writeFileSync(
  'public/pixel-feature/lookalike.png',
  encodePng(grey(Float32Array.from(digitPixels(digits, s.look))), 28, 28, 1),
);

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r1 = (v: number) => Math.round(v * 10) / 10;
const example = {
  model: manifest.name,
  featureLayer: `${manifest.featureLayer?.name ?? 'features'} (${F} units)`,
  digits: N,
  pairs: sortedPixel.length,
  transform: { dx: shift.dx, dy: shift.dy },
  anchor: { index: s.a, label: s.label, prediction: all.labels[s.a], confidence: r3(all.confidence[s.a]!) },
  copy: { prediction: s.r.labels[0], confidence: r3(s.r.confidence[0]!) },
  lookalike: {
    index: s.look,
    label: digits.labels[s.look],
    prediction: all.labels[s.look],
    confidence: r3(all.confidence[s.look]!),
  },
  distances: {
    copy: {
      pixel: r3(s.pixCopy),
      feature: r3(s.featCopy),
      pixelPercentile: r1(percentileOf(sortedPixel, s.pixCopy)),
      featurePercentile: r1(percentileOf(sortedFeature, s.featCopy)),
    },
    lookalike: {
      pixel: r3(s.pixLook),
      feature: r3(s.featLook),
      pixelPercentile: r1(percentileOf(sortedPixel, s.pixLook)),
      featurePercentile: r1(percentileOf(sortedFeature, s.featLook)),
    },
  },
  nearestNeighbour: {
    split: `${Math.ceil(N / 2)} reference (even positions) / ${Math.floor(N / 2)} query (odd positions)`,
    shifted: { pixel: r3(nn.pixel), feature: r3(nn.feature) },
    unchanged: { pixel: r3(nn0.pixel), feature: r3(nn0.feature) },
  },
};
writeFileSync('src/widgets/pixel-feature/static-example.json', JSON.stringify(example, null, 2) + '\n');
net.dispose();
console.log(JSON.stringify(example, null, 2));
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
