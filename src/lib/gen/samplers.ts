/** Figure 6.x's four samplers and what one draw returns (no tfjs here: the page imports this). */
import { PIXEL_MODELS } from './pixel-models.ts';

export const SAMPLERS = [...PIXEL_MODELS, 'vae'] as const;
export type Sampler = (typeof SAMPLERS)[number];
/** Digits drawn from each sampler at a time. */
export const DRAWS = 4;

export interface SampleInput {
  seed: number;
}

export interface SampleOutput {
  seed: number;
  /** For each sampler, DRAWS digits of 784 values in [0, 1], one after another. */
  images: Record<Sampler, Float32Array>;
  /** The VAE's latent draws, [z1, z2] per digit. */
  z: Float32Array;
  ms: number;
}
