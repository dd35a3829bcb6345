// Precomputes figure 3.x's opening state with the figure's own jobs (src/lib/interp/jobs.ts), in Node
// on the wasm backend as a browser runs them, and measures the interpolation claim over many pairs:
//   - the default pair's two rows (frames as two PNG strips in public/inside-outside/, answers and
//     nearest-real distances in the JSON);
//   - PAIRS seeded random pairs of shipped held-out digits: each row's mean nearest-real distance over
//     its frames, averaged over the pairs, and the share of pairs whose latent walk stays nearer;
//   - the default extrapolation fit (curves rounded for the static SVG) and its summary.
// Writes src/widgets/inside-outside/static-example.json with the SHA-256 of the files used.
// Rerun after retraining the VAE or the cnn, or changing the digits:
//   node scripts/inside-outside/make-static.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { mulberry32, randomInt } from '../../src/lib/rng.ts';
import { fit, interpolate, CLASSIFIER, type InterpolateOutput } from '../../src/lib/interp/jobs.ts';
import { FRAMES, mean, nearestReal } from '../../src/lib/interp/frames.ts';
import { summarise, MEMBERS, STEPS, SAMPLES, NOISE_SD, HIDDEN } from '../../src/lib/interp/fit.ts';
import { ioSchema, FIT_SEED } from '../../src/widgets/inside-outside/io-state.ts';
import { encodePng } from '../attack-lab/png.ts';
import { DIGITS_FILES, modelFiles, nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';

const PAIRS = Number(process.env.PAIRS ?? 300);
const PAIR_SEED = 3;
const started = performance.now();
const { ctx, backend, dispose } = await nodeJobs();
const run = (a: number, b: number) => interpolate(ctx as Parameters<typeof interpolate>[0], { a, b });
const digits = await ctx.digits();

const shown = await run(ioSchema.a.default, ioSchema.b.default);
const rng = mulberry32(PAIR_SEED);
const perPair: { fade: number; latent: number }[] = [];
for (let p = 0; p < PAIRS; p++) {
  const a = randomInt(rng, digits.count);
  let b = randomInt(rng, digits.count - 1);
  if (b >= a) b++;
  const r = await run(a, b);
  perPair.push({ fade: mean(r.fade.nearest), latent: mean(r.latent.nearest) });
}
const fitted = await fit(ctx as Parameters<typeof fit>[0], {
  target: ioSchema.f.default,
  lo: ioSchema.lo.default,
  hi: ioSchema.hi.default,
  seed: FIT_SEED,
});
dispose();
const summary = summarise(fitted);

const strip = (images: Float32Array) => {
  const w = 28 * FRAMES;
  const out = new Uint8Array(w * 28);
  for (let f = 0; f < FRAMES; f++)
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) out[y * w + f * 28 + x] = Math.round(255 * (1 - images[f * 784 + y * 28 + x]!));
  return encodePng(out, w, 28, 1);
};
mkdirSync('public/inside-outside', { recursive: true });
writeFileSync('public/inside-outside/fade.png', strip(shown.fade.images));
writeFileSync('public/inside-outside/latent.png', strip(shown.latent.images));

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const row = (r: InterpolateOutput['fade']) => ({
  answers: r.answers.map((x) => ({ label: x.label, confidence: r3(x.confidence) })),
  nearest: r.nearest.map(r3),
});
const example = {
  note: 'Made by scripts/inside-outside/make-static.ts from the files in `source`; rerun after retraining the VAE or the cnn.',
  backend,
  source: sourceHashes([
    ...DIGITS_FILES,
    'public/models/vae/model.json',
    'public/models/vae/weights.bin',
    'public/models/vae/latent.json',
    ...modelFiles(CLASSIFIER),
  ]),
  classifier: CLASSIFIER,
  digits: digits.count,
  pair: {
    a: shown.a,
    b: shown.b,
    labels: shown.labels,
    times: shown.times,
    fade: row(shown.fade),
    latent: row(shown.latent),
  },
  pairs: {
    count: PAIRS,
    seed: PAIR_SEED,
    fade: r3(mean(perPair.map((p) => p.fade))),
    latent: r3(mean(perPair.map((p) => p.latent))),
    latentNearer: r3(perPair.filter((p) => p.latent < p.fade).length / PAIRS),
    // For scale: a real digit's distance to its nearest other real digit, averaged.
    realToReal: r3(
      mean(
        Array.from(
          { length: digits.count },
          (_, i) => nearestReal(digits.pixels.subarray(i * 784, (i + 1) * 784), digits.pixels, [i]).distance,
        ),
      ),
    ),
  },
  fit: {
    target: fitted.target,
    lo: fitted.lo,
    hi: fitted.hi,
    seed: fitted.seed,
    members: MEMBERS,
    hidden: HIDDEN,
    steps: STEPS,
    samples: SAMPLES,
    noise: NOISE_SD,
    xs: [...fitted.xs].map(r3),
    ys: [...fitted.ys].map(r3),
    curves: [...fitted.curves].map(r3),
    spread: { inside: r3(summary.spread.inside), outside: r3(summary.spread.outside) },
    error: { inside: r3(summary.error.inside), outside: r3(summary.error.outside) },
  },
};
console.log(JSON.stringify({ ...example, fit: { ...example.fit, xs: 0, ys: 0, curves: 0 } }, null, 1));
console.log(`fit ${fitted.ms.toFixed(0)} ms; done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
writeFileSync('src/widgets/inside-outside/static-example.json', JSON.stringify(example, null, 2) + '\n');
