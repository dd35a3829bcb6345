// The pixel-vs-feature figure's state and effects, apart from its markup (PixelFeature.svelte) so that
// they can be tested without a browser. The state lives in the URL. The page's model worker prepares
// the figure's session once (features, all pairs, maps), analyses every change and runs the
// nearest-neighbour experiment once a new transform has stayed put for a moment (the newest request
// wins on each channel).
// The opening state is drawn at once from the numbers computed at build time; the worker's answers
// replace them only if they show otherwise.
import { untrack } from 'svelte';
import { decodeDigit } from '../../lib/digit-code.ts';
import { digitPixels, type DigitSet } from '../../lib/digit-set.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import type { Analysis, NnResult, Prepared, Progress } from '../../lib/pixel-feature/jobs.ts';
import { IDENTITY, transformDigit, transformKey, type Transform } from '../../lib/pixel-feature/transforms.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { connectFigure, newestWins, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { distancesSentence, fmtDistance, fmtPercentile, nnSentence, percent } from './describe.ts';
import example from './static-example.json';
import { PREFIX, pfSchema, transformFields, transformOf, type PfState } from './state.ts';

export interface ShownAnalysis extends Analysis {
  source: 'build' | 'live';
  confirmedMs: number | null;
}

export interface ShownNn extends NnResult {
  source: 'build' | 'live';
  /** The transform it was measured under. */
  key: string;
}

export interface PfEnvironment extends FigureEnvironment<PfState> {
  /** Timers for the spoken summary (the page's; a test passes its own). */
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long the transform stays put before the nearest-neighbour run starts. */
const NN_PAUSE_MS = 150;

/** The opening transform: the static example's. */
const OPENING: Transform = { ...IDENTITY, ...example.transform };

const pairWords = (d: Analysis['copyDistances']) =>
  [
    fmtDistance(d.pixel),
    fmtDistance(d.feature),
    fmtPercentile(d.pixelPercentile),
    fmtPercentile(d.featurePercentile),
  ].join();
const predictionWords = (a: Analysis) =>
  [a.predictions.anchor, a.predictions.copy, a.predictions.lookalike]
    .map((p) => `${p.label}:${percent(p.confidence)}`)
    .join();

/** Whether two analyses look the same in the figure: digits, predictions, distances and percentiles as printed. */
export function sameAnalysis(a: Analysis, b: Analysis): boolean {
  return (
    a.anchorIndex === b.anchorIndex &&
    a.lookalikeIndex === b.lookalikeIndex &&
    predictionWords(a) === predictionWords(b) &&
    pairWords(a.copyDistances) === pairWords(b.copyDistances) &&
    pairWords(a.lookalikeDistances) === pairWords(b.lookalikeDistances)
  );
}

const sameNn = (a: NnResult, b: NnResult) =>
  percent(a.pixel) === percent(b.pixel) && percent(a.feature) === percent(b.feature);

export class PixelFeatureModel {
  readonly figureId: string;

  s: PfState = $state(defaultState(pfSchema));
  /** The copy's transform, as the state gives it. */
  transform: Transform = $derived(transformOf(this.s));
  /** The reader's drawing, as the URL stores it (16 grey levels), so that a shared link shows the same. */
  drawing: Float32Array | null = $derived(this.s.ink ? decodeDigit(this.s.ink) : null);
  digits: DigitSet | null = $state.raw(null);
  prepared: Prepared | null = $state.raw(null);
  progress: Progress = $state({ stage: 'waiting', fraction: 0 });
  analysis: ShownAnalysis | null = $state.raw(null);
  nn: ShownNn | null = $state.raw(null);
  /** Fraction of the nearest-neighbour run done, while one runs. */
  nnProgress: number | null = $state(null);
  /** The accuracies with the digits unchanged, for comparison. */
  baseline: ShownNn | null = $state.raw(null);
  /** The baseline has been measured here too (and replaced the build's if it differed). */
  baselineChecked = $state(false);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  /** Words for screen readers, set once the reader pauses. */
  announce = $state('');
  error: string | null = $state(null);
  fatal: string | null = $state(null);
  hydrated = $state(false);

  sentence = $derived.by(() => {
    const a = this.analysis;
    if (!a || !this.digits) return '';
    return distancesSentence({
      transform: transformOf(this.s),
      anchorName: a.anchorIndex === null ? 'your drawing' : `no. ${a.anchorIndex} (a ${a.anchorClass})`,
      copy: a.copyDistances,
      lookalike: a.lookalikeDistances,
      lookalikeClass: this.digits.labels[a.lookalikeIndex] ?? 0,
      predictions: {
        anchor: a.predictions.anchor.label,
        copy: a.predictions.copy.label,
        lookalike: a.predictions.lookalike.label,
      },
    });
  });

  /** Gives the copy one of the comparison's transforms (keeping the anchor). */
  applyTransform(t: Transform): void {
    Object.assign(this.s, transformFields(t));
  }

  constructor(figureId: string) {
    this.figureId = figureId;
  }

  /** The state's anchor is the reader's drawing (once there is one). */
  #drawnAnchor(s: PfState): Float32Array | null {
    return s.drawn && this.drawing ? this.drawing : null;
  }

  /** The build-time analysis of the opening state, its images drawn from the digits. */
  #precomputed(s: PfState, digits: DigitSet): Analysis | null {
    const d = defaultState(pfSchema);
    const opening = (Object.keys(d) as (keyof PfState)[]).every((k) => k === 'ink' || k === 'seed' || s[k] === d[k]);
    if (!opening || s.a >= digits.count) return null;
    const anchor = Float32Array.from(digitPixels(digits, example.anchor.index));
    const pred = (p: { prediction: number; confidence: number }) => ({ label: p.prediction, confidence: p.confidence });
    return {
      anchorIndex: example.anchor.index,
      anchorClass: example.anchor.label,
      anchor,
      copy: transformDigit(anchor, OPENING),
      lookalikeIndex: example.lookalike.index,
      lookalike: Float32Array.from(digitPixels(digits, example.lookalike.index)),
      predictions: { anchor: pred(example.anchor), copy: pred(example.copy), lookalike: pred(example.lookalike) },
      copyDistances: example.distances.copy,
      lookalikeDistances: example.distances.lookalike,
      points: example.points as Analysis['points'],
      ms: Number.NaN,
    };
  }

  start(env: PfEnvironment): () => void {
    // The session (network, reference tensors) is this figure's: freed with it.
    const { params, client, disconnect } = connectFigure(env, this, PREFIX, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
      shared: ['pixel-feature/'],
    });
    this.hydrated = true;
    this.s = readState(pfSchema, PREFIX, params);
    const channels = {
      prepare: client.channel(`${this.figureId}/prepare`),
      analyse: client.channel(`${this.figureId}/analyse`),
      nn: client.channel(`${this.figureId}/nn`),
      baseline: client.channel(`${this.figureId}/baseline`),
    };
    const nn = example.nearestNeighbour;
    // The accuracies on unchanged digits do not depend on the state: the build's are shown at once.
    this.baseline = {
      ...nn.unchanged,
      queries: nn.queries,
      references: nn.references,
      ms: Number.NaN,
      source: 'build',
      key: transformKey(IDENTITY),
    };
    if (transformKey(transformOf(this.s)) === transformKey(OPENING))
      this.nn = {
        ...nn.transformed,
        queries: nn.queries,
        references: nn.references,
        ms: Number.NaN,
        source: 'build',
        key: transformKey(OPENING),
      };

    client.digits().then(
      (d) => {
        this.s.a = Math.min(this.s.a, d.count - 1);
        const built = this.#precomputed($state.snapshot(this.s) as PfState, d);
        if (built && !this.analysis) this.analysis = { ...built, source: 'build', confirmedMs: null };
        this.digits = d;
      },
      (e) => {
        if (!isAbortError(e)) this.fatal = failureMessage(e, 'Loading the held-out digits');
      },
    );
    channels.prepare
      .run('pixel-feature/prepare', {}, (p) => (this.progress = p))
      .then(
        (p) => {
          this.prepared = p;
          this.progress = { stage: 'ready', fraction: 1 };
          // The baseline, measured here once the first run has had its turn, replaces the build's if it differs.
          channels.baseline.run('pixel-feature/nearest-neighbours', IDENTITY).then(
            (r) => {
              if (!this.baseline || !sameNn(this.baseline, r))
                this.baseline = { ...r, source: 'live', key: transformKey(IDENTITY) };
              this.baselineChecked = true;
            },
            () => {},
          );
        },
        (e) => {
          if (!isAbortError(e)) this.fatal = failureMessage(e, 'Preparing the figure');
        },
      );

    const analyse = newestWins(
      (s: PfState) =>
        channels.analyse.run('pixel-feature/analyse', {
          drawn: this.#drawnAnchor(s),
          anchorIndex: s.a,
          transform: transformOf(s),
        }),
      {
        done: (out) => {
          this.error = null;
          const shown = this.analysis;
          this.analysis =
            shown?.source === 'build' && sameAnalysis(shown, out)
              ? { ...shown, confirmedMs: out.ms }
              : { ...out, source: 'live', confirmedMs: null };
          scheduleAnnouncement();
        },
        failed: (e) => (this.error = failureMessage(e, 'The analysis')),
      },
    );

    let nnFor = '';
    let nnTimer: unknown;
    /** The transform waiting for its run. */
    let nnPending = '';
    // The run classifies hundreds of digits: it starts once the transform has stayed put for a moment,
    // not at every step of a drag (each run's progress would redraw the page while the reader drags).
    // Other changes (the anchor, a stroke) leave a waiting run's timer as it is.
    const measureNnOnPause = (t: Transform) => {
      const key = transformKey(t);
      if (key === nnPending) return;
      env.clearTimeout(nnTimer);
      nnPending = '';
      if (key === nnFor) return;
      if (this.nn?.key !== key) this.nn = null;
      if (nnFor) {
        nnFor = '';
        this.nnProgress = null;
        channels.nn.cancel();
      }
      nnPending = key;
      nnTimer = env.setTimeout(() => {
        nnPending = '';
        measureNn(t);
      }, NN_PAUSE_MS);
    };
    const measureNn = (t: Transform) => {
      const key = transformKey(t);
      nnFor = key;
      this.nnProgress = 0;
      let settled = false;
      channels.nn
        .run('pixel-feature/nearest-neighbours', t, (f) => {
          if (nnFor === key && !settled) this.nnProgress = f;
        })
        .finally(() => (settled = true))
        .then(
          (r) => {
            if (nnFor !== key) return;
            this.nnProgress = null;
            const now = this.nn;
            if (!now || now.key !== key || !sameNn(now, r)) this.nn = { ...r, source: 'live', key };
            scheduleAnnouncement();
          },
          (e) => {
            if (isAbortError(e) || nnFor !== key) return;
            this.nnProgress = null;
            nnFor = '';
            this.error = failureMessage(e, 'The nearest-neighbour run');
          },
        );
    };

    let announceTimer: unknown;
    const scheduleAnnouncement = () => {
      env.clearTimeout(announceTimer);
      announceTimer = env.setTimeout(() => {
        const t = transformOf(this.s);
        const n = this.nn && this.nn.key === transformKey(t) ? this.nn : null;
        this.announce = [this.sentence, n ? nnSentence(t, n.pixel, n.feature, n.queries) : '']
          .filter(Boolean)
          .join(' ');
      }, 500);
    };

    const stopEffects = $effect.root(() => {
      $effect(() => {
        const s = $state.snapshot(this.s) as PfState;
        void this.drawing;
        env.save(s.drawn ? s : { ...s, ink: '' });
        analyse(s);
        // Not a dependency: the accuracies it clears, and their arrival, must not run this effect again.
        untrack(() => measureNnOnPause(transformOf(s)));
      });
    });
    return () => {
      stopEffects();
      env.clearTimeout(announceTimer);
      env.clearTimeout(nnTimer);
      for (const c of Object.values(channels)) c.cancel();
      disconnect();
    };
  }

  /** `window.__pixelFeature` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    const state = () => $state.snapshot(this.s) as PfState;
    hooks.__pixelFeature = {
      backend: () => this.backend?.backend ?? null,
      numTensors: () => client.numTensors(),
      timings: () => this.prepared?.timings ?? null,
      analyse: (t: Partial<Transform>) =>
        debug.run('pixel-feature/analyse', {
          drawn: null,
          anchorIndex: state().a,
          transform: { ...transformOf(state()), ...t },
        }),
      nnAccuracy: (t: Partial<Transform>) =>
        debug.run('pixel-feature/nearest-neighbours', { ...transformOf(state()), ...t }),
      state,
    };
    return () => void delete hooks.__pixelFeature;
  }
}
