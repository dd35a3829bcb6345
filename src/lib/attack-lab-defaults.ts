/**
 * The attack lab's first state: what the live figure opens on (its URL schema's defaults) and what
 * its static example, made by scripts/attack-lab/make-static.ts, shows, so that the two agree.
 * Chapter 5 (focus "attack") opens on FGSM against the normally trained CNN; chapter 7 (focus
 * "robust") on PGD against the adversarially trained one, at a larger ε.
 */
export const LAB_DEFAULTS = {
  digit: 1,
  attack: { model: 'cnn', attack: 'fgsm', eps: 0.15 },
  robust: { model: 'cnn-robust', attack: 'pgd', eps: 0.2 },
} as const;
