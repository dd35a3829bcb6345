// The three-kinds figure's state and effects, apart from its markup (ThreeKinds.svelte) so that they
// can be tested without a browser. The state lives in the URL; every change asks the page's model
// worker for the comparison (the newest request wins there). The opening state is drawn at once from
// the numbers computed at build time, and the worker's answer replaces them only if it shows otherwise.
import { decodeDigit } from '../../lib/digit-code.ts';
import type { DigitSet } from '../../lib/digit-set.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import { fmtDistance, fmtEps, percent, summary } from '../../lib/kinds/describe.ts';
import { restoreResult, type StoredResult } from '../../lib/kinds/precomputed.ts';
import type { KindsProgress, KindsRequest, KindsResult } from '../../lib/kinds/types.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { connectFigure, newestWins, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { PREFIX, kindsSchema, type KindsState } from './kinds-state.ts';
import example from './static-example.json';

/** A result on screen: computed at build time (`build`) or by this page's model host (`live`). */
export interface ShownKinds extends KindsResult {
  source: 'build' | 'live';
  /** For a build-time result: the time of the live run that showed the same, once it has answered. */
  confirmedMs: number | null;
}

export type KindsEnvironment = FigureEnvironment<KindsState>;

const STORED = example.byModel as unknown as Record<string, StoredResult>;

/** What the figure prints of a result: if two results print the same, the figure shows the same. */
export function printed(r: KindsResult): string {
  const ex = [r.negative, r.hardNegative, r.adversarial].map((e) =>
    [
      e.index,
      e.answer.label,
      percent(e.answer.confidence),
      fmtDistance(e.pixelL2),
      fmtDistance(e.featureL2),
      fmtEps(e.pixelLinf),
    ].join(' '),
  );
  const s = r.search;
  return [
    r.model,
    r.digit,
    r.originalClass,
    r.originalAnswer.label,
    percent(r.originalAnswer.confidence),
    r.target,
    ...ex,
    s.found,
    s.eps === null ? '' : fmtEps(s.eps),
    fmtEps(s.lo),
    s.hi === null ? '' : fmtEps(s.hi),
    s.probes.map((p) => `${fmtEps(p.eps)}${p.flipped ? '+' : '-'}`).join(),
  ].join('|');
}

export class ThreeKindsModel {
  readonly figureId: string;

  s: KindsState = $state(defaultState(kindsSchema));
  /** The reader's drawing as the URL stores it (16 grey levels), so that a shared link shows the same. */
  drawing: Float32Array | null = $derived(this.s.ink ? decodeDigit(this.s.ink) : null);
  digits: DigitSet | null = $state.raw(null);
  result: ShownKinds | null = $state.raw(null);
  /** The running request's progress (its bisection bracket), null when none runs. */
  progress: KindsProgress | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  /** The last request's failure (a broken model file, say); the figure stays usable. */
  error: string | null = $state(null);
  /** The figure cannot run at all. */
  fatal: string | null = $state(null);
  /** True once running in a browser: the "loading" line must not appear in the no-JavaScript HTML. */
  hydrated = $state(false);

  sentence = $derived(this.result ? summary(this.result) : '');

  constructor(figureId: string) {
    this.figureId = figureId;
  }

  /** The request a state makes (a drawing only once there is one). */
  requestFor(s: KindsState): KindsRequest {
    return { model: s.model, digit: s.digit, seed: s.seed, drawn: s.drawn ? this.drawing : null };
  }

  /** The build-time result of the opening state, its real digits drawn from the shipped set. */
  precomputedFor(s: KindsState, digits: DigitSet): KindsResult | null {
    const d = defaultState(kindsSchema);
    const opening = s.digit === d.digit && s.seed === d.seed && !s.drawn;
    const stored = STORED[s.model];
    return opening && stored ? restoreResult(stored, digits) : null;
  }

  start(env: KindsEnvironment): () => void {
    // Each model's feature space is this figure's: freed with it.
    const { params, client, disconnect } = connectFigure(env, this, PREFIX, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
      shared: ['three-kinds/'],
    });
    this.hydrated = true;
    this.s = readState(kindsSchema, PREFIX, params);
    const channel = client.channel(`${this.figureId}/compare`);

    client.digits().then(
      (d) => {
        this.s.digit = Math.min(this.s.digit, d.count - 1);
        const built = this.precomputedFor($state.snapshot(this.s) as KindsState, d);
        if (built && !this.result) this.result = { ...built, source: 'build', confirmedMs: null };
        this.digits = d;
      },
      (e) => {
        if (!isAbortError(e)) this.fatal = failureMessage(e, 'Loading the held-out digits');
      },
    );

    const compare = newestWins(
      (s: KindsState, isCurrent) => {
        this.progress = { stage: 'starting' };
        return channel.run('three-kinds/compare', this.requestFor(s), (p) => {
          if (isCurrent()) this.progress = p;
        });
      },
      {
        done: (out) => {
          this.progress = null;
          this.error = null;
          const shown = this.result;
          this.result =
            shown?.source === 'build' && printed(shown) === printed(out)
              ? { ...shown, confirmedMs: out.ms }
              : { ...out, source: 'live', confirmedMs: null };
        },
        failed: (e) => {
          this.progress = null;
          this.result = null;
          this.error = failureMessage(e, 'The comparison');
        },
      },
    );

    const stopEffects = $effect.root(() => {
      $effect(() => {
        const s = $state.snapshot(this.s) as KindsState;
        void this.drawing;
        env.save(s.drawn ? s : { ...s, ink: '' });
        compare(s);
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      disconnect();
    };
  }

  /** `window.__threeKinds` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    hooks.__threeKinds = {
      backend: () => this.backend?.backend ?? null,
      numTensors: () => client.numTensors(),
      compare: (r: Partial<KindsRequest>) =>
        debug.run('three-kinds/compare', { ...this.requestFor($state.snapshot(this.s) as KindsState), ...r }),
      state: () => $state.snapshot(this.s),
    };
    return () => void delete hooks.__threeKinds;
  }
}
