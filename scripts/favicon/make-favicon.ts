// Renders the site's icon, public/favicon.png (32 × 32), from favicon.svg beside this script: an SVG icon
// costs the page's main thread a document parse after every replaceState (tests/e2e/budget.test.ts).
// Run after changing the SVG; the PNG is committed.
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
  writeFileSync(new URL('../../public/favicon.png', import.meta.url), await page.screenshot({ omitBackground: true }));
} finally {
  await browser.close();
}
console.log('wrote public/favicon.png');
