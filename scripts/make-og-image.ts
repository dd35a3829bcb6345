// Renders the link-preview image (public/og.png, 1200×630) from the Swiss roll generator, so a pasted
// link shows a picture served by the site itself. Run once after changing the design; the PNG is committed.
import { launchChromium } from '../tests/setup/browser.ts';
import { makeSwissRoll, T_MAX, T_MIN } from '../src/lib/swiss-roll.ts';
import book from '../content/book.json' with { type: 'json' };

const roll = makeSwissRoll({ count: 2500, seed: 7 });
const stops = [
  [68, 1, 84],
  [65, 68, 135],
  [42, 120, 142],
  [34, 168, 132],
  [122, 209, 81],
  [253, 231, 37],
];
const colour = (f: number) => {
  const x = Math.min(0.9999, Math.max(0, f)) * (stops.length - 1);
  const i = Math.floor(x),
    w = x - i;
  return `rgb(${stops[i]!.map((v, k) => Math.round(v + (stops[i + 1]![k]! - v) * w)).join(',')})`;
};
const circles: string[] = [];
for (let i = 0; i < roll.count; i++) {
  const x = roll.positions[3 * i]!,
    y = roll.positions[3 * i + 1]!,
    z = roll.positions[3 * i + 2]!;
  const sx = 880 + 11 * (x * 0.88 + (y - 10.5) * -0.48);
  const sy = 315 - 11 * (z * 0.94 - (x * 0.48 + (y - 10.5) * 0.88) * 0.34);
  circles.push(
    `<circle cx="${sx.toFixed(1)}" cy="${sy.toFixed(1)}" r="3" fill="${colour((roll.t[i]! - T_MIN) / (T_MAX - T_MIN))}"/>`,
  );
}
const html = `<!doctype html><html><body style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#16171a"/>${circles.join('')}
<text x="64" y="250" fill="#e6e3dc" font-family="Georgia, serif" font-size="64" font-weight="700">High-dimensional</text>
<text x="64" y="325" fill="#e6e3dc" font-family="Georgia, serif" font-size="64" font-weight="700">distributions</text>
<text x="64" y="390" fill="#a9a49a" font-family="sans-serif" font-size="28">manifolds · feature space · adversarial examples</text>
<text x="64" y="560" fill="#e69f00" font-family="sans-serif" font-size="26">${book.shortTitle}</text>
</svg></body></html>`;
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(html);
await page.screenshot({ path: 'public/og.png' });
await browser.close();
console.log('wrote public/og.png');
