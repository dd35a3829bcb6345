// Screenshots of the served site for a person to look at:
//   node scripts/screenshot.ts <url> <out.png> [width] [height] [dark|light] [full]
import { launchChromium } from '../tests/setup/browser.ts';

const [url, out, width = '1280', height = '900', theme = 'light', full = ''] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.ts <url> <out.png> [width] [height] [dark|light] [full]');
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.newPage({
  viewport: { width: Number(width), height: Number(height) },
  colorScheme: theme === 'dark' ? 'dark' : 'light',
});
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: full === 'full' });
await browser.close();
console.error(`wrote ${out}`);
