/**
 * The attack lab's opening states: chapter 5 (`attack`) shows FGSM on the normally trained cnn,
 * chapter 7 (`robust`) PGD on the adversarially trained one. One place for the figure's URL schema,
 * the request it makes and the script that precomputes that request's answer at build time.
 */
import type { AttackName, AttackParams } from './types.ts';

export type Focus = 'attack' | 'robust';

export interface LabDefaults {
  digit: number;
  model: string;
  attack: AttackName;
  eps: number;
  k: number;
  /** 0 means "automatic": α = 2.5·ε/T. */
  alpha: number;
  target: number;
  rs: boolean;
}

export const LAB_DEFAULTS: Record<Focus, LabDefaults> = {
  attack: { digit: 1, model: 'cnn', attack: 'fgsm', eps: 0.15, k: 10, alpha: 0, target: 3, rs: true },
  robust: { digit: 1, model: 'cnn-robust', attack: 'pgd', eps: 0.2, k: 10, alpha: 0, target: 3, rs: true },
};

/** The PGD step size actually used: the reader's α, or 2.5·ε/T (Madry et al.'s rule of thumb). */
export function effectiveAlpha(state: { alpha: number; eps: number; k: number }): number {
  return state.alpha > 0 ? state.alpha : (2.5 * state.eps) / Math.max(1, state.k);
}

/** The attack a lab state asks for (PGD's seed is always 0, so that a link reproduces the attack). */
export function paramsFor(s: LabDefaults, pixels: Float32Array | null = null): AttackParams {
  return {
    pixels,
    model: s.model,
    digit: s.digit,
    attack: s.attack,
    eps: s.eps,
    k: s.k,
    alpha: effectiveAlpha(s),
    target: s.target,
    randomStart: s.rs,
    seed: 0,
  };
}
