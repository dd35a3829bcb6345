// The model host: owns tfjs, the models, the held-out digits and the running jobs of one page. It
// lives in the page's model worker (worker.ts exposes it through Comlink), or, where workers are
// unavailable, on the main thread behind the same interface (client.ts). Figures talk to it in
// channels: a newer request on a channel aborts the older one, which stops at its next checkpoint
// (a chunk of at most about SLICE_MS), and every job's failure crosses back as an Error whose name
// and message survive: a `LoadError` names what could not be loaded (a file and why), an
// `AbortError` a cancelled or superseded request.
import { releaseProxy, transfer } from 'comlink';
import type { DigitSet } from '../../lib/digit-set.ts';
import {
  AbortError,
  LoadError,
  isAbortError,
  isLoadError,
  throwIfAborted,
  type JobContext,
  type KeepOptions,
} from '../../lib/jobs.ts';
import { loadDigits } from '../digits.ts';
import { yieldTask } from '../yield-task.ts';
import { loadTf, type BackendName, type Tf } from '../tfjs.ts';
import { JOBS, modelsNamed, type JobRegistry } from './jobs.ts';
import { createModelStore, type ModelStore } from './models.ts';

/** How long a job runs between yields to the host's event loop, where cancels and new requests arrive. */
export const SLICE_MS = 10;

export interface HostConfig {
  /** The site's base path, e.g. "/" or "/courses/ml/aside/": models and digits are fetched under it. */
  baseUrl: string;
  /** A backend asked for in a link; null for the fastest that starts. */
  backend?: BackendName | null;
}

export interface BackendInfo {
  backend: BackendName;
  /** Why a preferred backend was skipped, if one was (shown to the reader). */
  fallbackReason: string | null;
}

export type Fetch = (url: string) => Promise<Response>;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs `load`, turning a failure into a LoadError that says what failed to load and why. */
async function loading<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isAbortError(e) || isLoadError(e)) throw e;
    throw new LoadError(`${what} could not be loaded: ${messageOf(e)}`, { cause: e });
  }
}

/** The buffers of the typed arrays in `value` (a job's output), to transfer rather than copy. */
function buffersIn(value: unknown, pinned: WeakSet<ArrayBufferLike>, found = new Set<ArrayBuffer>(), depth = 0) {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !pinned.has(value.buffer)) found.add(value.buffer);
  } else if (value && typeof value === 'object' && depth < 6) {
    for (const v of Object.values(value)) buffersIn(v, pinned, found, depth + 1);
  }
  return found;
}

interface Kept {
  value: Promise<unknown>;
  dispose?: (value: never) => void;
  /** Aborts `make` (release, close). */
  controller: AbortController;
  /** Progress callbacks of the jobs waiting for the value. */
  listeners: Set<(value: unknown) => void>;
}

/** `p`, or an AbortError as soon as `signal` fires. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortError(String(signal.reason ?? 'cancelled')));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(String(signal.reason ?? 'cancelled')));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class ModelHost {
  #registry: JobRegistry;
  #fetch: Fetch;
  #config: HostConfig | null = null;
  #models: ModelStore | null = null;
  #tf: Promise<Tf> | null = null;
  #tfLoaded: Tf | null = null;
  #channels = new Map<string, AbortController>();
  #kept = new Map<string, Kept>();
  /** Buffers the host keeps (the digits, kept values): a job's output that views them is copied, not transferred. */
  #pinned = new WeakSet<ArrayBufferLike>();
  #closed = false;

  constructor(registry: JobRegistry = JOBS, fetchFn: Fetch = (url) => fetch(url)) {
    this.#registry = registry;
    this.#fetch = fetchFn;
  }

  /** Sets where files are served and the backend asked for; the first call wins. */
  configure(config: HostConfig): void {
    if (this.#config) return;
    this.#config = { baseUrl: config.baseUrl, backend: config.backend ?? null };
    this.#models = createModelStore(`${config.baseUrl.replace(/\/?$/, '/')}models`, this.#fetch);
  }

  /** Answers once the host is running (the client's handshake). */
  hello(): 'ready' {
    return 'ready';
  }

  #requireConfig(): HostConfig {
    if (!this.#config) throw new Error('model host used before configure()');
    return this.#config;
  }

  /** tfjs with its backend, started once. */
  #startTf(): Promise<Tf> {
    this.#tf ??= loading('TensorFlow.js', () => loadTf(this.#requireConfig().backend)).then((tf) => {
      this.#tfLoaded = tf;
      return tf;
    });
    this.#tf.catch(() => (this.#tf = null));
    return this.#tf;
  }

  /** The backend really running here (starts tfjs if it has not started). */
  async backend(): Promise<BackendInfo> {
    const { backend, fallbackReason } = await this.#startTf();
    return { backend, fallbackReason };
  }

  #digits(): Promise<DigitSet> {
    return loading('the held-out digits', async () => {
      const d = await loadDigits(this.#requireConfig().baseUrl, this.#fetch);
      this.#pinned.add(d.pixels.buffer);
      this.#pinned.add(d.labels.buffer);
      return d;
    });
  }

  /** A copy of the held-out digits for the page (the controls draw them), transferred, not cloned. */
  async digits(): Promise<DigitSet> {
    const d = await this.#digits();
    const copy: DigitSet = { ...d, pixels: d.pixels.slice(), labels: d.labels.slice() };
    return transfer(copy, [copy.pixels.buffer, copy.labels.buffer]);
  }

  #context<P>(signal: AbortSignal, onProgress?: (value: P) => unknown): JobContext<P> {
    let sliceStart = performance.now();
    const models = () => {
      if (!this.#models) throw new Error('model host used before configure()');
      return this.#models;
    };
    return {
      signal,
      checkpoint: async () => {
        if (performance.now() - sliceStart >= SLICE_MS) {
          await yieldTask();
          sliceStart = performance.now();
        }
        throwIfAborted(signal);
      },
      progress: (value) => {
        // A Comlink callback answers with a promise; nobody waits for it.
        if (onProgress) void Promise.resolve(onProgress(value)).catch(() => {});
      },
      model: (name) =>
        loading(`the ${name} model`, async () => {
          await Promise.all([this.#startTf(), models().files(name)]);
          return models().model(name);
        }),
      modelFiles: (name) => loading(`the ${name} model`, () => models().files(name)),
      digits: () => this.#digits(),
      file: (path) => this.#fetch(`${this.#requireConfig().baseUrl.replace(/\/?$/, '/')}${path}`),
      keep: <T>(key: string, make: (ctx: JobContext<P>) => T | Promise<T>, options: KeepOptions<T> = {}) => {
        let kept = this.#kept.get(key);
        if (!kept) {
          const controller = new AbortController();
          const listeners = new Set<(value: unknown) => void>();
          const own = this.#context<P>(controller.signal, (value) => listeners.forEach((l) => l(value)));
          const value = Promise.resolve().then(() => make(own));
          const entry: Kept = { value, dispose: options.dispose as Kept['dispose'], controller, listeners };
          this.#kept.set(key, (kept = entry));
          value.then(
            (v) => buffersIn(v, new WeakSet()).forEach((b) => this.#pinned.add(b)),
            () => {
              if (this.#kept.get(key) === entry) this.#kept.delete(key);
            },
          );
        }
        const listeners = kept.listeners;
        const report = onProgress && options.progress ? (value: unknown) => onProgress(value as P) : null;
        if (report) listeners.add(report);
        return untilAborted(kept.value as Promise<T>, signal).finally(() => report && listeners.delete(report));
      },
    };
  }

  /**
   * Runs job `job` on `channel`. A newer run on the same channel aborts this one (it rejects with an
   * AbortError at its next checkpoint); so does cancel(channel). The output's typed arrays are
   * transferred to the caller.
   */
  async run(channel: string, job: string, input: unknown, onProgress?: (value: unknown) => unknown): Promise<unknown> {
    this.#channels.get(channel)?.abort('superseded');
    const controller = new AbortController();
    this.#channels.set(channel, controller);
    try {
      if (this.#closed) throw new AbortError('the model host is closed');
      // Requests already queued behind this one get their turn first: the newest wins before any work.
      await yieldTask();
      throwIfAborted(controller.signal);
      const load = this.#registry[job];
      if (!load) throw new Error(`no job called ${job}`);
      for (const name of modelsNamed(job, input)) this.#models?.prefetch(name);
      const [run] = await Promise.all([loading('the figure’s model code', load), this.#startTf()]);
      throwIfAborted(controller.signal);
      const out = await (run as (ctx: JobContext<unknown>, input: unknown) => Promise<unknown>)(
        this.#context(controller.signal, onProgress),
        input,
      );
      throwIfAborted(controller.signal);
      return out !== null && typeof out === 'object' ? transfer(out, [...buffersIn(out, this.#pinned)]) : out;
    } finally {
      if (this.#channels.get(channel) === controller) this.#channels.delete(channel);
      // A Comlink callback holds a message port open until released; a plain function has nothing to release.
      const release = (onProgress as unknown as Record<symbol, unknown> | undefined)?.[releaseProxy];
      if (typeof release === 'function') release.call(onProgress);
    }
  }

  /** Aborts the job running on `channel`, if any. */
  cancel(channel: string): void {
    this.#channels.get(channel)?.abort('cancelled');
    this.#channels.delete(channel);
  }

  /** Live tensors in this host's tfjs (0 before tfjs has started). */
  numTensors(): number {
    return this.#tfLoaded?.tf.memory().numTensors ?? 0;
  }

  /** Aborts the channels and frees the kept values whose names start with `prefix` (a figure leaving). */
  async release(prefix: string): Promise<void> {
    for (const [name, c] of this.#channels) if (name.startsWith(prefix)) c.abort('released');
    for (const [key, kept] of [...this.#kept]) {
      if (!key.startsWith(prefix)) continue;
      this.#kept.delete(key);
      kept.controller.abort('released');
      const value = await kept.value.catch(() => undefined);
      if (value !== undefined) kept.dispose?.(value as never);
    }
  }

  /** Stops everything and frees every tensor this host made (used when it runs on the main thread). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const c of this.#channels.values()) c.abort('closed');
    this.#channels.clear();
    await this.release('');
    await this.#models?.dispose();
  }
}
