// The page's side of the model worker: figures acquire a client, send inputs on named channels and
// get typed arrays back. One worker per page, shared by every figure on it and terminated when the
// last one releases its client. Where a worker cannot start (no Worker, its script fails to load),
// the same host runs on the main thread, loaded with import(), and `where` says so for the figure's
// one-line note. Nothing here imports tfjs: it is loaded by the host, in the worker.
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { DigitSet } from '../../lib/digit-set.ts';
import { AbortError } from '../../lib/jobs.ts';
import { importChunk } from '../import-chunk.ts';
import { yieldTask } from '../yield-task.ts';
import type { BackendName } from '../tfjs.ts';
import type { BackendInfo, HostConfig, ModelHost } from './host.ts';
import type { JobInput, JobName, JobOutput, JobProgress } from './jobs.ts';

export type { BackendInfo } from './host.ts';
export type { JobInput, JobName, JobOutput, JobProgress } from './jobs.ts';

export interface Where {
  mode: 'worker' | 'main-thread';
  /** Why the models run on the main thread (one line for the figure); null in a worker. */
  note: string | null;
}

export interface Channel {
  /**
   * Runs a job; a newer run on this channel supersedes this one, which then rejects with an
   * AbortError (so does cancel()). Other failures reject with the host's Error, message intact.
   */
  run<K extends JobName>(job: K, input: JobInput<K>, onProgress?: (p: JobProgress<K>) => void): Promise<JobOutput<K>>;
  cancel(): void;
}

export interface ModelClient {
  where(): Promise<Where>;
  /** The backend really running in the host. */
  backend(): Promise<BackendInfo>;
  /** The held-out digits (a copy for the page). */
  digits(): Promise<DigitSet>;
  /** A channel named `name` (prefix it with the figure's id: names are shared by the page). */
  channel(name: string): Channel;
  /** Live tensors in the host (tests: nothing may be left behind). */
  numTensors(): Promise<number>;
  /** Cancels the channels and frees the host's kept values whose names start with `prefix`. */
  release(prefix: string): Promise<void>;
  /** This figure is done with the client; the last one to close ends the worker. */
  close(): void;
}

type Host = Pick<
  ModelHost,
  'configure' | 'hello' | 'backend' | 'digits' | 'run' | 'cancel' | 'numTensors' | 'release' | 'close'
>;

interface Connection extends Where {
  host: Remote<Host>;
  /** Wraps a progress callback for the host (a Comlink proxy for a worker). */
  callback<T>(f: (value: T) => void): (value: T) => void;
  end(): void;
}

export interface ClientOptions extends HostConfig {
  /** For tests: how to start a worker (default: the page's module worker). */
  startWorker?: () => Worker;
  /** For tests: what a superseding run waits for before it starts (default: the next frame). */
  afterFrame?: () => Promise<void>;
}

const startModelWorker = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'model-worker' });

/**
 * The calls in flight to one worker, failed together if it dies. Each call lets go of the watch once it
 * settles: racing every call against one promise that never settles kept each answer (digits, images,
 * histograms) alive for as long as the page.
 */
export function deathWatch(): {
  guard<T>(call: Promise<T>): Promise<T>;
  fail(e: Error): void;
  /** Calls still waiting (tests). */
  readonly pending: number;
} {
  const waiting = new Set<(e: Error) => void>();
  let cause: Error | null = null;
  return {
    guard<T>(call: Promise<T>) {
      if (cause) {
        call.catch(() => {});
        return Promise.reject(cause);
      }
      return new Promise<T>((resolve, reject) => {
        waiting.add(reject);
        Promise.resolve(call)
          .then(resolve, reject)
          .finally(() => waiting.delete(reject));
      });
    },
    fail(e) {
      cause ??= e;
      for (const reject of waiting) reject(cause);
      waiting.clear();
    },
    get pending() {
      return waiting.size;
    },
  };
}

/** Starts a worker and waits for its host to answer; rejects if it fails to load or start. */
async function connectWorker(options: ClientOptions): Promise<Connection> {
  const worker = (options.startWorker ?? startModelWorker)();
  const host = wrap<Host>(worker);
  const death = deathWatch();
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    death.fail(
      new Error(`the model worker stopped${(e as ErrorEvent).message ? `: ${(e as ErrorEvent).message}` : ''}`),
    );
  });
  try {
    await death.guard(host.configure({ baseUrl: options.baseUrl, backend: options.backend ?? null }));
    await death.guard(host.hello());
  } catch (e) {
    worker.terminate();
    throw e;
  }
  // A worker that dies later fails every call in flight instead of leaving it waiting forever.
  const guarded = new Proxy(host, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => death.guard((value as (...a: unknown[]) => Promise<unknown>)(...args));
    },
  });
  return {
    mode: 'worker',
    note: null,
    host: guarded,
    callback: (f) => proxy(f),
    end() {
      death.fail(new AbortError('the model worker was closed'));
      host[releaseProxy]();
      worker.terminate();
    },
  };
}

/** The same host on the main thread, behind the same (asynchronous) interface. */
async function connectInPage(options: ClientOptions, note: string): Promise<Connection> {
  const { ModelHost } = await importChunk('the model code', () => import('./host.ts'));
  const local = new ModelHost();
  local.configure({ baseUrl: options.baseUrl, backend: options.backend ?? null });
  const host = new Proxy(local, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function'
        ? async (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args)
        : value;
    },
  }) as unknown as Remote<Host>;
  return { mode: 'main-thread', note, host, callback: (f) => f, end: () => void local.close() };
}

async function connect(options: ClientOptions): Promise<Connection> {
  // Starting a worker costs the main thread 10-20 ms (measured in Chromium): not in the task that mounts
  // the figure, which is long enough already.
  await yieldTask();
  let why: string;
  if (typeof Worker !== 'function' && !options.startWorker) {
    why = 'this browser offers no Web Workers';
  } else {
    try {
      return await connectWorker(options);
    } catch (e) {
      why = `the model worker could not start (${(e as Error).message})`;
    }
  }
  return connectInPage(
    options,
    `The models run on this page’s main thread: ${why}. The page may pause while they work.`,
  );
}

let shared: { connection: Promise<Connection>; users: number } | null = null;

/**
 * Resolves after the next frame has been produced, or at once where none will come (no
 * requestAnimationFrame, a hidden tab), or after a 100 ms timer (throttled in a background tab).
 */
function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (
      typeof requestAnimationFrame !== 'function' ||
      typeof document === 'undefined' ||
      document.visibilityState === 'hidden'
    )
      return resolve();
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}

/**
 * A client of the page's model host, started on first use. The first figure's options decide the
 * base URL and the backend for the page.
 */
export function acquireModelClient(options: ClientOptions): ModelClient {
  if (!shared) {
    const connection = connect(options);
    shared = { connection, users: 0 };
    connection.catch(() => (shared = null));
  }
  const mine = shared;
  mine.users++;
  const connection = mine.connection;
  let closed = false;
  /** Calls in flight, so that closing rejects them instead of leaving them waiting. */
  const pending = new Set<(e: Error) => void>();
  const call = <T>(f: (c: Connection) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new AbortError('the model client is closed'));
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      connection
        .then(f)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
  };
  const latest = new Map<string, number>();
  /** Runs not yet settled, per channel. */
  const running = new Map<string, number>();
  let requests = 0;

  return {
    where: () => call(async ({ mode, note }) => ({ mode, note })),
    backend: () => call((c) => c.host.backend()),
    digits: () => call((c) => c.host.digits() as Promise<DigitSet>),
    numTensors: () => call((c) => c.host.numTensors()),
    release: (prefix) => call((c) => c.host.release(prefix)),
    channel(name) {
      return {
        run<K extends JobName>(job: K, input: JobInput<K>, onProgress?: (p: JobProgress<K>) => void) {
          const id = ++requests;
          latest.set(name, id);
          // Progress travels on a port of its own and may arrive after the result (a slow page does
          // see it): none is passed on once the run has settled or been superseded.
          let settled = false;
          const report = onProgress
            ? (value: unknown) => {
                if (!settled && latest.get(name) === id) onProgress(value as JobProgress<K>);
              }
            : undefined;
          // A run that supersedes one still working (a slider dragged, a key held) stops it at once and
          // starts only after the frame that shows the input: the host no longer takes a core the
          // browser needs to paint it.
          const supersedes = (running.get(name) ?? 0) > 0;
          running.set(name, (running.get(name) ?? 0) + 1);
          return call(async (c) => {
            if (supersedes) {
              c.host.cancel(name).catch(() => {});
              await (options.afterFrame ?? afterNextFrame)();
              // Superseded again meanwhile, or the figure has closed (and released what it kept).
              if (closed || latest.get(name) !== id) throw new AbortError('superseded');
            }
            const out = await c.host.run(name, job, input, report ? c.callback(report) : undefined);
            // The host may have finished it just before the newer request arrived: it is stale all the same.
            if (latest.get(name) !== id) throw new AbortError('superseded');
            return out as JobOutput<K>;
          }).finally(() => {
            settled = true;
            running.set(name, (running.get(name) ?? 1) - 1);
          });
        },
        cancel() {
          latest.delete(name);
          void call((c) => c.host.cancel(name)).catch(() => {});
        },
      };
    },
    close() {
      if (closed) return;
      closed = true;
      for (const reject of pending) reject(new AbortError('the model client is closed'));
      pending.clear();
      if (--mine.users > 0 || shared !== mine) return;
      shared = null;
      void connection.then((c) => c.end()).catch(() => {});
    },
  };
}

/** Asks for a backend by name in a link (`?<prefix>.backend=cpu`); null for the default order. */
export type { BackendName };
