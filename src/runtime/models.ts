// Model cache: each shipped model is fetched from public/models/<name>/ once per page, checked against
// its manifest (src/lib/model-artifacts.ts: schema, shapes, byte length) and loaded from memory. A
// missing or corrupt file rejects with an Error that names the file, for the figure to show in place.
// The network runs on tfjs-core ops (src/lib/sequential.ts), which is all the attacks need.
import type { LogitsFn } from '../lib/attacks.ts';
import { sequentialFromArtifacts, type SequentialNet } from '../lib/sequential.ts';
import { loadModelFiles, parseJsonFile, parseManifest, type ModelManifest } from '../lib/model-artifacts.ts';
import { loadTf } from './tfjs.ts';

import { MODEL_NAMES, type ModelName } from '../lib/model-names.ts';

export { MODEL_NAMES, type ModelName };

export interface LoadedModel {
  name: ModelName;
  manifest: ModelManifest;
  net: SequentialNet;
  /** Inputs [N, 28, 28, 1] to logits [N, 10], as the attack library wants. */
  logits: LogitsFn;
}

/** Where the models folder is served, under the site's base path. */
export const modelsUrl = () => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models`;

const models = new Map<ModelName, Promise<LoadedModel>>();
const manifests = new Map<ModelName, Promise<ModelManifest>>();
const files = new Map<ModelName, ReturnType<typeof loadModelFiles>>();

/**
 * A model's files, fetched and validated once per page (no tfjs needed), for every figure that
 * builds its own network from them; a failed load is forgotten so that a retry fetches again.
 */
export function loadModelArtifacts(name: ModelName): ReturnType<typeof loadModelFiles> {
  let p = files.get(name);
  if (!p) {
    p = loadModelFiles((url) => fetch(url), modelsUrl(), name);
    files.set(name, p);
    p.catch(() => files.delete(name));
  }
  return p;
}

/** The model, loaded once; a failed load is forgotten so that a retry fetches again. */
export function loadModel(name: ModelName): Promise<LoadedModel> {
  let p = models.get(name);
  if (!p) {
    p = (async () => {
      // The files download while tfjs and its backend start, not after.
      const [, { manifest, artifacts }] = await Promise.all([loadTf(), loadModelArtifacts(name)]);
      const net = sequentialFromArtifacts(artifacts as Parameters<typeof sequentialFromArtifacts>[0]);
      return { name, manifest, net, logits: net.logits };
    })();
    models.set(name, p);
    p.catch(() => models.delete(name));
  }
  return p;
}

/** Only the manifest (for tables and curves), without loading tfjs. */
export function loadManifest(name: ModelName): Promise<ModelManifest> {
  let p = manifests.get(name);
  if (!p) {
    const file = `${modelsUrl()}/${name}/manifest.json`;
    p = fetch(file).then(async (res) => {
      if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
      return parseManifest(parseJsonFile(await res.text(), file), file);
    });
    manifests.set(name, p);
    p.catch(() => manifests.delete(name));
  }
  return p;
}
