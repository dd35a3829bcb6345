// Figure 6.y's state and effects, apart from its markup (LatentPlane.svelte): the crosshair's point
// lives in the URL; every move asks the page's model worker to decode it (the newest request wins
// there), and the held-out codes are fetched once to name the nearest digit.
import { asBackendName, type BackendName } from '../../lib/backends.ts';
import type { DecodeOutput } from '../../lib/gen/jobs.ts';
import { EXTENT, nearestCode, type LatentCodes } from '../../lib/gen/latent.ts';
import { failureMessage, isAbortError } from '../../lib/jobs.ts';
import type { BackendInfo, ModelClient, Where } from '../../runtime/model-worker/client.ts';
import { reportBackend } from '../../runtime/model-worker/report-backend.ts';
import { describePoint, LATENT_PREFIX, latentSchema, type LatentState } from './latent-state.ts';

export interface LatentEnvironment {
  search: string;
  load(): LatentState;
  save(state: LatentState): void;
  connect(backend: BackendName | null): ModelClient;
  codes(): Promise<LatentCodes>;
}

const clamp = (v: number) => Math.min(EXTENT, Math.max(-EXTENT, Math.round(v * 100) / 100));

export class LatentPlaneModel {
  readonly figureId: string;
  z1: number = $state(latentSchema.z1.default);
  z2: number = $state(latentSchema.z2.default);
  decoded: DecodeOutput | null = $state.raw(null);
  codes: LatentCodes | null = $state.raw(null);
  backend: BackendInfo | null = $state.raw(null);
  where: Where | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);

  constructor(figureId: string) {
    this.figureId = figureId;
  }

  moveTo(z1: number, z2: number): void {
    this.z1 = clamp(z1);
    this.z2 = clamp(z2);
  }

  get sentence(): string {
    const near = this.codes ? nearestCode(this.codes, this.z1, this.z2) : null;
    return describePoint(this.z1, this.z2, near);
  }

  start(env: LatentEnvironment): () => void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once on mount, never reactive
    const params = new URLSearchParams(env.search);
    const s = env.load();
    this.moveTo(s.z1, s.z2);
    const client = env.connect(asBackendName(params.get(`${LATENT_PREFIX}.backend`)));
    const channel = client.channel(`${this.figureId}/decode`);
    reportBackend(client, this);
    env.codes().then(
      (c) => (this.codes = c),
      () => {},
    );
    let requests = 0;
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const z1 = this.z1;
        const z2 = this.z2;
        env.save({ z1, z2 });
        const id = ++requests;
        this.busy = true;
        channel.run('gen/decode', { z1, z2 }).then(
          (out) => {
            if (id !== requests) return;
            this.busy = false;
            this.error = null;
            this.decoded = out;
          },
          (e) => {
            if (isAbortError(e) || id !== requests) return;
            this.busy = false;
            this.error = failureMessage(e, 'Decoding the point');
          },
        );
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      void client.release(`${this.figureId}/`).catch(() => {});
      client.close();
    };
  }
}
