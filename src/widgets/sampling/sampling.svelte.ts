// Figure 6.x's state and effects, apart from its markup (Sampling.svelte) so that they can be tested
// without a browser. The seed lives in the URL; every new seed asks the page's model worker for a few
// digits from each of the four samplers (src/lib/gen/jobs.ts). Until the first answer, the figure's
// build-time pictures of the default seed stay (SamplingFigure.astro).
import type { SampleOutput } from '../../lib/gen/samplers.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { busyJob, connectFigure, registerDebugHook, type FigureEnvironment } from '../../runtime/figure-host.ts';
import { nextSeed, samplingPrefixFor, samplingSchema, type SamplingState } from './sampling-state.ts';

/** What the figure needs from the page; a test passes its own. */
export interface SamplingEnvironment extends FigureEnvironment<SamplingState> {
  /** The state from the address. */
  load(): SamplingState;
}

export type Drawn = SampleOutput;

export class SamplingModel {
  readonly figureId: string;
  readonly prefix: string;

  seed: number = $state(samplingSchema.seed.default);
  drawn: Drawn | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);
  hydrated = $state(false);

  constructor(figureId: string) {
    this.figureId = figureId;
    this.prefix = samplingPrefixFor(figureId);
  }

  sampleAgain(): void {
    this.seed = nextSeed(this.seed);
  }

  start(env: SamplingEnvironment): () => void {
    const { client, disconnect } = connectFigure(env, this, this.prefix, {
      debugHook: (c) => this.#exposeDebugHook(env.hooks, c),
    });
    this.hydrated = true;
    this.seed = env.load().seed;
    const channel = client.channel(`${this.figureId}/sample`);
    const draw = busyJob(
      this,
      'Drawing the digits',
      (seed: number) => channel.run('gen/sample', { seed }),
      (out: SampleOutput) => (this.drawn = out),
      () => (this.drawn = null),
    );
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const seed = this.seed;
        env.save({ seed });
        draw(seed);
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      disconnect();
    };
  }

  /** `window.__sampling[figureId]` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const debug = client.channel(`${this.figureId}/debug`);
    return registerDebugHook(hooks, '__sampling', this.figureId, {
      numTensors: () => client.numTensors(),
      sample: (seed: number) => debug.run('gen/sample', { seed }),
    });
  }
}
