/**
 * Figure 6.x's model work ("Four ways to sample a digit"), run by the page's model worker and, for
 * the figure's build-time default, by scripts/gen/make-static.ts in Node: from one seed, a few digits
 * from each of the three pixel models (pixel-models.ts, tables fitted offline) and from the VAE
 * (z ~ N(0, I) through the shipped decoder, drawn as its pixel probabilities).
 *
 * The decoder is kept by the host under `gen/vae-decoder` for every figure of the page and freed when
 * the host closes; every other tensor lives inside tf.tidy or is disposed once read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LoadError, type JobContext } from '../jobs.ts';
import { gaussian, mulberry32 } from '../rng.ts';
import { sequentialFromArtifacts, type SequentialNet } from '../sequential.ts';
import { PIXEL_MODELS, samplePixels, type PixelModel, type PixelTables } from './pixel-models.ts';
import { PIXELS } from './pixels.ts';
import { DRAWS, type Sampler, type SampleInput, type SampleOutput } from './samplers.ts';
import { loadDecoderFiles } from './vae-files.ts';
import tablesFile from './pixel-tables.json' with { type: 'json' };

export { DRAWS, SAMPLERS, type Sampler, type SampleInput, type SampleOutput } from './samplers.ts';

export const VAE_MODEL = 'vae';

const tables = tablesFile.tables as PixelTables;

/** The generator of sampler k for a seed (so that one sampler's draws do not shift another's). */
export const samplerRng = (seed: number, k: number) => mulberry32((Math.imul(seed, 4) + k) >>> 0);

/** The shipped VAE decoder, loaded once per host (figures 3.x, 6.x and 6.y share it). */
export async function decoder(ctx: JobContext<never>): Promise<SequentialNet> {
  return ctx.keep(
    'gen/vae-decoder',
    async () => {
      try {
        if (!ctx.file) throw new Error('this job host serves no files');
        const { artifacts } = await loadDecoderFiles(ctx.file, 'models', VAE_MODEL);
        return sequentialFromArtifacts(artifacts);
      } catch (e) {
        throw new LoadError(`the ${VAE_MODEL} model could not be loaded: ${(e as Error).message}`, { cause: e });
      }
    },
    { dispose: (net) => net.dispose() },
  );
}

/** Decodes latent points [z1, z2, …] to pixel probabilities. */
export async function decode(net: SequentialNet, z: Float32Array): Promise<Float32Array> {
  const out = tf.tidy(() => tf.sigmoid(net.logits(tf.tensor2d(z, [z.length / 2, 2]))));
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

export async function sample(ctx: JobContext<never>, input: SampleInput): Promise<SampleOutput> {
  const t0 = performance.now();
  const seed = input.seed >>> 0;
  const net = await decoder(ctx);
  const images = {} as Record<Sampler, Float32Array>;
  PIXEL_MODELS.forEach((m: PixelModel, k) => {
    const rng = samplerRng(seed, k);
    const out = new Float32Array(DRAWS * PIXELS);
    for (let d = 0; d < DRAWS; d++) out.set(samplePixels(tables, m, rng), d * PIXELS);
    images[m] = out;
  });
  const normal = gaussian(samplerRng(seed, PIXEL_MODELS.length));
  const z = Float32Array.from({ length: DRAWS * 2 }, normal);
  await ctx.checkpoint();
  images.vae = await decode(net, z);
  return { seed, images, z, ms: performance.now() - t0 };
}

export interface DecodeInput {
  z1: number;
  z2: number;
}

export interface DecodeOutput extends DecodeInput {
  /** The decoder's pixel probabilities at (z1, z2), 784 values. */
  image: Float32Array;
  ms: number;
}

/** Figure 6.y: the decoder's picture of one point of the latent plane. */
export async function decodePoint(ctx: JobContext<never>, input: DecodeInput): Promise<DecodeOutput> {
  const t0 = performance.now();
  const net = await decoder(ctx);
  const image = await decode(net, Float32Array.of(input.z1, input.z2));
  return { z1: input.z1, z2: input.z2, image, ms: performance.now() - t0 };
}
