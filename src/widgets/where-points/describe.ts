// The figure's numbers in words: shared by the live figure, its spoken summaries and the static version.
import { shellFraction, shellWords } from '../../lib/geo/shell.ts';
import { groupDigits } from '../../lib/group-digits.ts';

// Without Intl: a page's first Intl.NumberFormat can cost tens of ms of the figure's start (see groupDigits).
const en = (v: number, digits = 0) => groupDigits(v, digits);

export const fmtCount = (v: number): string => en(v);
export const fmtDim = (D: number): string => en(D);
export const percent = (v: number, digits = 1): string => `${en(v * 100, digits)}%`;
export const fmtDistance = (v: number): string => v.toFixed(2);

/** (max − min)/min as the figure prints it: 3 significant figures, thousands separated. */
export function fmtContrast(v: number): string {
  if (!Number.isFinite(v)) return '∞';
  if (v >= 100) return en(v);
  return v.toPrecision(3);
}

/** The shell's share, as text with a real superscript for a power of ten. */
export function shellText(eps: number, D: number): { plain: string; base?: string; power?: string } {
  const w = shellWords(eps, D);
  if (w.power === null) return { plain: w.text };
  return { plain: `all but about 10^${w.power}`, base: 'all but about 10', power: String(w.power).replace('-', '−') };
}

export function shellSentence(eps: number, D: number): string {
  const w = shellWords(eps, D);
  const share = w.power === null ? w.text : `all but a fraction of about 10 to the power ${w.power}`;
  return `In ${fmtDim(D)} dimensions the outer shell of thickness ${eps} holds ${share} of the unit ball's volume (1 − (1 − ε)ᴰ = ${shellFraction(eps, D).toPrecision(6)}).`;
}

/** How much farther the farthest pair is than the nearest: "18% farther apart than…", "9,505 times as far apart as…". */
export function contrastWords(contrast: number): string {
  if (!Number.isFinite(contrast)) return 'infinitely farther apart than the nearest';
  if (contrast < 10) return `${percent(contrast, contrast < 0.1 ? 1 : 0)} farther apart than the nearest`;
  return `${fmtContrast(contrast + 1)} times as far apart as the nearest`;
}

export function distanceSentence(
  space: number | 'digits',
  h: { min: number; max: number; contrast: number; pairs: number; mean: number },
): string {
  const what =
    space === 'digits' ? 'real held-out digits (784 pixels)' : `uniform random points in ${fmtDim(space)} dimensions`;
  return `${fmtCount(h.pairs)} pairs of ${what}: distances from ${fmtDistance(h.min)} to ${fmtDistance(h.max)}, mean ${fmtDistance(h.mean)}; (max − min)/min = ${fmtContrast(h.contrast)}, so the farthest pair is ${contrastWords(h.contrast)}.`;
}

export function noiseSentence(model: string, confident: number, count: number, nearestMin: number): string {
  return `Of ${fmtCount(count)} noise images, ${model} calls ${percent(confident / count)} a digit with at least 90% confidence; the nearest any came to a real held-out digit is ${fmtDistance(nearestMin)}.`;
}
