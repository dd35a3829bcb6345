// The Swiss roll figure's state and effects, apart from its markup (SwissRoll.svelte) so that they can be
// tested without a browser: what the reader set (mirrored in the URL), the sample drawn, the picked
// pair and what is said about it. Heavy work goes through the roll client (a worker); the three.js scene
// is created through `deps.createScene` and only told what changed.
//
// Slider changes are coalesced: a new sample is asked for at most once per animation frame, and the
// client builds at most one at a time, so dragging the points slider never blocks the page.
import { sheetPath, straightDistance } from '../../lib/swiss-roll.ts';
import type { View } from './camera.ts';
import { randomPair, tellingPair } from './pairs.ts';
import type { RollClient } from './roll-client.ts';
import { rollKey, type RollParams, type Sample } from './roll-jobs.ts';
import type { Overlay, RollScene, SceneCallbacks } from './scene.ts';
import { FigureLoadError, loadFailureMessage } from '../../lib/load-failure.ts';
import { defaultState } from '../../lib/url-state.ts';
import {
  DEFAULT_VIEW,
  describeView,
  distanceSentence,
  makeSchema,
  pointsFromSlider,
  validPair,
  type PairInfo,
  type RollSchema,
  type RollState,
} from './state.ts';

export type Status = 'waiting' | 'loading' | 'live' | 'no-webgl' | 'error';

/** What the figure needs from the page; the component passes the real ones, tests pass stand-ins. */
export interface RollDeps {
  /** The state in the page address (read once, on start). */
  load(schema: RollSchema): RollState;
  save(schema: RollSchema, state: RollState): void;
  client(): RollClient;
  /** Resolves to null without WebGL; rejects when the scene's code cannot be loaded. */
  createScene(callbacks: SceneCallbacks, initial: { view: View; unrolled: boolean }): Promise<RollScene | null>;
  frame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Waits before measuring a path through the neighbour graph, so that a slider can move on first. */
  later(callback: () => void, ms: number): () => void;
}

/** How long the sliders must rest before the neighbour graph of a noisy sample is built. */
export const PATH_DELAY_MS = 120;

export class RollFigure {
  readonly schema: RollSchema;
  readonly seed: number;
  private readonly deps: RollDeps;

  /** What the reader chose (server render and first client render: the defaults). */
  s = $state<RollState>(defaultState(makeSchema()));
  status = $state<Status>('waiting');
  errorText = $state('');
  /** True once running in the page: the controls work from then on. */
  mounted = $state(false);
  /** The sample drawn (it may lag behind `s.n` while the next one is built). */
  sample = $state.raw<Sample | null>(null);
  scene = $state.raw<RollScene | null>(null);
  overlay = $state.raw<Overlay | null>(null);
  info = $state.raw<PairInfo | null>(null);
  announcement = $state('');
  /** Measuring a path through the neighbour graph. */
  busy = $state(false);
  /** True when no worker could start and samples are built in the page. */
  inPage = $state(false);
  pickA = $state<number | null>(null);
  pickB = $state<number | null>(null);

  readonly count = $derived(this.sample?.data.count ?? this.s.n);
  /** A new sample has been asked for and is not drawn yet. */
  readonly building = $derived(
    this.mounted && (this.sample === null || rollKey(this.sample.params) !== rollKey(this.params())),
  );
  readonly label = $derived(describeView(this.s, this.count, this.info));

  private client: RollClient | null = null;
  private draws = 0;

  constructor(deps: RollDeps, defaultPoints = 2000, seed = 7) {
    this.deps = deps;
    this.seed = seed;
    this.schema = makeSchema(defaultPoints);
    this.s = defaultState(this.schema);
  }

  private params(): RollParams {
    return { count: this.s.n, noise: this.s.noise, hole: this.s.hole, seed: this.seed };
  }

  /** Reads the URL, starts the scene and the effects; returns the cleanup for unmount. */
  start(): () => void {
    this.s = this.deps.load(this.schema);
    [this.pickA, this.pickB] = validPair(this.s.pair, this.s.n) ?? [null, null];
    this.mounted = true;
    const stopEffects = $effect.root(() => this.effects());
    const stopScene = this.startScene();
    return () => {
      stopScene();
      stopEffects();
      this.client?.dispose();
      this.client = null;
    };
  }

  private effects() {
    // Parameters → a new sample, asked for at most once per animation frame.
    let requested: RollParams | null = null;
    let frame = 0;
    $effect(() => {
      requested = this.params();
      frame ||= this.deps.frame(() => {
        frame = 0;
        const params = requested;
        if (params) this.requestSample(params);
      });
    });
    $effect(() => () => {
      if (frame) this.deps.cancelFrame(frame);
    });
    // Sample → scene.
    $effect(() => {
      if (this.scene && this.sample) this.scene.setData(this.sample.data);
    });
    // View and unrolling → scene (the scene reports the reader's own turns back through onView).
    $effect(() => {
      this.scene?.setView({ yaw: this.s.yaw, pitch: this.s.pitch, zoom: this.s.zoom });
    });
    $effect(() => {
      this.scene?.setUnrolled(this.s.unroll, true);
    });
    $effect(() => {
      this.scene?.setLabel(this.label);
    });
    // State → URL.
    $effect(() => {
      this.deps.save(this.schema, $state.snapshot(this.s) as RollState);
    });
    // The picked pair: both distances, the path, and a sentence.
    $effect(() => this.measurePair());
  }

  private async requestSample(params: RollParams) {
    try {
      const client = this.getClient();
      const sample = await client.roll(params);
      this.inPage = client.inPage;
      // Null: a newer request replaced this one; it will arrive instead.
      if (sample) this.sample = sample;
    } catch (error) {
      if (this.client) this.fail(error);
    }
  }

  private getClient(): RollClient {
    this.client ??= this.deps.client();
    return this.client;
  }

  private fail(error: unknown) {
    this.status = 'error';
    this.errorText =
      error instanceof FigureLoadError
        ? error.message
        : loadFailureMessage(error, 'interactive version of this figure');
  }

  /** Runs inside an effect: its dependencies are the sample drawn, the pair and the scene. */
  private measurePair(): (() => void) | void {
    const sample = this.sample;
    const scene = this.scene;
    const pair = validPair(this.s.pair, this.count);
    this.busy = false;
    if (!sample) return;
    if (!pair) {
      this.info = null;
      scene?.setPair(null, null);
      return;
    }
    const { data, params } = sample;
    const [a, b] = pair;
    const straight = straightDistance(data, a, b);
    const at = (i: number) => ({ t: data.t[i] ?? 0, height: data.height[i] ?? 0 });
    const sheet = sheetPath(at(a), at(b), params.hole);
    if (params.noise === 0) {
      const exact: PairInfo = { a, b, straight, along: sheet.length, method: 'exact', exact: sheet.length };
      this.info = exact; // (never read `info` here: this effect would depend on what it writes)
      scene?.setPair(pair, { kind: 'sheet', points: sheet.points });
      this.announcement = distanceSentence(exact);
      return;
    }
    // With noise the sheet is only known through the sample: shortest path in the neighbour graph,
    // computed in the worker once the sliders rest.
    this.busy = true;
    scene?.setPair(pair, null);
    let current = true;
    const cancel = this.deps.later(async () => {
      let found: Awaited<ReturnType<RollClient['path']>>;
      try {
        found = await this.getClient().path(params, a, b);
      } catch (error) {
        if (!current) return;
        this.busy = false;
        this.announcement = `The distance along the sheet could not be measured: ${(error as Error).message}`;
        return;
      }
      if (!current) return;
      this.busy = false;
      const estimate: PairInfo = {
        a,
        b,
        straight,
        along: found?.distance ?? null,
        method: 'graph',
        exact: sheet.length,
      };
      this.info = estimate;
      scene?.setPair(pair, found ? { kind: 'graph', nodes: found.path } : null);
      this.announcement = distanceSentence(estimate);
    }, PATH_DELAY_MS);
    return () => {
      current = false;
      cancel();
    };
  }

  private startScene(): () => void {
    let alive = true;
    let scene: RollScene | null = null;
    const callbacks: SceneCallbacks = {
      onView: (v) => {
        this.s.yaw = Math.round(v.yaw * 10) / 10;
        this.s.pitch = Math.round(v.pitch * 10) / 10;
        this.s.zoom = Math.round(v.zoom * 100) / 100;
      },
      onPick: (index) => this.pick(index),
      onOverlay: (o) => (this.overlay = o),
      onFrame: () => {
        if (this.status !== 'live') this.status = 'live';
      },
      onError: (error) => {
        this.status = 'error';
        this.errorText = error.message;
      },
    };
    const begin = async () => {
      this.status = 'loading';
      try {
        const made = await this.deps.createScene(callbacks, {
          view: { yaw: this.s.yaw, pitch: this.s.pitch, zoom: this.s.zoom },
          unrolled: this.s.unroll,
        });
        if (!alive) return made?.dispose();
        if (!made) {
          this.status = 'no-webgl';
          return;
        }
        scene = made;
        this.scene = made;
      } catch (error) {
        if (alive) this.fail(error);
      }
    };
    const end = () => {
      scene?.dispose();
      scene = null;
      this.scene = null;
      this.overlay = null;
    };
    this.suspendScene = () => {
      alive = false;
      end();
    };
    this.resumeScene = () => {
      if (scene || alive) return;
      alive = true;
      void begin();
    };
    void begin();
    return () => {
      alive = false;
      end();
    };
  }

  /** A page put in the back/forward cache lets its WebGL context go; shown again, it makes a new one. */
  suspendScene = () => {};
  resumeScene = () => {};

  // ----- what the controls do -----

  setPair(a: number | null, b: number | null) {
    this.pickA = a;
    this.pickB = b;
    const pair = a !== null && b !== null ? validPair([a, b], this.count) : null;
    this.s.pair = pair;
    if (!pair) this.info = null;
  }

  /** A click or tap on a point: the first makes A, the second B; a third starts again. */
  pick(index: number) {
    if (this.pickA === null || this.pickB !== null) {
      this.setPair(index, null);
      this.announcement = `Point A is ${index}. Click or tap a second point, B.`;
    } else if (index !== this.pickA) this.setPair(this.pickA, index);
  }

  telling() {
    const pair = this.sample ? tellingPair(this.sample.data) : null;
    if (pair) this.setPair(...pair);
  }

  random() {
    const pair = randomPair(this.count, ++this.draws);
    if (pair) this.setPair(...pair);
  }

  /** A typed index for A or B: whole numbers within the sample, anything else clears it. */
  fromInput(which: 'a' | 'b', raw: string) {
    const value = raw.trim() === '' ? null : Math.round(Number(raw));
    const v = value !== null && Number.isFinite(value) && value >= 0 && value < this.count ? value : null;
    if (which === 'a') this.setPair(v, this.pickB);
    else this.setPair(this.pickA, v);
  }

  resetView() {
    this.s.yaw = DEFAULT_VIEW.yaw;
    this.s.pitch = DEFAULT_VIEW.pitch;
    this.s.zoom = DEFAULT_VIEW.zoom;
  }

  setPointsFromSlider(position: number) {
    this.s.n = pointsFromSlider(position);
  }

  setNoise(value: number) {
    this.s.noise = Math.round(value * 100) / 100;
  }
}
