// What a figure's small digits show (28 × 28 canvases, or images of them): the dark (inked) pixels of
// each, read back in the page.
import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

/** For each 28 × 28 canvas or image `digits` matches, the indices of its dark opaque pixels, joined by commas. */
export const digitInks = (digits: Locator): Promise<string[]> =>
  digits.evaluateAll((els: (HTMLCanvasElement | HTMLImageElement)[]) =>
    els.map((el) => {
      let canvas = el;
      if (el instanceof HTMLImageElement) {
        // Not loaded yet: nothing shown.
        if (!el.complete || !el.naturalWidth) return '';
        canvas = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
        canvas.getContext('2d')!.drawImage(el, 0, 0);
      }
      const data = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      const dark: number[] = [];
      for (let i = 0; i < 784; i++) if (data[4 * i + 3] === 255 && data[4 * i]! < 128) dark.push(i);
      return dark.join(',');
    }),
  );

/**
 * Waits until each of the `count` digits shows one (more than `least` inked pixels: they are painted
 * one a task, so some may still be coming), and returns what they show.
 */
export async function inkedDigits(digits: Locator, count: number, least: number): Promise<string[]> {
  const inked = (inks: string[]) => inks.filter((d) => d.split(',').length > least).length;
  await expect.poll(async () => inked(await digitInks(digits))).toBe(count);
  return digitInks(digits);
}
