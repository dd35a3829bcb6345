/**
 * Figure 6.y's shareable state: the point of the latent plane under the crosshair
 * (`?latent.z1=0.5&latent.z2=-1.2`), clamped to the map by src/lib/url-state.ts.
 */
import { EXTENT, priorDensity } from '../../lib/gen/latent.ts';
import type { Schema, StateOf } from '../../lib/url-state.ts';

export const LATENT_PREFIX = 'latent';

export const latentSchema = {
  z1: { kind: 'float', min: -EXTENT, max: EXTENT, default: 0, digits: 2 },
  z2: { kind: 'float', min: -EXTENT, max: EXTENT, default: 0, digits: 2 },
} as const satisfies Schema;

export type LatentState = StateOf<typeof latentSchema>;

const signed = (v: number) => v.toFixed(2).replace('-', '−');

/** The crosshair's point and what the prior thinks of it, in words. */
export function describePoint(z1: number, z2: number, nearest: { label: number; distance: number } | null): string {
  const r = Math.hypot(z1, z2);
  const density = priorDensity(z1, z2) / priorDensity(0, 0);
  const where = `z = (${signed(z1)}, ${signed(z2)}), ${r.toFixed(2)} from the centre, where the prior’s density is ${
    density >= 0.01 ? `${Math.round(density * 100)}%` : 'under 1%'
  } of its peak.`;
  if (!nearest) return where;
  return `${where} The nearest held-out digit’s code is a ${nearest.label}, ${nearest.distance.toFixed(2)} away.`;
}
