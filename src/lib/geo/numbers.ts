/**
 * The numbers chapter 1 quotes about high-dimensional geometry, for <Num of="where-points.…">: the
 * closed forms computed here (the shell of Eq. "eq-shell" at w = 1 %, the distances between uniform
 * points in D = 150,528), next to what the figure's build measured (passed in: its static data).
 */
import { DISTANCE_SD_LIMIT, meanSqDistance, rmsDistance, sdSqDistance } from './concentration.ts';
import { coreLog10, shellFraction } from './shell.ts';

/** The dimensions of the chapter's shell table. */
export const SHELL_TABLE_DIMENSIONS = [1, 2, 3, 10, 100, 1000, 150_528] as const;
export const SHELL_TABLE_WIDTH = 0.01;
/** The photograph's dimension, 3 × 224 × 224. */
export const IMAGE_D = 150_528;

export interface MeasuredHistogram {
  min: number;
  max: number;
  mean: number;
  sd: number;
  contrast: number;
  pairs: number;
  points: number;
}

export function geoBookNumbers<T extends { histograms: Record<string, MeasuredHistogram> }>(measured: T) {
  const shell = Object.fromEntries(
    SHELL_TABLE_DIMENSIONS.map((D) => [
      `d${D}`,
      {
        share: shellFraction(SHELL_TABLE_WIDTH, D),
        // (1 − w)ᴰ = 10^(−missingPower): "all but about 10⁻⁶⁵⁷".
        missingPower: -Math.round(coreLog10(SHELL_TABLE_WIDTH, D)),
      },
    ]),
  );
  const D = IMAGE_D;
  const closed = {
    D,
    sqMean: meanSqDistance(D),
    sqSd: sdSqDistance(D),
    rms: rmsDistance(D),
    distanceSd: DISTANCE_SD_LIMIT,
    // The distance's sd as a share of the distance: about 0.15 %.
    relativeSpread: DISTANCE_SD_LIMIT / rmsDistance(D),
  };
  const distances = Object.fromEntries(
    Object.entries(measured.histograms).map(([k, h]) => [k === 'digits' ? 'digits' : `d${k}`, h]),
  );
  return { ...measured, shell: { width: SHELL_TABLE_WIDTH, ...shell }, closed, distances };
}
