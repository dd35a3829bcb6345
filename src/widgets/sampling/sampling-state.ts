/**
 * Figure 6.x's shareable state: the seed every sampler draws from (`?sample.seed=7`). Bad values are
 * clamped or dropped by src/lib/url-state.ts; the default seed's draws are also made at build time.
 */
import { DRAWS, SAMPLERS, type Sampler, type SampleOutput } from '../../lib/gen/samplers.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

export const SEED_MAX = 999_999;
export const DEFAULT_SEED = 1;

export const samplingSchema = {
  seed: { kind: 'int', min: 1, max: SEED_MAX, default: DEFAULT_SEED },
} as const satisfies Schema;

export type SamplingState = StateOf<typeof samplingSchema>;

/** The URL prefix from the figure id: `fig-sampling` → `sample`, another copy `sample-<rest>`. */
export function samplingPrefixFor(figureId: string): string {
  const clean = figureId.toLowerCase().replace(/[^a-z0-9-]/g, '');
  if (clean === 'fig-sampling' || clean === '') return 'sample';
  return `sample-${clean.replace(/^fig-(sampling-)?/, '')}`;
}

/** The seed after `seed` ("sample again"), wrapping at SEED_MAX. */
export const nextSeed = (seed: number) => (seed >= SEED_MAX ? 1 : seed + 1);

/** What a sampler's panel says (made at build time from the committed tables and manifest). */
export interface PanelText {
  title: string;
  /** How its digits are drawn, for the image's label: "with every pixel from one histogram". */
  how: string;
  /** Its held-out score, in words. */
  score: string;
}

const NAMES: Record<Sampler, string> = {
  histogram: 'one histogram',
  marginal: 'per-position',
  neighbours: 'left and upper neighbours',
  vae: 'VAE',
};

const litShare = (images: Float32Array) => images.reduce((s, v) => s + v, 0) / images.length;

/** The figure's result in words, for the live region. */
export function describeDraws(d: Pick<SampleOutput, 'seed' | 'images' | 'z'>): string {
  const ink = SAMPLERS.map((s) => `${NAMES[s]} ${Math.round(litShare(d.images[s]) * 100)}%`).join(', ');
  const zs = Array.from({ length: d.z.length / 2 }, (_, i) =>
    `(${d.z[2 * i]!.toFixed(1)}, ${d.z[2 * i + 1]!.toFixed(1)})`.replace(/-/g, '−'),
  ).join(', ');
  return `Seed ${d.seed}: ${DRAWS} digits from each sampler. Share of ink: ${ink}. The VAE decoded z = ${zs}.`;
}
