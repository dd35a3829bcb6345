// Small images (a digit's 28 × 28 pixels) for an <img> rather than a <canvas>: Chromium gives every
// canvas a composited layer of its own, and the page's other content around it more (a digit picker's
// sixteen thumbnails made thirty layers on the pixel-vs-feature page), which made the frames' commits
// several times longer on a slow phone. An image is painted with the page.
import { inkRgba } from '../lib/colormap.ts';
import { paintInTurn } from './yield-task.ts';

let scratch: HTMLCanvasElement | undefined;

/**
 * A transparent pixel: the `src` an image starts with, so that it shows its background (white, as
 * paper) and not its alternative text until its pixels are painted.
 */
export const BLANK = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** `rgba` (width × height pixels, 4 bytes each) as a PNG data URL, drawn on one canvas never shown. */
export function pixelUrl(rgba: Uint8ClampedArray, width: number, height: number): string {
  scratch ??= document.createElement('canvas');
  if (scratch.width !== width) scratch.width = width;
  if (scratch.height !== height) scratch.height = height;
  const context = scratch.getContext('2d');
  if (!context) return '';
  context.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return scratch.toDataURL();
}

/** Shows `rgba` (or nothing, for null) in `image`. */
export function showPixels(image: HTMLImageElement, rgba: Uint8ClampedArray | null, width = 28, height = width): void {
  image.src = (rgba && pixelUrl(rgba, width, height)) || BLANK;
}

/** A Svelte action for an <img>: shows RGBA pixels (28 × 28) in a task of its own (`paintInTurn`). */
export const pixelsInTurn = paintInTurn((image: HTMLImageElement, rgba: Uint8ClampedArray | null | undefined) =>
  showPixels(image, rgba ?? null),
);

/**
 * A Svelte action for an <img>: a 28 × 28 image (values in [0, 1]) as dark ink on white, in a task of
 * its own; `null` shows nothing. `<img alt="…" src={BLANK} width="28" height="28" use:inkInTurn={pixels}>`.
 */
export const inkInTurn = paintInTurn((image: HTMLImageElement, px: Float32Array | null) =>
  showPixels(image, px && inkRgba(px)),
);
