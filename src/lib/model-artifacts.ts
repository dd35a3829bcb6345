/**
 * The files of a shipped model (`manifest.json`, tfjs `model.json`, one weights `.bin`) and their
 * checks. `validateModelFiles` turns the three into tfjs ModelArtifacts for `tf.io.fromMemory`, or
 * throws an Error that names the file and what is wrong with it, so a truncated download or a stale
 * file fails loudly instead of giving a model with garbage weights.
 */
import type { io } from '@tensorflow/tfjs-core';
import * as z from 'zod/mini';
import { parseJsonFile } from './json-file.ts';
import { MODEL_NAMES, type ModelName } from './model-names.ts';
import { nonnegative, nonnegativeInt, positiveInt, probability } from './zod-checks.ts';

export { parseJsonFile };

const attackRow = z.object({
  accuracy: probability(),
  /** Mean softmax confidence of the predicted class over misclassified digits; null if none. */
  meanConfidenceWrong: z.nullable(probability()),
});

export const robustnessSchema = z.object({
  evaluatedOn: z.string(),
  count: positiveInt(),
  clean: attackRow,
  pgd: z.object({ steps: positiveInt(), alpha: z.string(), randomStart: z.boolean(), seed: z.int() }),
  rows: z
    .array(z.object({ epsilon: z.number().check(z.positive()), fgsm: attackRow, pgd: attackRow }))
    .check(z.minLength(1)),
  seconds: nonnegative(),
  backend: z.string(),
});

const flag = z.object({ ok: z.boolean(), reason: z.string() });

/**
 * The strong suite's evaluation (src/lib/robust/, written by `npm run eval`): per ε, each attack's
 * accuracy (standalone attacks) or the worst case after it (cascade attacks), the white-box and overall
 * worst case per digit, and the four sanity flags computed from these numbers.
 */
export const evaluationSchema = z.object({
  /** The digits evaluated, in words. */
  evaluatedOn: z.string(),
  digits: positiveInt(),
  /**
   * Held-out positions of the digits evaluated, in the order of `robustDigits`' bits, when a subset was
   * evaluated (a stratified sample, to fit the time budget); absent when all held-out digits were, in order.
   */
  heldOutPositions: z.optional(z.array(nonnegativeInt())),
  clean: probability(),
  /** The values of ε at which the whole suite ran; the other rows ran a cheaper cascade for the curve. */
  mainEpsilons: z.array(z.number().check(z.positive())),
  attacks: z
    .array(
      z.object({
        id: z.string(),
        label: z.string(),
        family: z.enum(['one-step', 'multi-step', 'black-box', 'adaptive']),
        settings: z.string(),
        mode: z.enum(['standalone', 'cascade']),
        /** Only the digits among the first N held-out ones (digit id < N); null for all. */
        firstDigits: z.nullable(positiveInt()),
      }),
    )
    .check(z.minLength(1)),
  rows: z
    .array(
      z.object({
        epsilon: z.number().check(z.positive()),
        attacks: z.array(
          z.object({
            id: z.string(),
            /** Standalone accuracy on its digits; null if it ran in cascade or was skipped. */
            accuracy: z.nullable(probability()),
            /** Digits it ran on (0: skipped, e.g. BPDA on a model without preprocessing). */
            digits: nonnegativeInt(),
            /** Worst case over this attack and all before it, over every digit. */
            worstCaseAfter: probability(),
            /** Black-box attacks: the white-box worst case on the same digits. */
            whiteBoxOnSameDigits: z.nullable(probability()),
          }),
        ),
        /** Worst case over the one-step and multi-step white-box attacks. */
        whiteBox: probability(),
        /** Worst case over the whole suite: the robust accuracy. */
        worstCase: probability(),
        /** Per digit, 1 if it survived every attack: bits in digit order, base64 (report.ts: unpackBits). */
        robustDigits: z.string(),
      }),
    )
    .check(z.minLength(1)),
  flags: z.object({
    multiStepAtLeastOneStep: flag,
    accuracyFallsWithEpsilon: flag,
    largeEpsilonBreaksAll: flag,
    blackBoxNoStrongerThanWhiteBox: flag,
  }),
  seconds: nonnegative(),
  cpuSeconds: nonnegative(),
  backend: z.string(),
});

const shape = z.array(positiveInt()).check(z.minLength(1));

/** Input preprocessing applied in the forward pass before the first layer (src/lib/preprocessing.ts). */
export const preprocessingSchema = z.object({
  kind: z.literal('binarize'),
  threshold: probability(),
  /** What the step is for, in words (the masking trap says it is a trap). */
  note: z.string(),
});

/** The weight tensors a manifest lists, in file order (also the VAE's, src/lib/gen/vae-files.ts). */
export const weightListSchema = z
  .array(z.object({ name: z.string(), shape: z.array(nonnegativeInt()) }))
  .check(z.minLength(1));

/** Which digits a model was trained and scored on (the seeded split of scripts/lib/mnist-data.ts). */
export const trainingDataSchema = z.object({
  source: z.string(),
  splitSeed: z.int(),
  split: z.string(),
  trainCount: positiveInt(),
  heldOutCount: positiveInt(),
});

export const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().check(z.minLength(1)),
  description: z.string(),
  architecture: z.string(),
  /** Input shape of one example; the models take a batch [N, 28, 28, 1]. */
  inputShape: shape,
  inputScaling: z.string(),
  classLabels: z.array(z.string()).check(z.minLength(2)),
  /** Applied to the input before the first layer; absent or null for none. */
  preprocessing: z.optional(z.nullable(preprocessingSchema)),
  /** The dense layer whose activations are the learned feature space, if the model has one. */
  featureLayer: z.nullable(z.object({ name: z.string(), units: positiveInt() })),
  parameterCount: positiveInt(),
  weightsFile: z.string().check(z.regex(/^[\w.-]+\.bin$/)),
  weightsBytes: positiveInt(),
  weights: weightListSchema,
  data: trainingDataSchema,
  training: z.object({
    epochs: positiveInt(),
    batchSize: positiveInt(),
    optimizer: z.string(),
    augmentation: z.string(),
    adversarial: z.nullable(z.string()),
    seed: z.int(),
    /** Wall-clock seconds; on a shared machine cpuSeconds is the steadier measure. */
    seconds: nonnegative(),
    cpuSeconds: z.optional(nonnegative()),
    backend: z.string(),
    machine: z.string(),
  }),
  tfjsVersion: z.string(),
  cleanAccuracy: z.object({
    heldOut: probability(),
    /** On the digits shipped in public/data (a stratified subset of the held-out set). */
    shippedSample: probability(),
  }),
  robustness: z.nullable(robustnessSchema),
  /** The strong suite's evaluation; null until `npm run eval` has run on these exact weights. */
  evaluation: z.nullable(evaluationSchema),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type RobustnessTable = z.infer<typeof robustnessSchema>;
export type ModelEvaluation = z.infer<typeof evaluationSchema>;

/**
 * Which of the book's models shipped: given the manifests found at build time (path → JSON, as an
 * eager `import.meta.glob` of public/models/<name>/manifest.json gives them), those named in
 * MODEL_NAMES whose manifest passes the schema, in the book's order. A figure offers only these, so
 * a page never requests a model whose files are missing or stale.
 */
export function shippedModels(found: Record<string, unknown>): Map<ModelName, ModelManifest> {
  const byName = new Map<string, unknown>();
  for (const [path, json] of Object.entries(found)) byName.set(path.split('/').at(-2) ?? '', json);
  const shipped = new Map<ModelName, ModelManifest>();
  for (const name of MODEL_NAMES) {
    const parsed = manifestSchema.safeParse(byName.get(name));
    if (parsed.success) shipped.set(name, parsed.data);
  }
  return shipped;
}

/** The fields every tfjs layers model.json has besides its weights manifest (the classifiers' and the VAE decoder's). */
export const modelJsonEnvelope = {
  format: z.optional(z.string()),
  generatedBy: z.optional(z.string()),
  convertedBy: z.optional(z.nullable(z.string())),
  modelTopology: z.record(z.string(), z.unknown()),
};

const modelJsonSchema = z.object({
  ...modelJsonEnvelope,
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()).check(z.minLength(1)),
        weights: z.array(z.object({ name: z.string(), shape: z.array(nonnegativeInt()), dtype: z.string() })),
      }),
    )
    .check(z.minLength(1)),
});

/** Names used in error messages, e.g. `models/cnn/model.json`. */
export interface ModelFileNames {
  manifest: string;
  model: string;
  weights: string;
}

/** The weights file every shipped manifest names (scripts/train.ts and scripts/lib/vae-export.ts write it). */
export const USUAL_WEIGHTS_FILE = 'weights.bin';

export function fileNames(dir: string, weightsFile = USUAL_WEIGHTS_FILE): ModelFileNames {
  return { manifest: `${dir}/manifest.json`, model: `${dir}/model.json`, weights: `${dir}/${weightsFile}` };
}

export function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Checks a manifest against the schema; throws naming the file and the first problems. */
export function parseManifest(json: unknown, file = 'manifest.json'): ModelManifest {
  const r = manifestSchema.safeParse(json);
  if (!r.success) throw new Error(`${file}: does not match the manifest schema: ${describeIssues(r.error)}`);
  return r.data;
}

export const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
export const same = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** `batch_input_shape` of the first layer of a Keras-style topology, if present. */
function topologyInputShape(topology: Record<string, unknown>): (number | null)[] | undefined {
  const config = topology.config as { layers?: { config?: { batch_input_shape?: (number | null)[] } }[] } | undefined;
  return config?.layers?.[0]?.config?.batch_input_shape;
}

/** Throws, naming the file, when a downloaded weights buffer is not the length its manifest says (a cut download). */
export function checkWeightBytes(file: string, weights: ArrayBuffer, expected: number): void {
  if (weights.byteLength === expected) return;
  const what = weights.byteLength < expected ? 'truncated' : 'too long';
  throw new Error(`${file}: ${what}: ${weights.byteLength} bytes, expected ${expected}`);
}

/**
 * Validates the three files of a model against each other and returns ModelArtifacts for
 * `tf.io.fromMemory`. Throws an Error naming the offending file when the manifest breaks its schema,
 * model.json is malformed or disagrees with the manifest (weight names, shapes, dtypes, input shape,
 * weights file), or the weights buffer has the wrong byte length (for example a truncated download).
 */
export function validateModelFiles(
  manifestJson: unknown,
  modelJson: unknown,
  weights: ArrayBuffer,
  names: ModelFileNames = fileNames('.'),
): { manifest: ModelManifest; artifacts: io.ModelArtifacts } {
  const manifest = parseManifest(manifestJson, names.manifest);
  const parsed = modelJsonSchema.safeParse(modelJson);
  if (!parsed.success) throw new Error(`${names.model}: not a tfjs layers model.json: ${describeIssues(parsed.error)}`);
  const model = parsed.data;
  if (model.weightsManifest.length !== 1 || model.weightsManifest[0]!.paths.length !== 1) {
    throw new Error(`${names.model}: expected one weights group with one file`);
  }
  const group = model.weightsManifest[0]!;
  if (group.paths[0] !== manifest.weightsFile) {
    throw new Error(
      `${names.model}: weights file is ${group.paths[0]}, ${names.manifest} says ${manifest.weightsFile}`,
    );
  }
  if (group.weights.length !== manifest.weights.length) {
    throw new Error(
      `${names.model}: lists ${group.weights.length} weight tensors, ${names.manifest} lists ${manifest.weights.length}`,
    );
  }
  let params = 0;
  group.weights.forEach((w, i) => {
    const expected = manifest.weights[i]!;
    if (w.dtype !== 'float32')
      throw new Error(`${names.model}: weight ${w.name} has dtype ${w.dtype}, expected float32`);
    if (w.name !== expected.name || !same(w.shape, expected.shape)) {
      throw new Error(
        `${names.model}: wrong shape: weight ${i} is ${w.name} [${w.shape}], ` +
          `${names.manifest} says ${expected.name} [${expected.shape}]`,
      );
    }
    params += product(w.shape);
  });
  if (params !== manifest.parameterCount) {
    throw new Error(
      `${names.model}: weights hold ${params} parameters, ${names.manifest} says ${manifest.parameterCount}`,
    );
  }
  if (manifest.weightsBytes !== params * 4) {
    throw new Error(
      `${names.manifest}: weightsBytes is ${manifest.weightsBytes}, ${params} float32 parameters need ${params * 4}`,
    );
  }
  checkWeightBytes(names.weights, weights, manifest.weightsBytes);
  const inputShape = topologyInputShape(model.modelTopology);
  if (inputShape && !same(inputShape.slice(1), manifest.inputShape)) {
    throw new Error(
      `${names.model}: wrong input shape [${inputShape.slice(1)}], ${names.manifest} says [${manifest.inputShape}]`,
    );
  }
  const artifacts: io.ModelArtifacts = {
    modelTopology: model.modelTopology,
    weightSpecs: group.weights as io.WeightsManifestEntry[],
    weightData: weights,
    format: model.format,
    generatedBy: model.generatedBy,
    convertedBy: model.convertedBy ?? null,
    // sequentialFromArtifacts applies it in the forward pass.
    ...(manifest.preprocessing
      ? {
          userDefinedMetadata: {
            preprocessing: { kind: manifest.preprocessing.kind, threshold: manifest.preprocessing.threshold },
          },
        }
      : {}),
  };
  return { manifest, artifacts };
}

/** A `fetch`-like function (the global fetch in browsers and Node ≥ 18 fits). */
export type FetchLike = (
  url: string,
) => Promise<{ ok: boolean; status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Fetches `${baseUrl}/${name}/{manifest.json, model.json, <weights>}` and validates them.
 * `baseUrl` is where the models folder is served, e.g. `${import.meta.env.BASE_URL}models`.
 * The three are asked for at once, the weights under their usual name: waiting for the manifest to
 * name them cost a round trip on every cold start. A manifest that names another file gets that one
 * (after a request for the usual name that goes unused).
 */
export async function loadModelFiles(
  fetchFn: FetchLike,
  baseUrl: string,
  name: string,
): Promise<{ manifest: ModelManifest; artifacts: io.ModelArtifacts }> {
  const dir = `${baseUrl.replace(/\/$/, '')}/${name}`;
  const get = async (file: string) => {
    const res = await fetchFn(`${dir}/${file}`);
    if (!res.ok) throw new Error(`${dir}/${file}: HTTP ${res.status}`);
    return res;
  };
  const manifestFile = `${dir}/manifest.json`;
  const manifestText = get('manifest.json').then((r) => r.text());
  const modelText = get('model.json').then((r) => r.text());
  const usualWeights = get(USUAL_WEIGHTS_FILE).then((r) => r.arrayBuffer());
  // Settled here so that a failure the manifest makes irrelevant is not reported as unhandled.
  for (const p of [modelText, usualWeights]) p.catch(() => {});
  const manifest = parseManifest(parseJsonFile(await manifestText, manifestFile), manifestFile);
  const [model, weights] = await Promise.all([
    modelText,
    manifest.weightsFile === USUAL_WEIGHTS_FILE ? usualWeights : get(manifest.weightsFile).then((r) => r.arrayBuffer()),
  ]);
  const names = fileNames(dir, manifest.weightsFile);
  return validateModelFiles(manifest, parseJsonFile(model, names.model), weights, names);
}
