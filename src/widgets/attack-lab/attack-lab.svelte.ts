// The attack lab's state and effects, apart from its markup (AttackLab.svelte) so that they can be
// tested without a browser. The state lives in the URL; every change asks the page's model worker
// for the attack (the newest request wins there); the opening state is drawn at once from the
// numbers computed at build time, and the worker's answer replaces them only if it shows otherwise.
import { decodeDigit } from '../../lib/digit-code.ts';
import type { DigitSet } from '../../lib/digit-set.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import { paramsFor } from '../../lib/attack-lab/defaults.ts';
import { outcomeOf, type PrecomputedAttack } from '../../lib/attack-lab/precomputed.ts';
import type {
  AttackName,
  AttackOutcome,
  AttackParams,
  CurvePoint,
  CurveProgress,
  CurveSpec,
} from '../../lib/attack-lab/types.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { busyJob, connectFigure, registerDebugHook, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { formatNorm, percent } from './describe.ts';
import { labSchema, prefixFor, type Focus, type LabState, type ModelName } from './lab-state.ts';
import { examples } from './static-example.json';

/** An outcome on screen: computed at build time (`build`) or by this page's model host (`live`). */
export interface Shown extends AttackOutcome {
  source: 'build' | 'live';
  /** For a build-time outcome: the live run that showed the same, once it has answered. */
  confirmedMs: number | null;
}

/** What the lab needs from the page; a test passes its own. */
export type LabEnvironment = FigureEnvironment<LabState>;

export type CurveRunner = (
  spec: CurveSpec,
  onProgress: (p: CurveProgress) => void,
  signal: AbortSignal,
) => Promise<CurvePoint[]>;

const PRECOMPUTED = examples as Partial<Record<Focus, PrecomputedAttack>>;
/** Whether two outcomes look the same in the figure: same request, labels, percentages and norms. */
export function sameDisplay(a: AttackOutcome, b: AttackOutcome): boolean {
  const keys = Object.keys(a.params) as (keyof AttackOutcome['params'])[];
  const pcts = (p: Float32Array) => Array.from(p, percent).join();
  return (
    keys.length === Object.keys(b.params).length &&
    keys.every((k) => a.params[k] === b.params[k]) &&
    a.drawn === b.drawn &&
    a.trueLabel === b.trueLabel &&
    a.clean.label === b.clean.label &&
    a.adv.label === b.adv.label &&
    pcts(a.clean.probs) === pcts(b.clean.probs) &&
    pcts(a.adv.probs) === pcts(b.adv.probs) &&
    formatNorm(a.linf) === formatNorm(b.linf) &&
    formatNorm(a.l2) === formatNorm(b.l2)
  );
}

export class AttackLabModel {
  readonly figureId: string;
  readonly focus: Focus;
  /** Models whose files were there at build time. */
  readonly models: readonly ModelName[];
  readonly prefix: string;
  readonly schema: ReturnType<typeof labSchema>;

  lab: LabState = $state(defaultState(labSchema()));
  /** The reader's drawing as the URL stores it (16 grey levels), so that a shared link attacks the same. */
  drawing: Float32Array | null = $derived(this.lab.ink ? decodeDigit(this.lab.ink) : null);
  result: Shown | null = $state.raw(null);
  digits: DigitSet | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  /** The last request's failure (a broken model file, say); the lab stays usable. */
  error: string | null = $state(null);
  /** The lab cannot run at all. */
  fatal: string | null = $state(null);
  busy = $state(false);
  /** True once running in a browser: the "loading" line must not appear in the no-JavaScript HTML. */
  hydrated = $state(false);
  /**
   * Whether the curves panel is mounted: open at the start (the robust lab) or once the reader opens it.
   * Closed, it is not built at all, which kept the attack lab's start one long task shorter.
   */
  curvesOpened = $state(false);

  /** The digits are in and the worker has answered: the lab is ready the moment its parts mount. */
  get warm(): boolean {
    return !!this.digits && !this.busy && (this.result?.source === 'live' || this.result?.confirmedMs != null);
  }

  #client: ModelClient | null = null;

  constructor(figureId: string, focus: Focus, models: readonly ModelName[]) {
    this.figureId = figureId;
    this.focus = focus;
    this.models = models;
    this.prefix = prefixFor(figureId);
    this.schema = labSchema(focus);
    this.lab = defaultState(this.schema);
    this.curvesOpened = focus === 'robust';
  }

  /** The attack the state asks for. */
  paramsOf(s: LabState): AttackParams {
    return paramsFor({ ...s, attack: s.attack as AttackName }, s.drawn ? this.drawing : null);
  }

  /** The outcome computed at build time for this state, if it is the opening state. */
  precomputedFor(s: LabState): AttackOutcome | null {
    const stored = PRECOMPUTED[this.focus];
    const d = defaultState(this.schema);
    const opening = (Object.keys(d) as (keyof LabState)[]).every((k) => k === 'ink' || s[k] === d[k]);
    return stored && opening && this.models.includes(s.model as ModelName) ? outcomeOf(stored) : null;
  }

  /**
   * Mounts the lab: reads the URL, shows the build-time outcome if it is the opening state, starts
   * the model client and attacks on every change. Returns the cleanup (client released, hook gone).
   */
  start(env: LabEnvironment): () => void {
    const { params, client, disconnect } = connectFigure(env, this, this.prefix, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
    });
    this.#client = client;
    this.hydrated = true;
    const lab = readState(this.schema, this.prefix, params);
    // A model whose files were not there at build time cannot be chosen (nor requested).
    if (!this.models.includes(lab.model as ModelName) && this.models[0])
      lab.model = this.models.includes('cnn') ? 'cnn' : this.models[0];
    this.lab = lab;
    const built = this.precomputedFor(lab);
    if (built) this.result = { ...built, source: 'build', confirmedMs: null };

    const channel = client.channel(`${this.figureId}/attack`);
    client.digits().then(
      (d) => {
        this.lab.digit = Math.min(this.lab.digit, d.count - 1);
        this.digits = d;
      },
      (e) => {
        if (!isAbortError(e)) this.fatal = failureMessage(e, 'Loading the held-out digits');
      },
    );

    const attack = busyJob(
      this,
      'The attack',
      (s: LabState) => channel.run('attack-lab/attack', this.paramsOf(s)),
      (out) => this.#show(out),
      () => (this.result = null),
    );

    const stopEffects = $effect.root(() => {
      $effect(() => {
        const s = $state.snapshot(this.lab) as LabState;
        env.save(s.drawn ? s : { ...s, ink: '' });
        attack(s);
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      this.#client = null;
      disconnect();
    };
  }

  #show(out: AttackOutcome) {
    const shown = this.result;
    if (shown?.source === 'build' && sameDisplay(shown, out)) this.result = { ...shown, confirmedMs: out.ms };
    else this.result = { ...out, source: 'live', confirmedMs: null };
  }

  /** Runs a robustness curve in the model host; aborting the signal cancels it within one chunk. */
  runCurve: CurveRunner = (spec, onProgress, signal) => {
    if (!this.#client) return Promise.reject(new Error('the attack lab is not running'));
    const channel = this.#client.channel(`${this.figureId}/curve`);
    signal.addEventListener('abort', () => channel.cancel(), { once: true });
    return channel.run('attack-lab/curve', spec, onProgress);
  };

  /** `window.__attackLab[figureId]` for tests and benchmarks; removed with the lab. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    return registerDebugHook(hooks, '__attackLab', this.figureId, {
      backend: () => this.backend?.backend ?? null,
      numTensors: () => client.numTensors(),
      attack: (p: Partial<AttackParams>) =>
        debug.run('attack-lab/attack', { ...this.paramsOf($state.snapshot(this.lab) as LabState), ...p }),
      runCurve: this.runCurve,
      state: () => $state.snapshot(this.lab),
    });
  }
}
