/** The figure's results in words, for the aria-live region and the text alternative of the bars. */
import { describeTransform, type Transform } from '../../lib/pixel-feature/transforms.ts';

export interface Words {
  transform: Transform;
  anchorName: string;
  copy: { pixel: number; feature: number; pixelPercentile: number; featurePercentile: number };
  lookalike: { pixel: number; feature: number; pixelPercentile: number; featurePercentile: number };
  lookalikeClass: number;
  predictions: { anchor: number; copy: number; lookalike: number };
}

export const fmtDistance = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const fmtPercentile = (v: number) => (v < 1 ? v.toFixed(1) : v.toFixed(0));
export const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

export function distancesSentence(w: Words): string {
  const p = (d: Words['copy']) =>
    `pixel distance ${fmtDistance(d.pixel)} (percentile ${fmtPercentile(d.pixelPercentile)}), feature distance ${fmtDistance(d.feature)} (percentile ${fmtPercentile(d.featurePercentile)})`;
  const t = describeTransform(w.transform);
  return (
    `Anchor ${w.anchorName} and its copy (${t}): ${p(w.copy)}. ` +
    `Anchor and the nearest ${w.lookalikeClass} in pixels: ${p(w.lookalike)}. ` +
    `The model reads the anchor as ${w.predictions.anchor}, the copy as ${w.predictions.copy} and the look-alike as ${w.predictions.lookalike}.`
  );
}

export function nnSentence(t: Transform, pixel: number, feature: number, queries: number): string {
  return `Nearest-neighbour accuracy with every query digit ${describeTransform(t)}: ${percent(pixel)} in pixel space, ${percent(feature)} in feature space (${queries} queries).`;
}
