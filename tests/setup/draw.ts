// Drawing on a figure's drawing pad (src/ui/DrawPad.svelte) as a reader would, with the mouse.
import type { Locator, Page } from 'playwright-core';

/** A "1": one vertical stroke, slightly slanted, across most of the pad's height. */
export async function drawOne(page: Page, pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++)
    await page.mouse.move(box.x + box.width * (0.52 - 0.006 * k), box.y + box.height * (0.15 + 0.06 * k));
  await page.mouse.up();
}
