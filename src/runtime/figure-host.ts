// What every model-backed figure's state module (src/widgets/*/*.svelte.ts) does the same way on
// mount: read the link once, connect to the page's model host with the backend the link asks for,
// report that backend, install a debug hook when the link asks, run jobs where the newest request
// wins, and release it all on unmount. No DOM here: a unit test passes its own environment.
import { asBackendName, type BackendName } from '../lib/backends.ts';
import { failureMessage, isAbortError } from '../lib/jobs.ts';
import type { BackendInfo, ModelClient, Where } from './model-worker/client.ts';
import { reportBackend } from './model-worker/report-backend.ts';

/** What a figure needs from the page (src/runtime/figure-page.ts gives the real one). */
export interface FigureEnvironment<S> {
  /** The page's query string, read once. */
  search: string;
  /** Writes the state into the URL. */
  save(state: S): void;
  /** A client of the page's model host (src/runtime/model-worker). */
  connect(backend: BackendName | null): ModelClient;
  /** Where a debug hook goes when the link asks for one (`?<prefix>.debug=1`): the page's window. */
  hooks: Record<string, unknown>;
}

/** The fields a figure shows in its BackendNote. */
interface ReportsBackend {
  figureId: string;
  backend: BackendInfo | null;
  where: Where | null;
}

export interface FigureConnection {
  /** The link's parameters, read once. */
  params: URLSearchParams;
  client: ModelClient;
  /** Removes the debug hook, frees the figure's worker-side resources and closes the client. */
  disconnect(): void;
}

/**
 * Connects a figure to the model host: `?<prefix>.backend=` picks the backend, `?<prefix>.debug`
 * installs `debugHook`. `shared` names further worker-side resource prefixes the figure owns (freed with
 * it, beside its own `<figureId>/`).
 */
export function connectFigure(
  env: Pick<FigureEnvironment<unknown>, 'search' | 'connect'>,
  figure: ReportsBackend,
  prefix: string,
  options: { debugHook?: (client: ModelClient) => () => void; shared?: readonly string[] } = {},
): FigureConnection {
  const params = new URLSearchParams(env.search);
  const client = env.connect(asBackendName(params.get(`${prefix}.backend`)));
  reportBackend(client, figure);
  const removeHook = options.debugHook && params.has(`${prefix}.debug`) ? options.debugHook(client) : () => {};
  return {
    params,
    client,
    disconnect() {
      removeHook();
      for (const owned of [`${figure.figureId}/`, ...(options.shared ?? [])])
        void client.release(owned).catch(() => {});
      client.close();
    },
  };
}

/**
 * Puts a figure's debug API at `hooks[name][figureId]` (several figures of a kind may share a page) for
 * tests and benchmarks. Returns its removal, which drops `hooks[name]` with the last figure.
 */
export function registerDebugHook(
  hooks: Record<string, unknown>,
  name: string,
  figureId: string,
  api: Record<string, unknown>,
): () => void {
  const all = (hooks[name] ??= {}) as Record<string, unknown>;
  all[figureId] = api;
  return () => {
    delete all[figureId];
    if (!Object.keys(all).length) delete hooks[name];
  };
}

/**
 * Jobs where only the newest request's answer counts: an answer or failure of a superseded request,
 * and a cancellation, say nothing (the newer request will). `run` may ask `isCurrent()` to drop stale progress.
 */
export function newestWins<I, O>(
  run: (input: I, isCurrent: () => boolean) => Promise<O>,
  on: { done(out: O): void; failed(error: unknown): void },
): (input: I) => void {
  let requests = 0;
  return (input) => {
    const id = ++requests;
    const isCurrent = () => id === requests;
    run(input, isCurrent).then(
      (out) => isCurrent() && on.done(out),
      (e) => !isAbortError(e) && isCurrent() && on.failed(e),
    );
  };
}

/** A figure that says while its newest request runs, and why it failed. */
export interface ShowsProgress {
  busy: boolean;
  error: string | null;
}

/**
 * `newestWins` for the common figure: `busy` while the newest request runs; its answer clears the
 * error and is shown; its failure is put in words (`what` names the job: "The attack") and `failed`
 * clears what the figure showed, if the old answer would now mislead.
 */
export function busyJob<I, O>(
  figure: ShowsProgress,
  what: string,
  run: (input: I) => Promise<O>,
  show: (out: O) => void,
  failed?: () => void,
): (input: I) => void {
  return newestWins(
    (input: I) => {
      figure.busy = true;
      return run(input);
    },
    {
      done: (out) => {
        figure.busy = false;
        figure.error = null;
        show(out);
      },
      failed: (e) => {
        figure.busy = false;
        failed?.();
        figure.error = failureMessage(e, what);
      },
    },
  );
}
