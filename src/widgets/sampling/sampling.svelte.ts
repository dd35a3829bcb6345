// Figure 6.x's state and effects, apart from its markup (Sampling.svelte) so that they can be tested
// without a browser. The seed lives in the URL; every new seed asks the page's model worker for a few
// digits from each of the four samplers (src/lib/gen/jobs.ts). Until the first answer, the figure's
// build-time pictures of the default seed stay (SamplingFigure.astro).
import { asBackendName, type BackendName } from '../../lib/backends.ts';
import type { SampleOutput } from '../../lib/gen/samplers.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { reportBackend } from '../../runtime/model-worker/report-backend.ts';
import { nextSeed, samplingPrefixFor, samplingSchema, type SamplingState } from './sampling-state.ts';

/** What the figure needs from the page; a test passes its own. */
export interface SamplingEnvironment {
  search: string;
  load(prefix: string): SamplingState;
  save(state: SamplingState): void;
  connect(backend: BackendName | null): ModelClient;
  hooks: Record<string, unknown>;
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

  #requests = 0;

  constructor(figureId: string) {
    this.figureId = figureId;
    this.prefix = samplingPrefixFor(figureId);
  }

  sampleAgain(): void {
    this.seed = nextSeed(this.seed);
  }

  start(env: SamplingEnvironment): () => void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once on mount, never reactive
    const params = new URLSearchParams(env.search);
    this.hydrated = true;
    this.seed = env.load(this.prefix).seed;
    const client = env.connect(asBackendName(params.get(`${this.prefix}.backend`)));
    const channel = client.channel(`${this.figureId}/sample`);
    reportBackend(client, this);
    const draw = (seed: number) => {
      const id = ++this.#requests;
      this.busy = true;
      channel.run('gen/sample', { seed }).then(
        (out: SampleOutput) => {
          if (id !== this.#requests) return;
          this.busy = false;
          this.error = null;
          this.drawn = out;
        },
        (e) => {
          if (isAbortError(e) || id !== this.#requests) return;
          this.busy = false;
          this.drawn = null;
          this.error = failureMessage(e, 'Drawing the digits');
        },
      );
    };
    const removeHook = params.has(`${this.prefix}.debug`) ? this.#exposeDebugHook(env.hooks, client) : () => {};
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const seed = this.seed;
        env.save({ seed });
        draw(seed);
      });
    });
    return () => {
      stopEffects();
      removeHook();
      channel.cancel();
      void client.release(`${this.figureId}/`).catch(() => {});
      client.close();
    };
  }

  /** `window.__sampling[figureId]` for tests and benchmarks; removed with the figure. */
  #exposeDebugHook(hooks: Record<string, unknown>, client: ModelClient): () => void {
    const all = (hooks.__sampling ??= {}) as Record<string, unknown>;
    const debug = client.channel(`${this.figureId}/debug`);
    all[this.figureId] = {
      numTensors: () => client.numTensors(),
      sample: (seed: number) => debug.run('gen/sample', { seed }),
    };
    return () => {
      delete all[this.figureId];
      if (!Object.keys(all).length) delete hooks.__sampling;
    };
  }
}
