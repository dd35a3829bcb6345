/**
 * The shipped files of the book's variational autoencoder (public/models/vae/): `manifest.json`
 * (what it is, how it was trained, its scores on the held-out digits), `model.json` (the decoder as a
 * tfjs-layers Sequential) and `weights.bin` (the decoder's weights, 8 bits each, quantised as
 * quantize.ts says). `validateDecoderFiles` checks the three against each other and returns float32
 * artifacts for `sequentialFromArtifacts`, or throws an Error naming the file and the fault.
 */
import * as z from 'zod/mini';
import { parseJsonFile } from '../json-file.ts';
import {
  checkWeightBytes,
  describeIssues,
  modelJsonEnvelope,
  product,
  same,
  trainingDataSchema,
  weightListSchema,
  type FetchLike,
} from '../model-artifacts.ts';
import { nonnegative, nonnegativeInt, positiveInt, probability } from '../zod-checks.ts';
import { dequantizeUint8 } from './quantize.ts';

const scores = z.object({
  reconstruction: nonnegative(),
  kl: nonnegative(),
  elbo: z.number().check(z.lte(0)),
  pixelErrorAtMean: probability(),
  samples: positiveInt(),
});

export const vaeManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().check(z.minLength(1)),
  kind: z.literal('vae'),
  description: z.string(),
  architecture: z.object({ encoder: z.string(), decoder: z.string() }),
  latentDim: positiveInt(),
  /** How pixels are turned into the model's 0/1 data (src/lib/gen/pixels.ts). */
  pixels: z.string(),
  /** What ships: the decoder only (the encoder's codes of the held-out digits are in latentFile). */
  shipped: z.string(),
  parameterCount: z.object({ encoder: positiveInt(), decoder: positiveInt() }),
  weightsFile: z.string().check(z.regex(/^[\w.-]+\.bin$/)),
  weightsBytes: positiveInt(),
  weights: weightListSchema,
  quantization: z.string(),
  latentFile: z.string().check(z.regex(/^[\w.-]+\.json$/)),
  data: trainingDataSchema,
  training: z.object({
    epochs: positiveInt(),
    batchSize: positiveInt(),
    optimizer: z.string(),
    augmentation: z.string(),
    noise: z.string(),
    seed: z.int(),
    /** Mean negative ELBO per pixel over the last epoch's training batches, nats. */
    finalLoss: nonnegative(),
    seconds: nonnegative(),
    cpuSeconds: nonnegative(),
    backend: z.string(),
    machine: z.string(),
  }),
  tfjsVersion: z.string(),
  /** Scores on all held-out digits: with the float32 decoder as trained, and with the shipped 8-bit one. */
  heldOut: z.object({ digits: positiveInt(), float32: scores, shipped: scores }),
});

export type VaeManifest = z.infer<typeof vaeManifestSchema>;
export type VaeScores = z.infer<typeof scores>;

const decoderJsonSchema = z.object({
  ...modelJsonEnvelope,
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()).check(z.length(1)),
        weights: z.array(
          z.object({
            name: z.string(),
            shape: z.array(nonnegativeInt()),
            dtype: z.literal('float32'),
            quantization: z.object({ dtype: z.literal('uint8'), scale: z.number(), min: z.number() }),
          }),
        ),
      }),
    )
    .check(z.length(1)),
});

/** What `sequentialFromArtifacts` takes: the topology and float32 weights. */
export interface DecoderArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  weightData: ArrayBuffer;
}

export function parseVaeManifest(json: unknown, file = 'manifest.json'): VaeManifest {
  const r = vaeManifestSchema.safeParse(json);
  if (!r.success) throw new Error(`${file}: does not match the VAE manifest schema: ${describeIssues(r.error)}`);
  return r.data;
}

/**
 * Checks the decoder's model.json and 8-bit weights against the manifest (names, shapes, byte length)
 * and returns float32 artifacts. `dir` names the files in errors, e.g. `/models/vae`.
 */
export function validateDecoderFiles(
  manifestJson: unknown,
  modelJson: unknown,
  weights: ArrayBuffer,
  dir = '.',
): { manifest: VaeManifest; artifacts: DecoderArtifacts } {
  const manifest = parseVaeManifest(manifestJson, `${dir}/manifest.json`);
  const modelFile = `${dir}/model.json`;
  const parsed = decoderJsonSchema.safeParse(modelJson);
  if (!parsed.success)
    throw new Error(`${modelFile}: not an 8-bit tfjs decoder model.json: ${describeIssues(parsed.error)}`);
  const group = parsed.data.weightsManifest[0]!;
  if (group.paths[0] !== manifest.weightsFile)
    throw new Error(`${modelFile}: weights file is ${group.paths[0]}, the manifest says ${manifest.weightsFile}`);
  const specs = group.weights;
  const sameShapes =
    specs.length === manifest.weights.length &&
    specs.every((w, i) => w.name === manifest.weights[i]?.name && same(w.shape, manifest.weights[i].shape));
  if (!sameShapes) throw new Error(`${modelFile}: its weights' names or shapes differ from the manifest's`);
  const sizes = specs.map((w) => product(w.shape));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  if (bytes !== manifest.weightsBytes)
    throw new Error(`${dir}/manifest.json: weightsBytes is ${manifest.weightsBytes}, the weights need ${bytes}`);
  checkWeightBytes(`${dir}/${manifest.weightsFile}`, weights, bytes);
  const floats = new Float32Array(bytes);
  let offset = 0;
  specs.forEach((w, i) => {
    floats.set(dequantizeUint8(new Uint8Array(weights, offset, sizes[i]), w.quantization), offset);
    offset += sizes[i]!;
  });
  return {
    manifest,
    artifacts: {
      modelTopology: parsed.data.modelTopology,
      weightSpecs: specs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })),
      weightData: floats.buffer,
    },
  };
}

/** Fetches `${modelsUrl}/${name}/` manifest, model.json and weights and validates them. */
export async function loadDecoderFiles(
  fetchFn: FetchLike,
  modelsUrl: string,
  name: string,
): Promise<{ manifest: VaeManifest; artifacts: DecoderArtifacts }> {
  const dir = `${modelsUrl.replace(/\/$/, '')}/${name}`;
  const get = async (file: string) => {
    const res = await fetchFn(`${dir}/${file}`);
    if (!res.ok) throw new Error(`${dir}/${file}: HTTP ${res.status}`);
    return res;
  };
  const manifestJson = parseJsonFile(await (await get('manifest.json')).text(), `${dir}/manifest.json`);
  const manifest = parseVaeManifest(manifestJson, `${dir}/manifest.json`);
  const [modelText, weights] = await Promise.all([
    get('model.json').then((r) => r.text()),
    get(manifest.weightsFile).then((r) => r.arrayBuffer()),
  ]);
  return validateDecoderFiles(manifestJson, parseJsonFile(modelText, `${dir}/model.json`), weights, dir);
}
