// Precomputes figure 6.x's opening state with the figure's own job (src/lib/gen/jobs.ts), in Node on
// the wasm backend as a browser runs it: the default seed's four digits from each sampler. Writes one
// PNG per sampler (the four digits 2 × 2, as the live canvas lays them out) and the decoder's picture of
// the latent plane's centre (figure 6.y) to public/sampling/, and the seed, the sentence and the SHA-256
// of the files used to src/widgets/sampling/static-example.json.
// Rerun after retraining the VAE or refitting the tables:
//   node scripts/gen/make-static.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { decodePoint, sample } from '../../src/lib/gen/jobs.ts';
import { mosaic } from '../../src/lib/gen/mosaic.ts';
import { SAMPLERS } from '../../src/lib/gen/samplers.ts';
import { DEFAULT_SEED, describeDraws } from '../../src/widgets/sampling/sampling-state.ts';
import { encodePng } from '../attack-lab/png.ts';
import { nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';

const { ctx, backend, dispose } = await nodeJobs();
const drawn = await sample(ctx as Parameters<typeof sample>[0], { seed: DEFAULT_SEED });
// Figure 6.y's picture without JavaScript: the decoder at the centre of the latent plane.
const origin = await decodePoint(ctx as Parameters<typeof decodePoint>[0], { z1: 0, z2: 0 });
dispose();

mkdirSync('public/sampling', { recursive: true });
const sizes: Record<string, [number, number]> = {};
for (const s of SAMPLERS) {
  const m = mosaic(drawn.images[s], 2);
  writeFileSync(
    `public/sampling/${s}.png`,
    encodePng(
      Uint8Array.from(m.values, (v) => Math.round(255 * (1 - v))),
      m.width,
      m.height,
      1,
    ),
  );
  sizes[s] = [m.width, m.height];
}
writeFileSync(
  'public/sampling/latent-origin.png',
  encodePng(
    Uint8Array.from(origin.image, (v) => Math.round(255 * (1 - v))),
    28,
    28,
    1,
  ),
);
const example = {
  note: 'Made by scripts/gen/make-static.ts from the files in `source`; rerun after retraining the VAE or refitting the tables.',
  backend,
  source: sourceHashes([
    'public/models/vae/model.json',
    'public/models/vae/weights.bin',
    'src/lib/gen/pixel-tables.json',
  ]),
  seed: drawn.seed,
  size: sizes.vae,
  sentence: describeDraws(drawn),
};
writeFileSync('src/widgets/sampling/static-example.json', JSON.stringify(example, null, 2) + '\n');
console.log(example.sentence);
