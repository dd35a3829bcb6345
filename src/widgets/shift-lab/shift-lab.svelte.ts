// The shift lab's state and effects, apart from its markup (ShiftLab.svelte) so that they can be
// tested without a browser. The state lives in the URL; every change asks the page's model worker to
// re-score the 800 held-out digits (the newest request wins there), and the whole curve of the chosen
// shift and model is measured there in the background. The curves computed at build time are drawn at
// once, as is the opening state's score; the worker's answers replace them only if they show otherwise.
import type { DigitSet } from '../../lib/digit-set.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import type { ModelName } from '../../lib/model-names.ts';
import { CURVE_LEVELS, shiftSentence, type ShiftKind } from '../../lib/shift.ts';
import type { SampleAnswer, ShiftCurvePoint, ShiftOutcome } from '../../lib/shift-lab/jobs.ts';
import { longestForms } from '../../lib/steady-text.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { busyJob, connectFigure, registerDebugHook, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { shiftPrefixFor, shiftSchema, type ShiftState } from './shift-state.ts';
import { curves as BUILT_CURVES, opening as BUILT_OPENING } from './static-curves.json';

export interface Shown extends ShiftOutcome {
  source: 'build' | 'live';
  /** For a build-time outcome: the live run that showed the same, once it has answered. */
  confirmedMs: number | null;
}

export interface CurveShown {
  model: string;
  kind: ShiftKind;
  points: ShiftCurvePoint[];
  source: 'build' | 'live';
  /** The live run has answered (and, for a build-time curve, agreed). */
  checked: boolean;
}

/** What the lab needs from the page; a test passes its own. */
export type ShiftEnvironment = FigureEnvironment<ShiftState>;

const pct1 = (v: number) => (v * 100).toFixed(1);
const scoreWords = (s: ShiftCurvePoint | ShiftOutcome['score']) =>
  [s.accuracy, s.confidence, s.confidentMistakes].map(pct1).join();
const sampleWords = (samples: readonly SampleAnswer[]) =>
  samples.map((s) => `${s.index}:${s.predicted}:${Math.round(s.confidence * 100)}`).join();

/** Whether two outcomes look the same in the figure: same request, sentence, percentages and samples. */
export function sameOutcome(a: ShiftOutcome, b: ShiftOutcome): boolean {
  return (
    a.model === b.model &&
    a.kind === b.kind &&
    a.level === b.level &&
    shiftSentence(a.kind, a.level, a.model, a.score) === shiftSentence(b.kind, b.level, b.model, b.score) &&
    scoreWords(a.score) === scoreWords(b.score) &&
    sampleWords(a.samples) === sampleWords(b.samples)
  );
}

/** Whether two curves draw the same: every point's three measures to a tenth of a percent. */
export const sameCurve = (a: readonly ShiftCurvePoint[], b: readonly ShiftCurvePoint[]) =>
  a.length === b.length && a.every((p, i) => p.level === b[i]!.level && scoreWords(p) === scoreWords(b[i]!));

const builtCurves = BUILT_CURVES as Partial<Record<string, Partial<Record<ShiftKind, ShiftCurvePoint[]>>>>;

export class ShiftLabModel {
  readonly figureId: string;
  readonly models: readonly ModelName[];
  readonly prefix: string;

  shift: ShiftState = $state(defaultState(shiftSchema));
  result: Shown | null = $state.raw(null);
  curve: CurveShown | null = $state.raw(null);
  /** Severities of the live curve measured so far. */
  curveDone = $state(0);
  digits: DigitSet | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  error: string | null = $state(null);
  fatal: string | null = $state(null);
  busy = $state(false);
  hydrated = $state(false);

  #curveFor = '';

  constructor(figureId: string, models: readonly ModelName[]) {
    this.figureId = figureId;
    this.models = models;
    this.prefix = shiftPrefixFor(figureId);
  }

  /** The build-time outcome of a state, if it is the opening state. */
  precomputedFor(s: ShiftState): ShiftOutcome | null {
    const o = BUILT_OPENING as { model: string; kind: ShiftKind; level: number; samples: SampleAnswer[] } | null;
    const point = o && builtCurves[o.model]?.[o.kind]?.find((p) => p.level === o.level);
    if (!o || !point || s.model !== o.model || s.kind !== o.kind || s.level !== o.level) return null;
    const { level: _, ...score } = point;
    return { model: o.model, kind: o.kind, level: o.level, score, samples: o.samples, ms: Number.NaN };
  }

  start(env: ShiftEnvironment): () => void {
    const { params, client, disconnect } = connectFigure(env, this, this.prefix, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
    });
    this.hydrated = true;
    const shift = readState(shiftSchema, this.prefix, params);
    if (!this.models.includes(shift.model as ModelName) && this.models[0])
      shift.model = this.models.includes('cnn') ? 'cnn' : this.models[0];
    this.shift = shift;
    const built = this.precomputedFor(shift);
    if (built) this.result = { ...built, source: 'build', confirmedMs: null };

    const channel = client.channel(`${this.figureId}/evaluate`);
    const curveChannel = client.channel(`${this.figureId}/curve`);
    client.digits().then(
      (d) => (this.digits = d),
      (e) => {
        if (!isAbortError(e)) this.fatal = failureMessage(e, 'Loading the held-out digits');
      },
    );

    const evaluate = busyJob(
      this,
      'Scoring the shifted digits',
      (s: ShiftState) => {
        const request = { model: s.model, kind: s.kind as ShiftKind, level: s.level };
        this.#showCurve(request.model, request.kind, curveChannel);
        return channel.run('shift-lab/evaluate', request);
      },
      (out) => {
        const shown = this.result;
        if (shown?.source === 'build' && sameOutcome(shown, out)) this.result = { ...shown, confirmedMs: out.ms };
        else this.result = { ...out, source: 'live', confirmedMs: null };
      },
      () => (this.result = null),
    );
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const s = $state.snapshot(this.shift) as ShiftState;
        env.save(s);
        evaluate(s);
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      curveChannel.cancel();
      disconnect();
    };
  }

  /**
   * The curve of a shift and model: the build's at once if there is one, and measured live once per
   * pair (a new pair supersedes the run); the live curve replaces the build's only if it draws otherwise.
   */
  #showCurve(model: string, kind: ShiftKind, channel: ReturnType<ModelClient['channel']>) {
    const key = `${model}/${kind}`;
    if (key === this.#curveFor) return;
    this.#curveFor = key;
    const built = builtCurves[model]?.[kind];
    this.curve = built ? { model, kind, points: built, source: 'build', checked: false } : null;
    this.curveDone = 0;
    channel
      .run('shift-lab/curve', { model, kind }, (p) => {
        if (this.#curveFor === key) this.curveDone = p.done;
      })
      .then(
        (points) => {
          if (this.#curveFor !== key) return;
          const shown = this.curve;
          this.curve =
            shown && shown.source === 'build' && sameCurve(shown.points, points)
              ? { ...shown, checked: true }
              : { model, kind, points, source: 'live', checked: true };
        },
        (e) => {
          // A broken model: the score line already says so; the next change of pair tries again.
          if (!isAbortError(e) && this.#curveFor === key) this.#curveFor = '';
        },
      );
  }

  /** How far the curve is, in words, for the line under the chart. */
  get curveStatus(): string {
    const c = this.curve;
    return curveStatusText(
      this.digits?.count ?? 800,
      !c ? 'measuring' : c.source === 'live' ? 'live' : c.checked ? 'checked' : 'checking',
      this.curveDone,
    );
  }

  /** The line under the samples for the result shown. */
  get resultLine(): string {
    const r = this.result;
    return resultNote(r?.source, r?.source === 'build' ? r.confirmedMs : (r?.ms ?? null));
  }

  /** Room for the curve's line (its longest forms for these digits): a check ending moves nothing below it. */
  get curveStatusRoom(): string[] {
    return curveStatusRoom(this.digits?.count ?? 800);
  }

  /** `window.__shiftLab[figureId]` for tests and benchmarks; removed with the lab. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    return registerDebugHook(hooks, '__shiftLab', this.figureId, {
      numTensors: () => client.numTensors(),
      backend: () => this.backend?.backend ?? null,
      evaluate: (model: string, kind: ShiftKind, level: number) =>
        debug.run('shift-lab/evaluate', { model, kind, level }),
    });
  }
}

const CURVE_STAGES = ['measuring', 'live', 'checking', 'checked'] as const;

export function curveStatusText(n: number, stage: (typeof CURVE_STAGES)[number], done: number): string {
  const size = `${CURVE_LEVELS.length} severities × ${n} digits`;
  const of = `${done} of ${CURVE_LEVELS.length}`;
  if (stage === 'measuring') return `Measuring the curve in your browser: ${of} severities…`;
  if (stage === 'live') return `Curve: ${size}, measured in your browser.`;
  return stage === 'checked'
    ? `Curve: ${size}, measured when the site was built and again, the same, in your browser.`
    : `Curve: ${size}, measured when the site was built; checking it in your browser (${of})…`;
}

export const curveStatusRoom = (n: number): string[] =>
  longestForms(CURVE_STAGES.map((stage) => curveStatusText(n, stage, CURVE_LEVELS.length)));

/** The line under the samples: where the shown result was computed, and in how long. */
export function resultNote(source: 'build' | 'live' | undefined, ms: number | null): string {
  const mark = "A ✓ or ✗ marks whether the model's answer (with its confidence) is right.";
  if (source === 'build')
    return `${mark} Computed when the site was built${ms === null ? '' : `, and the same here in ${ms.toFixed(0)} ms`}.`;
  return `${mark} Computed here${ms === null ? '' : ` in ${ms.toFixed(0)} ms`}.`;
}

/** Room for the note: its longest forms, with times of up to five digits (a slow phone takes seconds). */
export const RESULT_NOTE_ROOM = longestForms([resultNote('build', 99999), resultNote('live', 99999)]);
