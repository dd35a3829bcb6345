// The "Where the points are" figure's state and effects, apart from its markup (WherePoints.svelte), so
// that they can be tested without a browser. The state lives in the URL. The opening state is drawn
// at once from the numbers computed at build time (static-data.json); anything else is asked of the
// page's model worker, on one channel per panel (the newest request wins there): a distance sample
// for another dimension or seed, the grid's answers for another model, each further batch of 1,000
// noise images. The main thread only draws.
import { untrack } from 'svelte';
import type { DigitSet } from '../../lib/digit-set.ts';
import type { DistanceHistogram, Grid, ModelTally, NoiseBatch } from '../../lib/geo/jobs.ts';
import { GEO_DEFAULTS } from '../../lib/geo/defaults.ts';
import { GRID_SIZE, noiseImages } from '../../lib/geo/noise.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import { defaultState, readState } from '../../lib/url-state.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { connectFigure, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { showInTurns } from '../../runtime/yield-task.ts';
import { distanceSentence, noiseSentence, shellSentence } from './describe.ts';
import built from './static-data.json';
import { PREFIX, geoSchema, type GeoState } from './state.ts';

export type Space = number | 'digits';

/** The figure's panels (WherePoints.svelte shows itself once all are mounted). */
export const PANELS = 3;

/** The page the figure lives on (src/runtime/figure-page.ts gives the real one). */
export type GeoEnvironment = FigureEnvironment<GeoState>;

/** Noise images counted so far, per model, over batches 1…n. */
export interface NoiseTotals {
  count: number;
  batches: number;
  tallies: (Pick<ModelTally, 'model' | 'confident' | 'classes'> & { share: number })[];
  nearestMin: number;
}

const builtHistograms = built.histograms as unknown as Record<string, DistanceHistogram>;
/** The models the build measured (and whose files were there). */
export const NOISE_MODELS: readonly string[] = built.models;

const batchOne: NoiseBatch = {
  seed: built.seed,
  batch: 1,
  count: built.noise.first.count,
  tallies: Object.entries(built.noise.first.tallies).map(([model, t]) => ({ model, ...t })),
  nearest: built.noise.first.nearest,
  ms: Number.NaN,
};

/** Sums batches 1…n (those measured so far) into one tally per model. */
export function totals(batches: readonly NoiseBatch[]): NoiseTotals | null {
  if (batches.length === 0) return null;
  const count = batches.reduce((s, b) => s + b.count, 0);
  const models = batches[0]!.tallies.map((t) => t.model);
  return {
    count,
    batches: batches.length,
    tallies: models.map((model) => {
      const classes = new Array<number>(10).fill(0);
      let confident = 0;
      for (const b of batches) {
        const t = b.tallies.find((x) => x.model === model);
        if (!t) continue;
        confident += t.confident;
        t.classes.forEach((c, k) => (classes[k]! += c));
      }
      return { model, confident, classes, share: confident / count };
    }),
    nearestMin: Math.min(...batches.map((b) => b.nearest.min)),
  };
}

const histKey = (space: Space, seed: number) => `${space}:${seed}`;

export class WherePointsModel {
  readonly figureId: string;

  s: GeoState = $state(defaultState(geoSchema));
  digits: DigitSet | null = $state.raw(null);
  /** Distance samples measured so far (the build's, then the worker's), by space and seed. */
  histograms: Readonly<Record<string, DistanceHistogram>> = $state.raw({});
  distanceProgress: number | null = $state(null);
  /** Noise batches measured so far for the current seed, batch 1 first. */
  batches: NoiseBatch[] = $state.raw([]);
  noiseProgress: number | null = $state(null);
  grid: Grid | null = $state.raw(null);
  gridLoading = $state(false);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  error: string | null = $state(null);
  fatal: string | null = $state(null);
  hydrated = $state(false);
  /**
   * How many of the three panels are mounted: none in the task that starts the figure, then one a task
   * (at once they were one 80-90 ms task).
   */
  panels = $state(0);

  space: number = $derived(Number(this.s.d));
  uniform: DistanceHistogram | null = $derived(this.histograms[histKey(Number(this.s.d), this.s.seed)] ?? null);
  real: DistanceHistogram | null = $derived(this.histograms[histKey('digits', this.s.seed)] ?? null);
  noise: NoiseTotals | null = $derived(totals(this.batches.slice(0, this.s.n)));
  /** The grid's images: known from the seed alone, before any model has answered. */
  gridImages: Float32Array = $derived(noiseImages(this.s.seed, 1, 0, GRID_SIZE));
  shellStatus = $derived(shellSentence(this.s.eps, this.s.dim));

  constructor(figureId: string) {
    this.figureId = figureId;
    this.histograms = Object.fromEntries(
      Object.entries(builtHistograms).map(([k, h]) => [histKey(k === 'digits' ? 'digits' : Number(k), built.seed), h]),
    );
  }

  /** The grid as the build measured it, for the opening seed and model. */
  #builtGrid(seed: number, model: string): Grid | null {
    if (seed !== built.seed || model !== built.noise.grid.model) return null;
    return { seed, model, images: noiseImages(seed, 1, 0, GRID_SIZE), answers: built.noise.grid.answers };
  }

  start(env: GeoEnvironment): () => void {
    const { params, client, disconnect } = connectFigure(env, this, PREFIX, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
      shared: ['geo/'],
    });
    this.hydrated = true;
    const stopTurns = showInTurns(this.panels, PANELS, (k) => (this.panels = k));
    this.s = readState(geoSchema, PREFIX, params);
    const channel = (name: string) => client.channel(`${this.figureId}/${name}`);
    const channels = {
      uniform: channel('uniform'),
      real: channel('real'),
      noise: channel('noise'),
      grid: channel('grid'),
    };

    client.digits().then(
      (d) => (this.digits = d),
      (e) => {
        if (!isAbortError(e)) this.fatal = failureMessage(e, 'Loading the held-out digits');
      },
    );

    const fail = (what: string) => (e: unknown) => {
      if (!isAbortError(e)) this.error = failureMessage(e, what);
    };

    // The sample each channel is measuring, so that asking again for it does not restart it.
    const inFlight = { uniform: '', real: '' };
    const measure = (space: Space, seed: number) => {
      const key = histKey(space, seed);
      const lane = space === 'digits' ? 'real' : 'uniform';
      if (key in this.histograms || inFlight[lane] === key) return;
      inFlight[lane] = key;
      const ch = channels[lane];
      if (space !== 'digits') this.distanceProgress = 0;
      ch.run('geo/distances', { space, seed }, (p) => {
        if (space !== 'digits' && Number(this.s.d) === space && this.s.seed === seed) this.distanceProgress = p;
      }).then(
        (h) => {
          if (inFlight[lane] === key) inFlight[lane] = '';
          this.histograms = { ...this.histograms, [key]: h };
          if (space !== 'digits') this.distanceProgress = null;
        },
        (e) => {
          if (inFlight[lane] === key) inFlight[lane] = '';
          if (space !== 'digits' && !isAbortError(e)) this.distanceProgress = null;
          fail('The distance sample')(e);
        },
      );
    };

    let gridFor = '';
    const showGrid = (seed: number, model: string) => {
      const key = `${seed}:${model}`;
      if (key === gridFor) return;
      gridFor = key;
      const known = this.#builtGrid(seed, model);
      if (known) {
        channels.grid.cancel();
        this.grid = known;
        this.gridLoading = false;
        return;
      }
      this.gridLoading = true;
      channels.grid.run('geo/grid', { seed, model }).then(
        (g) => {
          if (gridFor !== key) return;
          this.grid = g;
          this.gridLoading = false;
        },
        (e) => {
          if (gridFor !== key) return;
          this.gridLoading = false;
          fail('The grid')(e);
        },
      );
    };

    // Batches are measured one after another until n are known; a new seed starts again.
    let noiseSeed = -1;
    let running = false;
    const fillBatches = () => {
      const { seed, n } = this.s;
      if (seed !== noiseSeed) {
        noiseSeed = seed;
        channels.noise.cancel();
        running = false;
        this.batches = seed === built.seed ? [batchOne] : [];
      }
      if (running || this.batches.length >= n) {
        if (!running) this.noiseProgress = null;
        return;
      }
      running = true;
      const batch = this.batches.length + 1;
      const done = this.batches.length;
      this.noiseProgress = done / n;
      channels.noise
        .run('geo/noise-batch', { seed, batch, models: NOISE_MODELS }, (p) => {
          if (noiseSeed === seed) this.noiseProgress = (done + p) / Math.max(this.s.n, batch);
        })
        .then(
          (b) => {
            if (noiseSeed !== seed) return;
            running = false;
            this.batches = [...this.batches, b];
            fillBatches();
          },
          (e) => {
            if (noiseSeed !== seed) return;
            running = false;
            this.noiseProgress = null;
            fail('The noise batch')(e);
          },
        );
    };

    const stopEffects = $effect.root(() => {
      $effect(() => {
        const s = $state.snapshot(this.s) as GeoState;
        // Only the state is a dependency: what the runs write (progress, results) must not rerun this.
        untrack(() => {
          env.save(s);
          measure(Number(s.d), s.seed);
          measure('digits', s.seed);
          showGrid(s.seed, s.model);
          fillBatches();
        });
      });
    });
    return () => {
      stopTurns();
      stopEffects();
      for (const c of Object.values(channels)) c.cancel();
      disconnect();
    };
  }

  /** The whole figure in words, for the live region. */
  summary(): string {
    const parts: string[] = [];
    const t = this.noise?.tallies.find((x) => x.model === this.s.model);
    if (this.noise && t) parts.push(noiseSentence(this.s.model, t.confident, this.noise.count, this.noise.nearestMin));
    if (this.uniform) parts.push(distanceSentence(this.space, this.uniform));
    if (this.real) parts.push(distanceSentence('digits', this.real));
    parts.push(this.shellStatus);
    return parts.join(' ');
  }

  /** "Draw 1,000 more". */
  drawMore(): void {
    this.s.n = Math.min(geoSchema.n.max, this.s.n + 1);
  }

  /** A fresh sample: new noise images and new random points. */
  resample(): void {
    this.s.seed = (this.s.seed % geoSchema.seed.max) + 1;
    this.s.n = 1;
  }

  /** `window.__wherePoints` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    hooks.__wherePoints = {
      backend: () => this.backend?.backend ?? null,
      numTensors: () => client.numTensors(),
      state: () => $state.snapshot(this.s) as GeoState,
      summary: () => this.summary(),
      defaults: GEO_DEFAULTS,
    };
    return () => void delete hooks.__wherePoints;
  }
}
