import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digitPixels } from './digit-set.ts';
import { decodeDigits, digitsMetaSchema, gunzipIfNeeded, isGzip, joinDigitSets } from './digits.ts';
import type { DigitSet } from './digit-set.ts';
import { loadShippedDigits, readBytes, readJson } from '../../tests/fixtures/shipped.ts';

describe('shipped sample digits', () => {
  it('are at least 500 digits of every class, stratified, 8-bit, at most 150 KB over the wire', async () => {
    const set = await loadShippedDigits();
    expect(set.count).toBeGreaterThanOrEqual(500);
    const perClass = new Array<number>(10).fill(0);
    set.labels.forEach((l) => perClass[l]!++);
    // MNIST classes are 8.6% to 11.3% of the data; a stratified sample keeps those shares.
    for (const n of perClass) expect(n / set.count).toBeGreaterThan(0.08);
    for (const n of perClass) expect(n / set.count).toBeLessThan(0.12);
    const wire = readBytes('data/digits.u8.gz').byteLength + JSON.stringify(readJson('data/digits.json')).length;
    expect(wire).toBeLessThan(150 * 1024);
    // Values are bytes / 255 in [0, 1], with real ink in every digit.
    for (let i = 0; i < set.count; i += 97) {
      const px = digitPixels(set, i);
      expect(Math.min(...px)).toBe(0);
      expect(Math.max(...px)).toBeGreaterThan(0.9);
      expect(Math.max(...px)).toBeLessThanOrEqual(1);
      for (const v of px) expect(Math.round(v * 255) / 255).toBeCloseTo(v, 6);
    }
  });

  it('record where they come from in the held-out split', () => {
    const meta = digitsMetaSchema.parse(readJson('data/digits.json'));
    expect(meta.heldOutPositions.length).toBe(meta.count);
    expect(new Set(meta.sourceIndices).size).toBe(meta.count);
    expect(Math.max(...meta.heldOutPositions)).toBeLessThan(2000);
  });
});

describe('decoding', () => {
  const meta = { ...(readJson('data/digits.json') as object) } as Record<string, unknown>;

  it('passes bytes through that a server already decompressed', async () => {
    const raw = Uint8Array.from([0, 128, 255]);
    expect(isGzip(raw)).toBe(false);
    expect(await gunzipIfNeeded(raw)).toEqual(raw);
    const gz = new Uint8Array(gzipSync(raw));
    expect(isGzip(gz)).toBe(true);
    expect(await gunzipIfNeeded(gz)).toEqual(raw);
  });

  it('says that gunzip failed, and on which file, for corrupt or truncated gzip', async () => {
    const gz = new Uint8Array(gzipSync(new Uint8Array(5000).fill(7)));
    const corrupt = gz.slice();
    corrupt.fill(0x55, 10, 40);
    await expect(gunzipIfNeeded(corrupt, '/data/digits.u8.gz')).rejects.toThrow(
      /^\/data\/digits\.u8\.gz: downloaded \(\d+ bytes\) but gunzip failed/,
    );
    await expect(gunzipIfNeeded(gz.slice(0, gz.length - 12))).rejects.toThrow(/^digits\.u8\.gz: .*gunzip failed/);
  });

  it('rejects data of the wrong length, naming the file', () => {
    expect(() => decodeDigits(meta, new Uint8Array(100))).toThrow(
      /digits\.u8\.gz: 100 bytes after decompression, expected \d+/,
    );
  });

  it('rejects metadata that breaks the schema, naming the file', () => {
    expect(() => decodeDigits({ ...meta, labels: 'x' }, new Uint8Array(0))).toThrow(/digits\.json: does not match/);
  });

  it('scales bytes to [0, 1]', () => {
    const tiny = { ...meta, count: 1, width: 2, height: 1, labels: [3] };
    const set = decodeDigits(tiny, Uint8Array.from([0, 255]));
    expect(Array.from(set.pixels)).toEqual([0, 1]);
    expect(set.labels[0]).toBe(3);
  });
});

describe('joining two digit sets', () => {
  const set = (positions: number[], value: number): DigitSet => ({
    count: positions.length,
    width: 2,
    height: 2,
    pixels: new Float32Array(positions.length * 4).fill(value),
    labels: Uint8Array.from(positions, (p) => p % 10),
    heldOutPositions: positions,
  });

  it('keeps the first set’s digits first, then the second’s, with their positions and labels', () => {
    const j = joinDigitSets(set([0, 2], 0.25), set([1], 0.75));
    expect(j.count).toBe(3);
    expect(j.heldOutPositions).toEqual([0, 2, 1]);
    expect([...j.labels]).toEqual([0, 2, 1]);
    expect([...j.pixels.subarray(8)]).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect([...j.pixels.subarray(0, 8)].every((v) => v === 0.25)).toBe(true);
  });

  it('refuses sets that share a held-out digit or do not name theirs', () => {
    expect(() => joinDigitSets(set([0, 1], 0), set([1], 0))).toThrow(/share/);
    const { heldOutPositions: _, ...unnamed } = set([3], 0);
    expect(() => joinDigitSets(set([0], 0), unnamed)).toThrow(/does not say/);
  });
});
