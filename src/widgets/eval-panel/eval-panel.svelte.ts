// The evaluation panel's state and effects, apart from its markup (EvalPanel.svelte): the URL state,
// the numbers on screen (the manifest's at first, from build time; a live run's once it has
// finished), and the live run itself in the page's model worker, with progress and cancel.
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import type { AnyModelName } from '../../lib/model-names.ts';
import type { PanelProgress } from '../../lib/robust/jobs.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { registerDebugHook, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { reportBackend } from '../../runtime/model-worker/report-backend.ts';
import { PREFIX, panelSchema, snapCount, type PanelState } from './panel-state.ts';
import { panelData, type PanelData } from './view.ts';

/** What the panel needs from the page; a test passes its own. */
export type PanelEnvironment = FigureEnvironment<PanelState>;

export class EvalPanelModel {
  readonly figureId: string;
  /** Every model's evaluation from its manifest, read at build time (set once, in the constructor). */
  manifests: Readonly<Partial<Record<AnyModelName, PanelData>>> = $state.raw({});
  models: readonly AnyModelName[] = [];

  state: PanelState = $state(defaultState(panelSchema));
  /** The last finished live run (of any model). */
  live: PanelData | null = $state.raw(null);
  liveSeconds = $state(0);
  running = $state(false);
  progress = $state({ done: 0, total: 1, label: '' });
  /** The last run's outcome in words ("Cancelled", a failure). */
  status = $state('');
  error: string | null = $state(null);
  hydrated = $state(false);
  /** The backend really running in the model host, and whether that is a worker or this page. */
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);

  /** What the panel shows: the live run of this model and sample size, else the manifest's numbers. */
  shown: PanelData | null = $derived(
    this.live && this.live.model === this.state.model && this.live.digits === this.state.digits
      ? this.live
      : (this.manifests[this.state.model as AnyModelName] ?? null),
  );

  #client: ModelClient | null = null;
  #runs = 0;

  constructor(figureId: string, manifests: Partial<Record<AnyModelName, PanelData>>) {
    this.figureId = figureId;
    this.manifests = manifests;
    this.models = (Object.keys(manifests) as AnyModelName[]).filter((m) => manifests[m]);
  }

  /** Reads the URL, keeps it in sync and connects to the model worker. Returns the cleanup. */
  start(env: PanelEnvironment): () => void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once on mount, never reactive
    const params = new URLSearchParams(env.search);
    const s = readState(panelSchema, PREFIX, params);
    if (!this.models.includes(s.model as AnyModelName) && this.models[0]) s.model = this.models[0];
    s.digits = snapCount(s.digits);
    this.state = s;
    this.hydrated = true;
    // The panel reads no `?eval.backend=`: it runs on the backend the page already has.
    const client = (this.#client = env.connect(null));
    reportBackend(client, this);
    const stop = $effect.root(() => {
      $effect(() => env.save($state.snapshot(this.state) as PanelState));
    });
    const removeHook = params.has(`${PREFIX}.debug`) ? this.#exposeDebugHook(env.hooks) : () => {};
    return () => {
      stop();
      removeHook();
      this.cancel();
      this.#client = null;
      void client.release(`${this.figureId}/`).catch(() => {});
      client.close();
    };
  }

  #channel() {
    return this.#client?.channel(`${this.figureId}/evaluate`) ?? null;
  }

  /** Runs the whole suite on the chosen model and sample in the worker; the result replaces the shown numbers. */
  async run(): Promise<void> {
    const channel = this.#channel();
    if (!channel) return;
    const id = ++this.#runs;
    const { model, digits } = $state.snapshot(this.state) as PanelState;
    this.running = true;
    this.status = '';
    this.error = null;
    this.progress = { done: 0, total: 1, label: 'loading the models' };
    try {
      const out = await channel.run('eval-panel/evaluate', { model, count: digits }, (p: PanelProgress) => {
        if (id === this.#runs)
          this.progress = { done: p.done, total: p.total, label: `${p.attack} at ε = ${p.epsilon}` };
      });
      if (id !== this.#runs) return;
      this.live = panelData(out.model, out.evaluation, 'live');
      this.liveSeconds = out.ms / 1000;
      this.status = `Done: ${out.count} digits in ${(out.ms / 1000).toFixed(1)} s.`;
    } catch (e) {
      if (id !== this.#runs) return;
      if (isAbortError(e)) this.status = 'Cancelled: the numbers shown are still the manifest’s.';
      else this.error = failureMessage(e, 'The evaluation');
    } finally {
      if (id === this.#runs) this.running = false;
    }
  }

  cancel(): void {
    if (!this.running) return;
    this.#channel()?.cancel();
  }

  /** `window.__evalPanel[figureId]` for tests and benchmarks; removed with the panel. */
  #exposeDebugHook(hooks: Record<string, unknown>): () => void {
    const client = this.#client;
    return registerDebugHook(hooks, '__evalPanel', this.figureId, {
      numTensors: () => client?.numTensors(),
      backend: () => client?.backend().then((b) => b.backend),
      state: () => $state.snapshot(this.state),
    });
  }
}
