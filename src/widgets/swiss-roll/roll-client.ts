// The page's side of the Swiss roll worker (roll-worker.ts). Samples are coalesced: at most one is being
// built at a time, and of the requests made meanwhile only the newest is built next (the others resolve
// to null), so a slider dragged across its range never queues up a backlog. If no worker can be
// started, or it fails, the same jobs run in the page (`inPage` says so). `dispose()` rejects whatever
// is still pending, so no caller waits forever.
import {
  answer,
  createRollJobs,
  type PathFound,
  type RollParams,
  type RollReply,
  type RollRequest,
  type Sample,
} from './roll-jobs.ts';

export interface RollClient {
  /** True once the work runs in the page, because no worker could be started or it failed. */
  readonly inPage: boolean;
  /** The sample for `params`, or null when a newer request replaced this one before it started. */
  roll(params: RollParams): Promise<Sample | null>;
  /** The shortest path from a to b through the neighbour graph of that sample (null: not connected). */
  path(params: RollParams, a: number, b: number): Promise<PathFound | null>;
  /** Stops the worker; pending and later calls reject. */
  dispose(): void;
}

/** The part of a Worker the client uses (tests pass a stand-in). */
export interface WorkerLike {
  postMessage(message: RollRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<RollReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** Omit for each member of a union (plain Omit would merge the members). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class ClientClosedError extends Error {
  constructor() {
    super('The Swiss roll figure was closed before its work finished.');
    this.name = 'ClientClosedError';
  }
}

const startWorker = (): WorkerLike =>
  new Worker(new URL('./roll-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

/** `makeWorker` returns null or throws where workers are unavailable. */
export function createRollClient(makeWorker: () => WorkerLike | null = startWorker): RollClient {
  let worker: WorkerLike | null = null;
  let inPage = false;
  let closed = false;
  let jobs: ReturnType<typeof createRollJobs> | null = null;
  let seq = 0;
  const pending = new Map<
    number,
    { request: RollRequest; resolve: (r: RollReply) => void; reject: (e: Error) => void }
  >();
  /** The sample being built, and the newest one asked for meanwhile. */
  let building: Promise<unknown> | null = null;
  let next: { params: RollParams; resolve: (s: Sample | null) => void; reject: (e: Error) => void } | null = null;

  function start(): WorkerLike | null {
    if (worker || inPage) return worker;
    try {
      worker = makeWorker();
    } catch {
      worker = null;
    }
    if (!worker) {
      inPage = true;
      return null;
    }
    worker.onmessage = (e) => {
      const entry = pending.get(e.data.id);
      pending.delete(e.data.id);
      entry?.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      // The worker is gone: what it had not answered runs in the page instead.
      worker?.terminate();
      worker = null;
      inPage = true;
      const orphans = [...pending.values()];
      pending.clear();
      for (const p of orphans) runInPage(p.request).then(p.resolve, p.reject);
    };
    return worker;
  }

  async function runInPage(request: RollRequest): Promise<RollReply> {
    // Yield first, so that a caller's promise settles after the current task like a worker's would.
    await new Promise((r) => setTimeout(r, 0));
    if (closed) throw new ClientClosedError();
    jobs ??= createRollJobs();
    return answer(jobs, request).reply;
  }

  function send(request: WithoutId<RollRequest>): Promise<RollReply> {
    if (closed) return Promise.reject(new ClientClosedError());
    const full = { ...request, id: ++seq } as RollRequest;
    const w = start();
    if (!w) return runInPage(full);
    return new Promise((resolve, reject) => {
      pending.set(full.id, { request: full, resolve, reject });
      w.postMessage(full);
    });
  }

  const unwrap = <K extends RollReply['kind']>(reply: RollReply, kind: K) => {
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== kind) throw new Error(`expected a ${kind} reply, got ${reply.kind}`);
    return reply as Extract<RollReply, { kind: K }>;
  };

  function build(params: RollParams): Promise<Sample | null> {
    const run = send({ kind: 'roll', params }).then((r) => unwrap(r, 'roll').sample);
    building = run.finally(() => {
      building = null;
      const queued = next;
      next = null;
      if (queued && !closed) build(queued.params).then(queued.resolve, queued.reject);
    });
    // A rejection is handed to the caller through `run`; `building` only sequences.
    building.catch(() => {});
    return run;
  }

  return {
    get inPage() {
      return inPage;
    },
    roll(params) {
      if (closed) return Promise.reject(new ClientClosedError());
      if (!building) return build(params);
      next?.resolve(null);
      return new Promise((resolve, reject) => (next = { params, resolve, reject }));
    },
    async path(params, a, b) {
      return unwrap(await send({ kind: 'path', params, a, b }), 'path').found;
    },
    dispose() {
      if (closed) return;
      closed = true;
      worker?.terminate();
      worker = null;
      const error = new ClientClosedError();
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      next?.reject(error);
      next = null;
      jobs = null;
    },
  };
}
