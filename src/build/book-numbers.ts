// The data the prose quotes (src/lib/book-numbers.ts reads paths in it): every committed model
// manifest under its name, the shift lab's measured curves, the two figures' static examples and a
// few numbers computed here from the same generators the figures use. Build time only.
import { CONFIDENT, SHIFT_MAX, type ShiftKind } from '../lib/shift.ts';
import { makeSwissRoll, sheetPath, straightDistance, T_MAX, T_MIN } from '../lib/swiss-roll.ts';
import { evaluate, formatNumber, holds, type DataTree, type NumberStyle } from '../lib/book-numbers.ts';
import { shiftComparisonSentence, shiftGaps, type Curves } from '../lib/shift-compare.ts';
import { tellingPair } from '../widgets/swiss-roll/pairs.ts';
import shiftCurves from '../widgets/shift-lab/static-curves.json';
import pixelFeature from '../widgets/pixel-feature/static-example.json';
import threeKinds from '../widgets/three-kinds/static-example.json';
import attackExample from '../widgets/attack-lab/static-example.json';
import pixelTables from '../lib/gen/pixel-tables.json';
import { priorMassWithin } from '../lib/gen/latent.ts';
import type { ModelEvaluation } from '../lib/model-artifacts.ts';
import wherePoints from '../widgets/where-points/static-data.json';
import insideOutside from '../widgets/inside-outside/static-example.json';
import { geoBookNumbers } from '../lib/geo/numbers.ts';

const manifests = import.meta.glob<Record<string, unknown>>('../../public/models/*/manifest.json', {
  eager: true,
  import: 'default',
});

/** The reader's unit of each shift at severity s: degrees, pixels, contrast factor, σ, share of the negative. */
const AMOUNT: Record<ShiftKind, (s: number) => number> = {
  rotate: (s) => SHIFT_MAX.rotate * s,
  move: (s) => SHIFT_MAX.move * s,
  fade: (s) => 1 - SHIFT_MAX.fade * s,
  noise: (s) => SHIFT_MAX.noise * s,
  invert: (s) => s,
};

function shiftTree() {
  const { count, levels, curves } = shiftCurves;
  const byModel = Object.fromEntries(
    Object.entries(curves).map(([model, kinds]) => [
      model,
      Object.fromEntries(
        Object.entries(kinds).map(([kind, points]) => [
          kind,
          points.map((p) => ({ ...p, amount: AMOUNT[kind as ShiftKind](p.level) })),
        ]),
      ),
    ]),
  );
  // `confident`: the confidence above which a wrong answer counts as a confident mistake.
  return { count, levels, confident: CONFIDENT, ...byModel };
}

/** The Swiss roll figure's default sample (2,000 points, seed 7) and its "close in 3-D, far on the sheet" pair. */
function swissRollTree() {
  const roll = makeSwissRoll({ count: 2000, seed: 7 });
  const pair = tellingPair(roll);
  if (!pair) throw new Error('Swiss roll: no telling pair in the default sample');
  const [a, b] = pair;
  const straight = straightDistance(roll, a, b);
  const sheet = sheetPath(
    { t: roll.t[a]!, height: roll.height[a]! },
    { t: roll.t[b]!, height: roll.height[b]! },
  ).length;
  // make_swiss_roll draws t uniformly, but a turn at t is √(1 + t²) long: the inner end is denser per area.
  const densityRatio = Math.sqrt(1 + T_MAX * T_MAX) / Math.sqrt(1 + T_MIN * T_MIN);
  return { points: roll.count, pair: { straight, sheet, ratio: sheet / straight }, densityRatio };
}

/** The attack lab's opening example (chapter 5), under the names the chapters use. */
function attackExampleTree() {
  const e = attackExample.examples.attack;
  return {
    model: e.params.model,
    digit: e.params.digit,
    attack: e.params.attack,
    epsilon: e.params.eps,
    label: e.trueLabel,
    linf: e.linf,
    l2: e.l2,
    cleanClass: e.clean.label,
    cleanConfidence: e.clean.probs[e.trueLabel]!,
    advClass: e.adv.label,
    advConfidence: e.adv.confidence,
  };
}

/** Largest training shift of each model in pixels, read from its manifest's augmentation ("…up to ±2 px…"; "none": 0). */
function shiftAugmentation(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(manifests).map(([path, json]) => {
      const name = path.split('/').at(-2)!;
      const text = String((json.training as { augmentation?: unknown } | undefined)?.augmentation ?? '');
      const px = /±\s*(\d+(?:\.\d+)?)\s*px/.exec(text);
      if (!px && text !== 'none')
        throw new Error(`${name}/manifest.json: cannot read a shift from augmentation "${text}"`);
      return [name, px ? Number(px[1]) : 0];
    }),
  );
}

/**
 * Figure 6.x's held-out scores as costs, nats per pixel (the negative log-likelihood; for the VAE the
 * negative ELBO, an upper bound on its cost): `sampling.nll.histogram`, `.marginal`, `.neighbours`, `.vae`.
 */
function samplingTree() {
  const { histogram, marginal, neighbours } = pixelTables.heldOut;
  const vae = manifests['../../public/models/vae/manifest.json'] as
    { heldOut?: { shipped?: { elbo?: number } } } | undefined;
  const elbo = vae?.heldOut?.shipped?.elbo;
  // Figure 6.y: the share of held-out codes within radius 1 and 2 of the origin, beside the prior's.
  const latent = Object.values(latentFiles)[0];
  const within = (r: number) => {
    if (!latent) return undefined;
    let n = 0;
    for (let i = 0; i < latent.count; i++) if (Math.hypot(latent.codes[2 * i]!, latent.codes[2 * i + 1]!) <= r) n++;
    return n / latent.count;
  };
  const codesWithin = latent ? { r1: within(1), r2: within(2), r3: within(3) } : {};
  return {
    codesWithin,
    priorWithin: { r1: priorMassWithin(1), r2: priorMassWithin(2), r3: priorMassWithin(3) },
    heldOutCount: pixelTables.heldOutCount,
    trainCount: pixelTables.trainCount,
    nll: {
      histogram: -histogram,
      marginal: -marginal,
      neighbours: -neighbours,
      ...(elbo === undefined ? {} : { vae: -elbo }),
    },
  };
}

const latentFiles = import.meta.glob<{ count: number; codes: number[] }>('../../public/models/vae/latent.json', {
  eager: true,
  import: 'default',
});

/**
 * The strong suite's per-attack numbers by model and attack id, from each manifest's evaluation block:
 * `attacks.cnn-binarized.square@0.3.accuracy` (null accuracies, cascade attacks, are left out).
 */
function attackTree(): Record<string, Record<string, { epsilon: number; accuracy: number; digits: number }[]>> {
  return Object.fromEntries(
    Object.entries(manifests).map(([path, json]) => {
      const e = json.evaluation as ModelEvaluation | null | undefined;
      const byAttack: Record<string, { epsilon: number; accuracy: number; digits: number }[]> = {};
      for (const row of e?.rows ?? [])
        for (const a of row.attacks)
          if (a.accuracy !== null)
            (byAttack[a.id] ??= []).push({ epsilon: row.epsilon, accuracy: a.accuracy, digits: a.digits });
      return [path.split('/').at(-2)!, byAttack];
    }),
  );
}

let cached: DataTree | undefined;
/** The whole tree, assembled once per build. */
export function bookData(): DataTree {
  cached ??= {
    ...Object.fromEntries(Object.entries(manifests).map(([path, json]) => [path.split('/').at(-2)!, json])),
    shift: shiftTree(),
    'pixel-feature': pixelFeature,
    'three-kinds': threeKinds,
    'attack-example': attackExampleTree(),
    'swiss-roll': swissRollTree(),
    'shift-augmentation': shiftAugmentation(),
    sampling: samplingTree(),
    attacks: attackTree(),
    'where-points': geoBookNumbers(wherePoints),
    // Figure 3.x: the interpolation measured over many pairs, and the default fit's summary.
    'inside-outside': {
      digits: insideOutside.digits,
      pairs: insideOutside.pairs,
      fit: { ...insideOutside.fit, xs: [], ys: [], curves: [] },
    },
  };
  return cached;
}

/** `<Num of=… as=… digits=…>`: the formatted value, or an Error naming the chapter and the path. */
export function bookNumber(of: string, style?: NumberStyle, digits?: number, where = '<Num>'): string {
  try {
    return formatNumber(evaluate(of, bookData()), style, digits);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
  }
}

export function bookValue(of: string, where = '<Cmp>'): number {
  try {
    return evaluate(of, bookData());
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
  }
}

export function bookClaim(that: string): boolean {
  return holds(that, bookData());
}

/** The sentence of `<ShiftComparison a=… b=…>` (see src/lib/shift-compare.ts). */
export function shiftComparison(
  a: string,
  b: string,
  minGap = 0.04,
  names: [string, string] = [a, b],
): { sentence: string; mixed: boolean } {
  const curves = shiftCurves.curves as Partial<Record<string, Curves>>;
  const ca = curves[a],
    cb = curves[b];
  if (!ca || !cb) throw new Error(`<ShiftComparison>: no shift curves for "${ca ? b : a}" in static-curves.json`);
  const gaps = shiftGaps(ca, cb, minGap);
  return {
    sentence: shiftComparisonSentence(names[0], names[1], gaps, minGap),
    mixed: gaps.ahead.length > 0 && gaps.behind.length > 0,
  };
}
