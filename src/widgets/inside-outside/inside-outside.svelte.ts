// Figure 3.x's state and effects, apart from its markup (InsideOutside.svelte), testable without a
// browser. The two digits, t, the function and the training range live in the URL. A new pair asks the
// page's model worker for both rows of frames; a new function or range asks it for a new ensemble fit.
// Each kind of request has its own channel, where the newest request supersedes the older one.
import { asBackendName, type BackendName } from '../../lib/backends.ts';
import {
  clampRange,
  MIN_WIDTH,
  summarise,
  type FitInput,
  type FitOutput,
  type FitSummary,
  type Target,
} from '../../lib/interp/ensemble.ts';
import { frameAt, FRAMES, mean } from '../../lib/interp/frames.ts';
import type { InterpolateInput, InterpolateOutput } from '../../lib/interp/jobs.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import { mulberry32, randomInt } from '../../lib/rng.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { reportBackend } from '../../runtime/model-worker/report-backend.ts';
import { describeFit, describeFrame, DIGIT_COUNT, FIT_SEED, ioSchema, PREFIX, type IoState } from './io-state.ts';

export interface IoEnvironment {
  search: string;
  load(): IoState;
  save(state: IoState): void;
  connect(backend: BackendName | null): ModelClient;
  hooks: Record<string, unknown>;
}

/**
 * Sends each request on and shows only the newest one's answer or failure (an older answer that
 * arrives late, or a superseded request's AbortError, is dropped).
 */
function newestOnly<I, O>(
  run: (input: I) => Promise<O>,
  what: string,
  show: { busy(b: boolean): void; done(out: O): void; failed(message: string): void },
): (input: I) => void {
  let requests = 0;
  return (input) => {
    const id = ++requests;
    show.busy(true);
    run(input).then(
      (out) => {
        if (id !== requests) return;
        show.busy(false);
        show.done(out);
      },
      (e) => {
        if (isAbortError(e) || id !== requests) return;
        show.busy(false);
        show.failed(failureMessage(e, what));
      },
    );
  };
}

const clampDigit = (i: number) => Math.min(DIGIT_COUNT - 1, Math.max(0, Math.round(i) || 0));

export class InsideOutsideModel {
  readonly figureId: string;
  a: number = $state(ioSchema.a.default);
  b: number = $state(ioSchema.b.default);
  t: number = $state(ioSchema.t.default);
  target: Target = $state(ioSchema.f.default);
  lo: number = $state(ioSchema.lo.default);
  hi: number = $state(ioSchema.hi.default);
  interp: InterpolateOutput | null = $state.raw(null);
  fitted: FitOutput | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  interpError: string | null = $state(null);
  fitError: string | null = $state(null);
  interpBusy = $state(false);
  fitBusy = $state(false);
  hydrated = $state(false);
  #pairs = 0;

  constructor(figureId: string) {
    this.figureId = figureId;
  }

  /** The highlighted frame. */
  get frame(): number {
    return frameAt(this.t);
  }

  get summary(): FitSummary | null {
    return this.fitted ? summarise(this.fitted) : null;
  }

  /** Each row's mean distance to the nearest real digit over its frames. */
  get means(): { fade: number; latent: number } | null {
    return this.interp ? { fade: mean(this.interp.fade.nearest), latent: mean(this.interp.latent.nearest) } : null;
  }

  get frameSentence(): string {
    const r = this.interp;
    const m = this.means;
    if (!r || !m) return '';
    const f = this.frame;
    const reading = (row: InterpolateOutput['fade']) => ({
      label: row.answers[f]?.label ?? -1,
      confidence: row.answers[f]?.confidence ?? 0,
      nearest: row.nearest[f] ?? NaN,
    });
    return describeFrame(f, FRAMES, r.times[f] ?? this.t, reading(r.fade), reading(r.latent), m);
  }

  get fitSentence(): string {
    const s = this.summary;
    const r = this.fitted;
    return s && r ? describeFit(r.lo, r.hi, s.spread, s.error) : '';
  }

  setPair(a: number, b: number): void {
    this.a = clampDigit(a);
    this.b = clampDigit(b);
  }

  swap(): void {
    this.setPair(this.b, this.a);
  }

  /** Two different digits, drawn from a generator seeded by how many pairs were drawn before. */
  randomPair(): void {
    const rng = mulberry32(0x5eed + ++this.#pairs * 7919);
    const a = randomInt(rng, DIGIT_COUNT);
    const b = (a + 1 + randomInt(rng, DIGIT_COUNT - 1)) % DIGIT_COUNT;
    this.setPair(a, b);
  }

  /** Moves one end of the training range, pushing the other to keep it at least MIN_WIDTH wide. */
  setRange(lo: number, hi: number, moved: 'lo' | 'hi' = 'lo'): void {
    const round = (v: number) => Math.round(v * 10) / 10;
    const [l, h] =
      moved === 'lo' ? clampRange(lo, Math.max(hi, lo + MIN_WIDTH)) : clampRange(Math.min(lo, hi - MIN_WIDTH), hi);
    this.lo = round(l);
    this.hi = round(h);
  }

  start(env: IoEnvironment): () => void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once on mount, never reactive
    const params = new URLSearchParams(env.search);
    const s = env.load();
    this.setPair(s.a, s.b);
    this.t = s.t;
    this.target = s.f as Target;
    this.setRange(s.lo, s.hi, 'hi');
    this.hydrated = true;
    const client = env.connect(asBackendName(params.get(`${PREFIX}.backend`)));
    const interpChannel = client.channel(`${this.figureId}/interpolate`);
    const fitChannel = client.channel(`${this.figureId}/fit`);
    reportBackend(client, this);
    const removeHook = params.has(`${PREFIX}.debug`) ? this.#exposeDebugHook(env.hooks, client) : () => {};
    const interpolate = newestOnly(
      (input: InterpolateInput) => interpChannel.run('inside-outside/interpolate', input),
      'Interpolating between the digits',
      {
        busy: (b) => (this.interpBusy = b),
        done: (out) => ((this.interpError = null), (this.interp = out)),
        failed: (message) => (this.interpError = message),
      },
    );
    const refit = newestOnly(
      (input: FitInput) => fitChannel.run('inside-outside/fit', input),
      'Fitting the five networks',
      {
        busy: (b) => (this.fitBusy = b),
        done: (out) => ((this.fitError = null), (this.fitted = out)),
        failed: (message) => (this.fitError = message),
      },
    );
    const stopEffects = $effect.root(() => {
      $effect(() => {
        env.save({ a: this.a, b: this.b, t: this.t, f: this.target, lo: this.lo, hi: this.hi });
      });
      $effect(() => interpolate({ a: this.a, b: this.b }));
      $effect(() => refit({ target: this.target, lo: this.lo, hi: this.hi, seed: FIT_SEED }));
    });
    return () => {
      stopEffects();
      removeHook();
      interpChannel.cancel();
      fitChannel.cancel();
      void client.release(`${this.figureId}/`).catch(() => {});
      client.close();
    };
  }

  /** `window.__insideOutside[figureId]` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const all = (hooks.__insideOutside ??= {}) as Record<string, unknown>;
    const debug = client.channel(`${this.figureId}/debug`);
    all[this.figureId] = {
      numTensors: () => client.numTensors(),
      fit: (input: FitInput) => debug.run('inside-outside/fit', input),
    };
    return () => {
      delete all[this.figureId];
      if (!Object.keys(all).length) delete hooks.__insideOutside;
    };
  }
}
