/**
 * A 28 × 28 digit as a short URL-safe text, so that a drawn digit can travel in a link: each pixel is
 * quantised to 16 grey levels (0, 1/15, …, 1), and the row-major sequence is written with the 64
 * characters A–Z a–z 0–9 - _ as tokens. Token t in 1…15 is one pixel of level t; token t in 16…63 is
 * a run of t − 15 blank pixels (1…48). Token 0 ('A') is not used. A version character '1' leads.
 * A typical drawing (a fifth of the pixels inked) takes about 200 characters; the worst case 785.
 */
import type { Field } from './url-state.ts';

export const CODE_PIXELS = 28 * 28;
export const CODE_LEVELS = 15;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MAX_RUN = 63 - CODE_LEVELS;
const VERSION = '1';
/** What a valid code can look like (the URL state checks this before decoding). */
export const CODE_PATTERN = /^1[B-Za-z0-9_-]+$/;
export const CODE_MAX_LENGTH = 1 + CODE_PIXELS;

/** The level (0…15) a grey value in [0, 1] is stored as. */
export const quantiseLevel = (v: number) =>
  Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * CODE_LEVELS);

/** The pixels as they come back from their code: each rounded to the nearest of the 16 levels. */
export function quantiseDigit(pixels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(CODE_PIXELS);
  for (let i = 0; i < CODE_PIXELS; i++) out[i] = quantiseLevel(pixels[i] ?? 0) / CODE_LEVELS;
  return out;
}

export function encodeDigit(pixels: ArrayLike<number>): string {
  if (pixels.length !== CODE_PIXELS) throw new Error(`a digit has ${CODE_PIXELS} pixels, not ${pixels.length}`);
  let out = VERSION;
  let run = 0;
  const flush = () => {
    while (run > 0) {
      const n = Math.min(run, MAX_RUN);
      out += ALPHABET[CODE_LEVELS + n];
      run -= n;
    }
  };
  for (let i = 0; i < CODE_PIXELS; i++) {
    const q = quantiseLevel(pixels[i]!);
    if (q === 0) run++;
    else {
      flush();
      out += ALPHABET[q];
    }
  }
  flush();
  return out;
}

/** The pixels of a code, or null when it is not a whole, well-formed digit (never throws). */
export function decodeDigit(code: string): Float32Array | null {
  if (code.length > CODE_MAX_LENGTH || !CODE_PATTERN.test(code)) return null;
  const out = new Float32Array(CODE_PIXELS);
  let i = 0;
  for (let k = 1; k < code.length; k++) {
    const t = ALPHABET.indexOf(code[k]!);
    if (t <= CODE_LEVELS) {
      if (i >= CODE_PIXELS) return null;
      out[i++] = t / CODE_LEVELS;
    } else {
      i += t - CODE_LEVELS;
      if (i > CODE_PIXELS) return null;
    }
  }
  return i === CODE_PIXELS ? out : null;
}

/**
 * The URL field of a figure that takes a drawing: a code that matches the pattern but does not decode
 * (cut short when a link was copied, say) is ignored and dropped from the address.
 */
export const DRAWING_FIELD = {
  kind: 'code',
  pattern: CODE_PATTERN,
  maxLength: CODE_MAX_LENGTH,
  default: '',
  decode: decodeDigit,
} as const satisfies Field;
