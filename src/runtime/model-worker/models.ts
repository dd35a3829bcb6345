// The models a host has loaded: each shipped model's files fetched once from `<modelsUrl>/<name>/`,
// checked against its manifest (src/lib/model-artifacts.ts) and built as a network on tfjs-core ops
// (src/lib/sequential.ts). A failed load is forgotten, so that a retry fetches again. Model names are
// data, not code: a model added to public/models needs no change here.
import type { LoadedModel, ModelFiles } from '../../lib/jobs.ts';
import { loadModelFiles, type FetchLike } from '../../lib/model-artifacts.ts';

/** Folder names a model may have (they become part of a URL). */
const MODEL_NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface ModelStore {
  files(name: string): Promise<ModelFiles>;
  /** Needs tfjs and a backend already started. */
  model(name: string): Promise<LoadedModel>;
  /** Starts fetching a model's files and the network code, for a model() soon; a failure waits for it. */
  prefetch(name: string): void;
  /** Frees every loaded network's weights. */
  dispose(): Promise<void>;
}

// tfjs-core comes with the network code, so that the worker answers its first messages without it.
const networkCode = () => import('../../lib/sequential.ts');

export function createModelStore(modelsUrl: string, fetchFn: FetchLike): ModelStore {
  const files = new Map<string, Promise<ModelFiles>>();
  const models = new Map<string, Promise<LoadedModel>>();
  const remember = <T>(cache: Map<string, Promise<T>>, name: string, make: () => Promise<T>): Promise<T> => {
    let p = cache.get(name);
    if (!p) {
      p = make();
      cache.set(name, p);
      p.catch(() => cache.delete(name));
    }
    return p;
  };
  const store: ModelStore = {
    files: (name) =>
      remember(files, name, async () => {
        if (!MODEL_NAME.test(name)) throw new Error(`no model called ${JSON.stringify(name)}`);
        return loadModelFiles(fetchFn, modelsUrl, name);
      }),
    model: (name) =>
      remember(models, name, async () => {
        const [{ manifest, artifacts }, { sequentialFromArtifacts }] = await Promise.all([
          store.files(name),
          networkCode(),
        ]);
        const net = sequentialFromArtifacts(artifacts as Parameters<typeof sequentialFromArtifacts>[0]);
        return { name, manifest, net, logits: net.logits };
      }),
    prefetch(name) {
      store.files(name).catch(() => {});
      networkCode().catch(() => {});
    },
    async dispose() {
      const all = [...models.values()];
      models.clear();
      files.clear();
      for (const p of all) (await p.catch(() => null))?.net.dispose();
    },
  };
  return store;
}
