// Runs a figure's jobs (src/lib/<figure>/jobs.ts) in Node, as the page's model worker runs them, so
// that the make-static scripts compute a figure's default state with the same code, models, digits
// and backend (wasm, one thread, as in a browser page that is not cross-origin isolated).
import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { decodeDigits, gunzipIfNeeded } from '../../src/lib/digits.ts';
import type { DigitSet } from '../../src/lib/digit-set.ts';
import {
  throwIfAborted,
  type JobContext,
  type KeepOptions,
  type LoadedModel,
  type ModelFiles,
} from '../../src/lib/jobs.ts';
import { sequentialFromArtifacts } from '../../src/lib/sequential.ts';
import { useBackend, type BackendName } from '../lib/backend.ts';
import { readModelDir } from '../lib/node-io.ts';

export const DIGITS_FILES = ['public/data/digits.json', 'public/data/digits.u8.gz'];
export const modelFiles = (name: string) => [`public/models/${name}/model.json`, `public/models/${name}/weights.bin`];

export interface NodeJobs {
  ctx: JobContext<unknown>;
  backend: BackendName;
  dispose(): void;
}

/** A job context over the committed files in public/, on `backend` (wasm unless told otherwise). */
export async function nodeJobs(backend: BackendName = 'wasm'): Promise<NodeJobs> {
  // A browser page without cross-origin isolation has no SharedArrayBuffer, so its wasm runs one thread.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await useBackend(backend);
  const digits: DigitSet = decodeDigits(
    JSON.parse(readFileSync('public/data/digits.json', 'utf8')),
    await gunzipIfNeeded(new Uint8Array(readFileSync('public/data/digits.u8.gz'))),
  );
  const files = new Map<string, ModelFiles>();
  const models = new Map<string, LoadedModel>();
  const kept = new Map<string, { value: unknown; dispose?: (v: never) => void }>();
  const readFiles = (name: string) => {
    let f = files.get(name);
    if (!f) files.set(name, (f = readModelDir(`public/models/${name}`, `models/${name}`)));
    return f;
  };
  const signal = new AbortController().signal;
  const ctx: JobContext<unknown> = {
    signal,
    checkpoint: async () => throwIfAborted(signal),
    progress: () => {},
    modelFiles: async (name) => readFiles(name),
    model: async (name) => {
      let m = models.get(name);
      if (!m) {
        const { manifest, artifacts } = readFiles(name);
        const net = sequentialFromArtifacts(artifacts as Parameters<typeof sequentialFromArtifacts>[0]);
        models.set(name, (m = { name, manifest, net, logits: net.logits }));
      }
      return m;
    },
    digits: async () => digits,
    file: async (path) => {
      const bytes = existsSync(`public/${path}`) ? readFileSync(`public/${path}`) : null;
      return {
        ok: bytes !== null,
        status: bytes ? 200 : 404,
        text: async () => bytes?.toString('utf8') ?? '',
        arrayBuffer: async () => (bytes ? new Uint8Array(bytes).buffer : new ArrayBuffer(0)),
      };
    },
    keep: async <T>(key: string, make: (c: JobContext<unknown>) => T | Promise<T>, options: KeepOptions<T> = {}) => {
      if (!kept.has(key)) kept.set(key, { value: await make(ctx), dispose: options.dispose as (v: never) => void });
      return kept.get(key)!.value as T;
    },
  };
  return {
    ctx,
    backend,
    dispose() {
      for (const { value, dispose } of kept.values()) dispose?.(value as never);
      for (const m of models.values()) m.net.dispose();
    },
  };
}
