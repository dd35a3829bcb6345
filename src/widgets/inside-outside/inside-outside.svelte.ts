// Figure 3.x's state and effects, apart from its markup (InsideOutside.svelte), testable without a
// browser. The two digits, t, the function and the training range live in the URL. A new pair asks the
// page's model worker for both rows of frames; a new function or range asks it for a new ensemble fit.
// Each kind of request has its own channel, where the newest request supersedes the older one.
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
import { mulberry32, randomInt } from '../../lib/rng.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import {
  busyJob,
  connectFigure,
  registerDebugHook,
  type FigureEnvironment,
  type ShowsProgress,
} from '../../runtime/figure-host.ts';
import { describeFit, describeFrame, DIGIT_COUNT, FIT_SEED, ioSchema, PREFIX, type IoState } from './io-state.ts';

/** The page the figure lives on (src/runtime/figure-page.ts gives the real one). */
export type IoEnvironment = FigureEnvironment<IoState> & { load(): IoState };

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
  /** Whether the frames are being made, and why they could not be. */
  interpJob: ShowsProgress = $state({ busy: false, error: null });
  /** Whether the networks are being fitted, and why they could not be. */
  fitJob: ShowsProgress = $state({ busy: false, error: null });
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
    const s = env.load();
    this.setPair(s.a, s.b);
    this.t = s.t;
    this.target = s.f as Target;
    this.setRange(s.lo, s.hi, 'hi');
    this.hydrated = true;
    const { client, disconnect } = connectFigure(env, this, PREFIX, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
    });
    const interpChannel = client.channel(`${this.figureId}/interpolate`);
    const fitChannel = client.channel(`${this.figureId}/fit`);
    const interpolate = busyJob(
      this.interpJob,
      'Interpolating between the digits',
      (input: InterpolateInput) => interpChannel.run('inside-outside/interpolate', input),
      (out) => (this.interp = out),
    );
    const refit = busyJob(
      this.fitJob,
      'Fitting the five networks',
      (input: FitInput) => fitChannel.run('inside-outside/fit', input),
      (out) => (this.fitted = out),
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
      interpChannel.cancel();
      fitChannel.cancel();
      disconnect();
    };
  }

  /** `window.__insideOutside[figureId]` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    return registerDebugHook(hooks, '__insideOutside', this.figureId, {
      numTensors: () => client.numTensors(),
      fit: (input: FitInput) => debug.run('inside-outside/fit', input),
    });
  }
}
