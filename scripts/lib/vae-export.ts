/**
 * Trains the VAE (scripts/lib/vae.ts) and writes public/models/vae/: the decoder's model.json, its
 * weights quantised to 8 bits (weights.bin), the manifest with its held-out scores before and after
 * quantisation, and latent.json, the encoder's μ for every held-out digit (figure 6.y's map).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { PIXEL_TREATMENT } from '../../src/lib/gen/pixels.ts';
import { dequantizeUint8, quantizeUint8 } from '../../src/lib/gen/quantize.ts';
import { parseVaeManifest, validateDecoderFiles, type VaeManifest } from '../../src/lib/gen/vae-files.ts';
import { encodeMeans, LATENT, scoreVae, trainVae, vaeArchitecture, type Vae, type VaeOptions } from './vae.ts';

const SCORE_SAMPLES = 8;
const SCORE_SEED = 2026;

/** The decoder's topology and weights as tfjs saves them, without writing anything. */
async function decoderArtifacts(decoder: tfl.Sequential) {
  let out: tf.io.ModelArtifacts | undefined;
  await decoder.save(
    tf.io.withSaveHandler(async (a) => {
      out = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

/** Replaces each decoder weight by its 8-bit version; returns the bytes and the manifest entries. */
function quantizeDecoder(decoder: tfl.Sequential) {
  const entries: {
    name: string;
    shape: number[];
    dtype: 'float32';
    quantization: ReturnType<typeof quantizeUint8>['quantization'];
  }[] = [];
  const chunks: Uint8Array[] = [];
  const replaced = decoder.weights.map((w) => {
    const values = w.read().dataSync() as Float32Array;
    const { bytes, quantization } = quantizeUint8(values);
    entries.push({ name: w.name, shape: [...w.shape] as number[], dtype: 'float32', quantization });
    chunks.push(bytes);
    return tf.tensor(dequantizeUint8(bytes, quantization), w.shape as number[]);
  });
  decoder.setWeights(replaced);
  tf.dispose(replaced);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) all.set(c, (offset += c.length) - c.length);
  return { entries, bytes: all };
}

const params = (m: tfl.Sequential) => m.countParams();

export interface VaeData {
  train: Uint8Array;
  heldOut: Uint8Array;
  heldOutLabels: ArrayLike<number>;
  data: VaeManifest['data'];
}

export async function trainAndExportVae(
  options: VaeOptions,
  d: VaeData,
  dir: string,
  log: (s: string) => void,
): Promise<{ manifest: VaeManifest; weights: Uint8Array }> {
  const { vae, seconds, cpuSeconds, lastLoss } = await trainVae(options, d.train, log);
  const float32 = scoreVae(vae, d.heldOut, SCORE_SAMPLES, SCORE_SEED);
  const codes = encodeMeans(vae, d.heldOut);
  const topology = await decoderArtifacts(vae.decoder);
  const { entries, bytes } = quantizeDecoder(vae.decoder);
  const shipped = scoreVae(vae, d.heldOut, SCORE_SAMPLES, SCORE_SEED);
  const arch = vaeArchitecture(options);
  const manifest = parseVaeManifest({
    schemaVersion: 1,
    name: 'vae',
    kind: 'vae',
    description:
      'A small variational autoencoder (Kingma and Welling 2014) with a 2-D latent, so that its whole latent ' +
      'space can be drawn; sampling z ~ N(0, I) and decoding it makes new digits.',
    architecture: arch,
    latentDim: LATENT,
    pixels: PIXEL_TREATMENT,
    shipped:
      'the decoder only (the figures decode); the encoder is used at training time, and its means for the held-out digits are in latent.json',
    parameterCount: { encoder: params(vae.encoder), decoder: params(vae.decoder) },
    weightsFile: 'weights.bin',
    weightsBytes: bytes.length,
    weights: entries.map((e) => ({ name: e.name, shape: e.shape })),
    quantization:
      'each decoder weight tensor quantised to 8 bits: value = min + scale · byte, per tensor (tfjs weights-manifest format)',
    latentFile: 'latent.json',
    data: d.data,
    training: {
      epochs: options.epochs,
      batchSize: options.batchSize,
      optimizer: `Adam, one-cycle learning rate peaking at ${options.peakLr} (warm-up 25% of steps, then cosine)`,
      augmentation: 'none',
      noise:
        'reparameterisation noise ε ~ N(0, I) drawn by Box–Muller from mulberry32(seed + 1), one per digit per step',
      seed: options.seed,
      finalLoss: lastLoss,
      seconds: Math.round(seconds * 10) / 10,
      cpuSeconds: Math.round(cpuSeconds * 10) / 10,
      backend: `tfjs ${tf.getBackend()} in Node ${process.version}`,
      machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), shared with other jobs`,
    },
    tfjsVersion: tf.version_core,
    heldOut: { digits: d.heldOut.length / 784, float32, shipped },
  });
  const modelJson = {
    format: topology.format,
    generatedBy: topology.generatedBy,
    convertedBy: null,
    modelTopology: topology.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: entries }],
  };
  // What ships must load: the same check the browser runs.
  validateDecoderFiles(manifest, JSON.parse(JSON.stringify(modelJson)), bytes.slice().buffer, dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson) + '\n');
  writeFileSync(join(dir, 'weights.bin'), bytes);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const round = (v: number) => Math.round(v * 1000) / 1000;
  writeFileSync(
    join(dir, 'latent.json'),
    JSON.stringify({
      about: `μ of q(z | x) for each of the ${d.heldOutLabels.length} held-out digits, in held-out order: [z1, z2] pairs flattened`,
      count: d.heldOutLabels.length,
      labels: Array.from(d.heldOutLabels),
      codes: Array.from(codes, round),
    }) + '\n',
  );
  log(
    `vae: ${manifest.parameterCount.encoder} + ${manifest.parameterCount.decoder} parameters, decoder ${bytes.length} bytes (8-bit), ` +
      `trained in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU); held-out ELBO ${float32.elbo.toFixed(4)} nats/pixel ` +
      `(float32), ${shipped.elbo.toFixed(4)} (8-bit decoder)`,
  );
  vae.dispose();
  return { manifest, weights: bytes };
}

export type { Vae };
