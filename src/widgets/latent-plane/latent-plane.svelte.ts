// Figure 6.y's state and effects, apart from its markup (LatentPlane.svelte): the crosshair's point
// lives in the URL; every move asks the page's model worker to decode it (the newest request wins
// there), and the held-out codes are fetched once to name the nearest digit.
import type { DecodeOutput } from '../../lib/gen/jobs.ts';
import { EXTENT, nearestCode, type LatentCodes } from '../../lib/gen/latent.ts';
import { busyJob, connectFigure, type FigureEnvironment } from '../../runtime/figure-host.ts';
import type { BackendInfo, Where } from '../../runtime/model-worker/client.ts';
import { describePoint, LATENT_PREFIX, latentSchema, type LatentState } from './latent-state.ts';

/** What the figure needs from the page; a test passes its own. It has no debug hook. */
export interface LatentEnvironment extends Omit<FigureEnvironment<LatentState>, 'hooks'> {
  load(): LatentState;
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
    const { client, disconnect } = connectFigure(env, this, LATENT_PREFIX);
    const s = env.load();
    this.moveTo(s.z1, s.z2);
    const channel = client.channel(`${this.figureId}/decode`);
    env.codes().then(
      (c) => (this.codes = c),
      () => {},
    );
    // A failed decoding leaves the last picture in place, beside the error line.
    const decode = busyJob(
      this,
      'Decoding the point',
      (z: LatentState) => channel.run('gen/decode', z),
      (out) => (this.decoded = out),
    );
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const z = { z1: this.z1, z2: this.z2 };
        env.save(z);
        decode(z);
      });
    });
    return () => {
      stopEffects();
      channel.cancel();
      disconnect();
    };
  }
}
