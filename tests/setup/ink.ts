// What a figure's small digit canvases show: the dark (inked) pixels of each, read back in the page.
import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

/** For each 28 × 28 canvas `canvases` matches, the indices of its dark opaque pixels, joined by commas. */
export const canvasInks = (canvases: Locator): Promise<string[]> =>
  canvases.evaluateAll((els: HTMLCanvasElement[]) =>
    els.map((canvas) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      const dark: number[] = [];
      for (let i = 0; i < 784; i++) if (data[4 * i + 3] === 255 && data[4 * i]! < 128) dark.push(i);
      return dark.join(',');
    }),
  );

/**
 * Waits until each of the `count` canvases shows a digit (more than `least` inked pixels: they are
 * painted one a task, so some may still be coming), and returns what they show.
 */
export async function inkedDigits(canvases: Locator, count: number, least: number): Promise<string[]> {
  const inked = (inks: string[]) => inks.filter((d) => d.split(',').length > least).length;
  await expect.poll(async () => inked(await canvasInks(canvases))).toBe(count);
  return canvasInks(canvases);
}
