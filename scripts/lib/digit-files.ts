// The held-out digits the site serves (public/data): the stratified sample of 800 that every figure
// uses (digits.json + digits.u8.gz), and the other 1,200 (heldout-rest.*), fetched only by the
// evaluation panel for a run on all 2,000. Same format, so one decoder reads both.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DigitsMeta } from '../../src/lib/digits.ts';
import { HELD_OUT, PIXELS, SHIPPED, SIDE, shippedSample, type Digits, type stratifiedSplit } from './mnist-data.ts';

type Split = ReturnType<typeof stratifiedSplit>;

function writeSet(d: Digits, split: Split, dir: string, name: string, positions: number[], about: string): void {
  const raw = new Uint8Array(positions.length * PIXELS);
  const sourceIndices = positions.map((p) => split.heldOut[p]!);
  sourceIndices.forEach((g, i) => raw.set(d.pixels.subarray(g * PIXELS, (g + 1) * PIXELS), i * PIXELS));
  const gz = gzipSync(raw, { level: 9 });
  const meta: DigitsMeta = {
    format: 'gzip of raw uint8 pixels, 28×28 row-major per digit, digits one after another; model input = byte / 255',
    file: `${name}.u8.gz`,
    count: positions.length,
    width: SIDE,
    height: SIDE,
    labels: sourceIndices.map((g) => d.labels[g]!),
    heldOutPositions: positions,
    sourceIndices,
    splitSeed: split.seed,
    split: `${split.description}; ${about}`,
    bytes: raw.length,
    gzipBytes: gz.length,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.u8.gz`), gz);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta) + '\n');
  console.log(`data: ${name}, ${positions.length} digits, ${raw.length} bytes raw, ${gz.length} gzipped`);
}

/** Writes both digit files; returns the held-out positions of the shipped sample. */
export function writeDigitFiles(d: Digits, split: Split, dir: string): number[] {
  const shipped = shippedSample(d.labels, split.heldOut, SHIPPED);
  writeSet(
    d,
    split,
    dir,
    'digits',
    shipped,
    `these are a stratified sample of ${SHIPPED} of the ${HELD_OUT} held-out digits (the first of each class in held-out order)`,
  );
  const inSample = new Set(shipped);
  const rest = split.heldOut.map((_, p) => p).filter((p) => !inSample.has(p));
  writeSet(d, split, dir, 'heldout-rest', rest, `these are the ${rest.length} held-out digits not in digits.json`);
  return shipped;
}
