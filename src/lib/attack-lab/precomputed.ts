/**
 * The attack lab's precomputed opening states (src/widgets/attack-lab/static-example.json, made by
 * scripts/attack-lab/make-static.ts with the lab's own job): stored as JSON with the images as 8-bit
 * base64, and turned back into the outcome the live figure draws.
 */
import type { AttackOutcome, AttackParams } from './types.ts';

/** Pixels in [0, 1] as base64 of one byte each (the page draws them with 8 bits anyway). */
export function encodePixels(pixels: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < pixels.length; i++)
    s += String.fromCharCode(Math.round(255 * Math.min(1, Math.max(0, pixels[i]!))));
  return btoa(s);
}

export function decodePixels(text: string): Float32Array {
  const s = atob(text);
  const out = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) / 255;
  return out;
}

export interface PrecomputedPrediction {
  label: number;
  confidence: number;
  probs: number[];
}

export interface PrecomputedAttack {
  params: Omit<AttackParams, 'pixels'>;
  trueLabel: number | null;
  clean: PrecomputedPrediction;
  adv: PrecomputedPrediction;
  linf: number;
  l2: number;
  original: string;
  adversarial: string;
}

/** The outcome as the live figure draws it; `ms` is NaN: it was not measured on this page. */
export function outcomeOf(p: PrecomputedAttack): AttackOutcome {
  const original = decodePixels(p.original);
  const adversarial = decodePixels(p.adversarial);
  const prediction = (v: PrecomputedPrediction) => ({ ...v, probs: Float32Array.from(v.probs) });
  return {
    params: p.params,
    trueLabel: p.trueLabel,
    drawn: false,
    clean: prediction(p.clean),
    adv: prediction(p.adv),
    original,
    adversarial,
    delta: adversarial.map((v, i) => v - original[i]!),
    linf: p.linf,
    l2: p.l2,
    ms: Number.NaN,
  };
}
