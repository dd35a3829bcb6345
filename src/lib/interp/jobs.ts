/**
 * Figure 3.x's model work, run by the page's model worker and, for the figure's build-time default and
 * the measurement over many pairs, by scripts/inside-outside/make-static.ts in Node:
 *   - `interpolate`: for two shipped held-out digits, the FRAMES cross-fades and the FRAMES decoded points
 *     of the latent walk (frames.ts), the classifier's answer for each, and each frame's distance to the
 *     nearest real digit;
 *   - `fit`: the extrapolation ensemble (fit.ts).
 * The decoder is the one figure 6.x and 6.y use (kept by the host under `gen/vae-decoder`); the latent
 * codes are fetched once and kept under `inside-outside/codes`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { argmax } from '../argmax.ts';
import { digitPixels } from '../digit-set.ts';
import { decode, decoder as decoderNet } from '../gen/jobs.ts';
import { LoadError, type JobContext } from '../jobs.ts';
import { parseJsonFile } from '../json-file.ts';
import { fitEnsemble, type FitInput, type FitOutput } from './fit.ts';
import { crossFades, FRAMES, frameTimes, latentLine, nearestForFrames } from './frames.ts';

export const CLASSIFIER = 'cnn';
const LATENT_FILE = 'models/vae/latent.json';

export interface InterpolateInput {
  /** Positions in the shipped held-out sample (public/data/digits.*). */
  a: number;
  b: number;
}

export interface Answer {
  label: number;
  confidence: number;
}

export interface InterpRow {
  /** FRAMES images of 784 grey levels in [0, 1], one after another. */
  images: Float32Array;
  answers: Answer[];
  /** L2 to the nearest shipped held-out digit other than a and b, per frame. */
  nearest: number[];
}

export interface InterpolateOutput {
  a: number;
  b: number;
  labels: [number, number];
  times: number[];
  fade: InterpRow;
  latent: InterpRow;
  ms: number;
}

interface LatentCodes {
  count: number;
  codes: number[];
}

async function latentCodes(ctx: JobContext<never>): Promise<LatentCodes> {
  return ctx.keep('inside-outside/codes', async () => {
    try {
      if (!ctx.file) throw new Error('this job host serves no files');
      const res = await ctx.file(LATENT_FILE);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const json = parseJsonFile(await res.text(), LATENT_FILE) as Partial<LatentCodes>;
      if (typeof json.count !== 'number' || !Array.isArray(json.codes) || json.codes.length !== 2 * json.count)
        throw new Error('not a list of [z1, z2] codes');
      return { count: json.count, codes: json.codes };
    } catch (e) {
      throw new LoadError(`the VAE’s latent codes, ${LATENT_FILE}, could not be loaded: ${(e as Error).message}`, {
        cause: e,
      });
    }
  });
}

async function classify(ctx: JobContext<never>, images: Float32Array): Promise<Answer[]> {
  const m = await ctx.model(CLASSIFIER);
  const n = images.length / 784;
  const probsT = tf.tidy(() => tf.softmax(m.logits(tf.tensor4d(images, [n, 28, 28, 1]))));
  const probs = (await probsT.data().finally(() => probsT.dispose())) as Float32Array;
  return Array.from({ length: n }, (_, i) => {
    const label = argmax(probs, i * 10, 10);
    return { label, confidence: probs[i * 10 + label]! };
  });
}

export async function interpolate(ctx: JobContext<never>, input: InterpolateInput): Promise<InterpolateOutput> {
  const t0 = performance.now();
  const [digits, codes, net] = await Promise.all([ctx.digits(), latentCodes(ctx), decoderNet(ctx)]);
  const pick = (i: number) => Math.min(digits.count - 1, Math.max(0, Math.round(i) || 0));
  const a = pick(input.a);
  const b = pick(input.b);
  const code = (i: number) => {
    const k = digits.heldOutPositions?.[i];
    if (k === undefined || 2 * k + 1 >= codes.codes.length) throw new Error(`no latent code for digit ${i}`);
    return [codes.codes[2 * k]!, codes.codes[2 * k + 1]!];
  };
  const times = frameTimes(FRAMES);
  const fadeImages = crossFades(digitPixels(digits, a), digitPixels(digits, b), times);
  const latentImages = await decode(net, latentLine(code(a), code(b), times));
  await ctx.checkpoint();
  const answers = await classify(ctx, Float32Array.from([...fadeImages, ...latentImages]));
  await ctx.checkpoint();
  const fadeNearest = nearestForFrames(fadeImages, digits.pixels, [a, b]);
  await ctx.checkpoint();
  const latentNearest = nearestForFrames(latentImages, digits.pixels, [a, b]);
  return {
    a,
    b,
    labels: [digits.labels[a]!, digits.labels[b]!],
    times,
    fade: { images: fadeImages, answers: answers.slice(0, FRAMES), nearest: fadeNearest.map((n) => n.distance) },
    latent: {
      images: latentImages,
      answers: answers.slice(FRAMES),
      nearest: latentNearest.map((n) => n.distance),
    },
    ms: performance.now() - t0,
  };
}

/** The extrapolation ensemble, fitted here so that the page's main thread stays free. */
export async function fit(ctx: JobContext<never>, input: FitInput): Promise<FitOutput> {
  return fitEnsemble(input, () => ctx.checkpoint());
}
