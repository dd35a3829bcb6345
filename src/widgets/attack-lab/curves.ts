/**
 * The robustness curves (accuracy against ε) as a pure function of the data: scales, paths, ticks,
 * the published reference points and the sentences comparing them with the book's models. Used both
 * by the build-time SVG (no JavaScript) and by the live chart, so the two always look alike.
 */
import type { ModelName } from './lab-state.ts';
import type { PlotFrame } from '../../lib/svg-marks.ts';

import type { CurveAttack, CurvePoint } from '../../lib/attack-lab/types.ts';

export type { CurveAttack, CurvePoint } from '../../lib/attack-lab/types.ts';

export interface Series {
  model: ModelName;
  attack: CurveAttack;
  /** Where the numbers come from: the manifest's evaluation or a run in this browser. */
  source: 'manifest' | 'live';
  /** How many held-out digits each point is measured on. */
  count: number;
  /** PGD's number of steps K. */
  steps?: number;
  points: CurvePoint[];
}

/** The ε values of the live run: clean plus the six of the manifests' table. */
export const CURVE_EPSILONS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3] as const;

export interface PublishedPoint {
  /** Number drawn beside the marker and used in the list under the plot. */
  n: number;
  epsilon: number;
  accuracy: number;
  attack: CurveAttack;
  what: string;
  /** The model as a sentence names it, its accuracy as the paper reports it, and the PGD steps used. */
  who: string;
  reported: string;
  steps?: number;
  /** Bibliography key (content/references.json) and how to cite it in text. */
  cite: string;
  citeText: string;
  /** Which of our models plays the same role. */
  counterpart: ModelName;
}

/**
 * Published MNIST results at the ε of the paper (pixels in [0, 1]). Goodfellow et al. 2015 report
 * error rates under FGSM at ε = 0.25; the MNIST challenge leaderboard (Madry Lab) reports the accuracy
 * of their adversarially trained network at ε = 0.3. `who` says how a robust model was trained, since
 * a comparison with ours means little without it.
 */
export const PUBLISHED: readonly PublishedPoint[] = [
  {
    n: 1,
    who: 'shallow softmax',
    reported: '0.1% (99.9% error)',
    epsilon: 0.25,
    accuracy: 0.001,
    attack: 'fgsm',
    what: 'shallow softmax: 99.9% error',
    cite: 'goodfellow2015',
    citeText: 'Goodfellow et al. 2015',
    counterpart: 'linear',
  },
  {
    n: 2,
    who: 'maxout network',
    reported: '10.6% (89.4% error)',
    epsilon: 0.25,
    accuracy: 0.106,
    attack: 'fgsm',
    what: 'maxout network: 89.4% error',
    cite: 'goodfellow2015',
    citeText: 'Goodfellow et al. 2015',
    counterpart: 'cnn',
  },
  {
    n: 3,
    who: 'maxout network adversarially trained with FGSM at ε = 0.25',
    reported: '82.1% (17.9% error)',
    epsilon: 0.25,
    accuracy: 0.821,
    attack: 'fgsm',
    what: 'maxout, adversarially trained: 17.9% error',
    cite: 'goodfellow2015',
    citeText: 'Goodfellow et al. 2015',
    counterpart: 'cnn-robust',
  },
  {
    n: 4,
    who: 'MNIST challenge model, adversarially trained with 40-step PGD at ε = 0.3,',
    reported: 'about 96%',
    epsilon: 0.3,
    accuracy: 0.96,
    attack: 'fgsm',
    what: 'MNIST challenge robust model, FGSM: about 96% accuracy',
    cite: 'madry-mnist-challenge',
    citeText: 'the Madry Lab leaderboard',
    counterpart: 'cnn-robust',
  },
  {
    n: 5,
    who: 'MNIST challenge model, adversarially trained with 40-step PGD at ε = 0.3,',
    steps: 100,
    reported: 'about 92.5%',
    epsilon: 0.3,
    accuracy: 0.925,
    attack: 'pgd',
    what: 'MNIST challenge robust model, PGD-100: about 92.5% accuracy',
    cite: 'madry-mnist-challenge',
    citeText: 'the Madry Lab leaderboard',
    counterpart: 'cnn-robust',
  },
];

/** Marker shape per model and dash per attack, so no curve is told apart by colour alone. */
export const MODEL_STYLE: Record<
  ModelName,
  { colour: string; marker: 'circle' | 'square' | 'triangle'; name: string }
> = {
  linear: { colour: 'var(--c-cat-1)', marker: 'circle', name: 'linear' },
  cnn: { colour: 'var(--c-cat-5)', marker: 'square', name: 'cnn' },
  'cnn-robust': { colour: 'var(--c-cat-3)', marker: 'triangle', name: 'cnn-robust' },
};
export const ATTACK_DASH: Record<CurveAttack, string> = { fgsm: '', pgd: '6 4' };

export interface ChartFrame extends PlotFrame {
  epsMax: number;
}

export const DEFAULT_FRAME: ChartFrame = {
  width: 560,
  height: 300,
  left: 48,
  right: 16,
  top: 14,
  bottom: 40,
  epsMax: 0.3,
};

/**
 * A frame as wide as the chart's box in CSS pixels, so ticks and labels keep their 12 px on a phone
 * instead of shrinking with a fixed viewBox; narrow charts get relatively taller to stay readable.
 */
export function frameForWidth(width: number): ChartFrame {
  if (!Number.isFinite(width) || width <= 0) return DEFAULT_FRAME;
  const w = Math.round(Math.min(Math.max(width, 260), 900));
  const h = Math.round(Math.min(Math.max(w * 0.6, 220), 320));
  // On a phone the last tick label ("0.3") needs room past the plot's right edge, and the box may be
  // a few pixels narrower than measured once a scrollbar appears.
  const narrow = w < 400;
  return { ...DEFAULT_FRAME, width: w, height: h, left: narrow ? 42 : DEFAULT_FRAME.left, right: narrow ? 30 : 20 };
}

export function scales(f: ChartFrame) {
  const x = (eps: number) => f.left + (eps / f.epsMax) * (f.width - f.left - f.right);
  const y = (acc: number) => f.top + (1 - acc) * (f.height - f.top - f.bottom);
  return { x, y };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** SVG path through the points in ε order ("" for none). */
export function linePath(points: readonly CurvePoint[], f: ChartFrame): string {
  const { x, y } = scales(f);
  return [...points]
    .sort((a, b) => a.epsilon - b.epsilon)
    .map((p, i) => `${i ? 'L' : 'M'}${r1(x(p.epsilon))},${r1(y(p.accuracy))}`)
    .join('');
}

export function xTicks(f: ChartFrame): number[] {
  const ticks: number[] = [];
  for (let e = 0; e <= f.epsMax + 1e-9; e += 0.05) ticks.push(Math.round(e * 100) / 100);
  return ticks;
}
export const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Series from a manifest's robustness table (clean accuracy at ε = 0). */
export function seriesFromTable(
  model: ModelName,
  table: {
    count: number;
    clean: { accuracy: number };
    pgd: { steps: number };
    rows: { epsilon: number; fgsm: { accuracy: number }; pgd: { accuracy: number } }[];
  },
): Series[] {
  return (['fgsm', 'pgd'] as const).map((attack) => ({
    model,
    attack,
    source: 'manifest' as const,
    count: table.count,
    steps: attack === 'pgd' ? table.pgd.steps : undefined,
    points: [
      { epsilon: 0, accuracy: table.clean.accuracy },
      ...table.rows.map((r) => ({ epsilon: r.epsilon, accuracy: r[attack].accuracy })),
    ],
  }));
}

/** Accuracy of a series at ε, linearly interpolated between measured points; null outside them. */
export function accuracyAt(series: Series, epsilon: number): number | null {
  const pts = [...series.points].sort((a, b) => a.epsilon - b.epsilon);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    if (Math.abs(p.epsilon - epsilon) < 1e-9) return p.accuracy;
    const q = pts[i + 1];
    if (q && p.epsilon < epsilon && epsilon < q.epsilon) {
      const w = (epsilon - p.epsilon) / (q.epsilon - p.epsilon);
      return p.accuracy + w * (q.accuracy - p.accuracy);
    }
  }
  return null;
}

const pct = (a: number) => `${(a * 100).toFixed(a > 0.995 || a < 0.005 ? 1 : 0)}%`;

/**
 * One plain sentence per published point that one of the series can be compared with: our number,
 * theirs, and whether they agree (within 10 points of accuracy), are close or differ.
 */
export function comparisons(series: readonly Series[]): { point: PublishedPoint; ours: number; text: string }[] {
  const out: { point: PublishedPoint; ours: number; text: string }[] = [];
  for (const point of PUBLISHED) {
    const s = series.find((c) => c.model === point.counterpart && c.attack === point.attack);
    const ours = s ? accuracyAt(s, point.epsilon) : null;
    if (ours === null || !s) continue;
    const gap = ours - point.accuracy;
    const verdict =
      Math.abs(gap) <= 0.1
        ? 'they agree'
        : gap > 0
          ? `ours is ${Math.round(gap * 100)} points higher`
          : `ours is ${Math.round(-gap * 100)} points lower`;
    // PGD results name their step counts, which differ between us and the papers.
    const [attack, oursSteps, theirSteps] =
      point.attack === 'pgd'
        ? ['PGD', ` (PGD-${s.steps ?? '?'})`, point.steps ? ` (PGD-${point.steps})` : '']
        : ['FGSM', '', ''];
    // An adversarially trained model is never trained as ours was (other data, attack or ε): say so.
    const caveat =
      point.counterpart === 'cnn-robust'
        ? ', though the two were trained differently (data, attack and ε: see its manifest and the paper)'
        : '';
    out.push({
      point,
      ours,
      text: `At ε = ${point.epsilon} under ${attack}, our ${point.counterpart} keeps ${pct(ours)} accuracy${oursSteps}; ${point.citeText}'s ${point.who} kept ${point.reported}${theirSteps}: ${verdict}${caveat}.`,
    });
  }
  return out;
}
