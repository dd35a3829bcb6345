// Renders the site's icon (public/favicon.png, 32 × 32) from scripts/favicon/favicon.svg. The site ships a
// PNG, not the SVG: Chromium draws an SVG favicon as a document of its own on the page's main thread
// again after every history.replaceState, which the figures call on each change of state (5 ms a time
// at full speed, 20-90 ms at 4× CPU slow-down, measured). Run after changing the SVG; the PNG is committed.
//   node scripts/favicon/make-favicon.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium } from '../../tests/setup/browser.ts';

const SIZE = 32;
const svg = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');
const browser = await launchChromium('measure');
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(
    `<style>html, body { margin: 0; background: transparent } svg { display: block; width: ${SIZE}px; height: ${SIZE}px }</style>${svg}`,
  );
  writeFileSync('public/favicon.png', await page.screenshot({ omitBackground: true }));
} finally {
  await browser.close();
}
