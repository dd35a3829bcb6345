// Precomputes the "Where the points are" figure (chapter 1) with its own jobs (src/lib/geo/jobs.ts), in
// Node on the wasm backend as a browser runs them: how many of the first noise images each shipped
// model calls a digit with ≥ 90 % confidence (batch 1 for the opening state, and BATCHES batches for
// the prose), the grid's noise images with the default model's answers and their nearest held-out
// digits (written as PNGs for the static figure), how near held-out digits are to each other, and the
// distance histograms of the default sample for every dimension and for real digits. Writes
// src/widgets/where-points/static-data.json with the SHA-256 of the files used. Rerun after retraining:
//   node scripts/where-points/make-static.ts
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { ALL_MODEL_NAMES } from '../../src/lib/model-names.ts';
import { DIMENSIONS } from '../../src/lib/geo/concentration.ts';
import {
  distances,
  grid,
  noiseBatch,
  type DistanceHistogram,
  type ModelTally,
  type NoiseBatch,
} from '../../src/lib/geo/jobs.ts';
import { GRID_SIZE, PIXELS } from '../../src/lib/geo/noise.ts';
import { GEO_DEFAULTS } from '../../src/lib/geo/defaults.ts';
import { encodePng } from '../attack-lab/png.ts';
import { DIGITS_FILES, modelFiles, nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';

/** Batches of 1,000 noise images behind the numbers the chapter quotes. */
const BATCHES = Number(process.env.GEO_BATCHES ?? 10);

const { ctx, backend, dispose } = await nodeJobs();
const used = new Set(DIGITS_FILES);
const models = ALL_MODEL_NAMES.filter((m) => existsSync(`public/models/${m}/manifest.json`));
models.forEach((m) => modelFiles(m).forEach((f) => used.add(f)));
const seed = GEO_DEFAULTS.seed;

const t0 = performance.now();
const batches: NoiseBatch[] = [];
for (let b = 1; b <= BATCHES; b++) {
  const r = await noiseBatch(ctx as never, { seed, batch: b, models });
  batches.push(r);
  console.log(
    `batch ${b}: ${r.tallies.map((t) => `${t.model} ${t.confident}`).join(', ')}; nearest digit ${r.nearest.min.toFixed(2)} (mean ${r.nearest.mean.toFixed(2)}); ${r.ms.toFixed(0)} ms`,
  );
}
const total = (model: string) => {
  const all = batches.map((b) => b.tallies.find((t) => t.model === model)!);
  const classes = new Array<number>(10).fill(0);
  for (const t of all) t.classes.forEach((c, k) => (classes[k]! += c));
  const confident = all.reduce((s, t) => s + t.confident, 0);
  const count = batches.length * batches[0]!.count;
  return {
    confident: confident / count,
    count,
    classes,
    meanConfidence: all.reduce((s, t) => s + t.meanConfidence, 0) / all.length,
  };
};

const shown = await grid(ctx as never, { seed, model: GEO_DEFAULTS.model });
const digits = await ctx.digits();

// How near the held-out digits are to one another: each digit's nearest other digit.
const nn: number[] = [];
for (let i = 0; i < digits.count; i++) {
  let best = Infinity;
  for (let j = 0; j < digits.count; j++) {
    if (j === i) continue;
    let s = 0;
    for (let k = 0; k < PIXELS; k++) {
      const w = digits.pixels[i * PIXELS + k]! - digits.pixels[j * PIXELS + k]!;
      s += w * w;
    }
    if (s < best) best = s;
  }
  nn.push(Math.sqrt(best));
}
nn.sort((a, b) => a - b);
const median = nn[Math.floor(nn.length / 2)]!;

const histograms: Record<string, DistanceHistogram> = {};
for (const D of DIMENSIONS) histograms[D] = await distances(ctx as never, { space: D, seed });
histograms.digits = await distances(ctx as never, { space: 'digits', seed });
dispose();

// The grid for the static figure: each noise image and its nearest held-out digit, 28 × 28 PNGs.
mkdirSync('public/where-points', { recursive: true });
// Dark ink on white, as the live figure and the other figures draw digits.
const grey = (px: Float32Array) => Uint8Array.from(px, (v) => Math.round(255 * (1 - v)));
for (let i = 0; i < GRID_SIZE; i++) {
  writeFileSync(
    `public/where-points/noise-${i}.png`,
    encodePng(grey(shown.images.subarray(i * PIXELS, (i + 1) * PIXELS)), 28, 28, 1),
  );
  const j = shown.answers[i]!.nearest;
  writeFileSync(
    `public/where-points/nearest-${i}.png`,
    encodePng(grey(digits.pixels.subarray(j * PIXELS, (j + 1) * PIXELS)), 28, 28, 1),
  );
}

const tallyOf = (t: ModelTally) => ({ confident: t.confident, classes: t.classes, meanConfidence: t.meanConfidence });
const round = (h: DistanceHistogram) => ({ ...h, ms: undefined });
writeFileSync(
  'src/widgets/where-points/static-data.json',
  JSON.stringify(
    {
      note: 'Made by scripts/where-points/make-static.ts from the files in `source`; rerun after retraining.',
      backend,
      source: sourceHashes([...used]),
      seed,
      models,
      noise: {
        // Batch 1: the opening state of the figure.
        first: {
          count: batches[0]!.count,
          tallies: Object.fromEntries(batches[0]!.tallies.map((t) => [t.model, tallyOf(t)])),
          nearest: batches[0]!.nearest,
        },
        // All BATCHES batches, for the prose: the share each model calls a digit with ≥ 90 % confidence.
        total: {
          count: batches.length * batches[0]!.count,
          ...Object.fromEntries(models.map((m) => [m, total(m)])),
          nearestMin: Math.min(...batches.map((b) => b.nearest.min)),
          nearestMean: batches.reduce((s, b) => s + b.nearest.mean, 0) / batches.length,
        },
        grid: { model: shown.model, answers: shown.answers },
      },
      digits: {
        count: digits.count,
        nearestMedian: median,
        nearestMin: nn[0]!,
        nearestMax: nn.at(-1)!,
      },
      histograms: Object.fromEntries(Object.entries(histograms).map(([k, h]) => [k, round(h)])),
    },
    null,
    1,
  ) + '\n',
);
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
