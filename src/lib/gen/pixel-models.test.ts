import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.ts';
import { fitPixelTables, logLikelihoodPerPixel, samplePixels } from './pixel-models.ts';
import { PIXELS, SIDE } from './pixels.ts';
import committed from './pixel-tables.json';

/** Synthetic 0/1 "digits": a vertical bar at a random column with a random length, plus rare speckle. */
function bars(count: number, seed: number): Uint8Array {
  const rng = mulberry32(seed);
  const x = new Uint8Array(count * PIXELS);
  for (let d = 0; d < count; d++) {
    const col = 8 + Math.floor(rng() * 12);
    const top = 3 + Math.floor(rng() * 6);
    const bottom = 18 + Math.floor(rng() * 7);
    for (let r = top; r < bottom; r++) for (let c = col; c < col + 3; c++) x[d * PIXELS + r * SIDE + c] = 1;
    for (let i = 0; i < PIXELS; i++) if (rng() < 0.01) x[d * PIXELS + i] = 1;
  }
  return x;
}

const litShare = (x: Uint8Array) => x.reduce((s, v) => s + v, 0) / x.length;

function draw(model: 'histogram' | 'marginal' | 'neighbours', tables: ReturnType<typeof fitPixelTables>, n: number) {
  const rng = mulberry32(5);
  const out = new Uint8Array(n * PIXELS);
  for (let d = 0; d < n; d++) out.set(samplePixels(tables, model, rng), d * PIXELS);
  return out;
}

describe('pixel models', () => {
  const train = bars(2000, 1);
  const held = bars(500, 2);
  const tables = fitPixelTables(train);

  it('the histogram sampler lights the data’s share of pixels, spread anywhere', () => {
    const s = draw('histogram', tables, 400);
    expect(litShare(s)).toBeCloseTo(litShare(train), 2);
    // No position is favoured: the corner lights as often as the centre.
    const at = (i: number) => Array.from({ length: 400 }, (_, d) => s[d * PIXELS + i]!).reduce((a, b) => a + b, 0);
    expect(Math.abs(at(0) - at(14 * SIDE + 14))).toBeLessThan(40);
  });

  it('the per-position sampler matches each pixel’s own marginal', () => {
    const s = draw('marginal', tables, 1000);
    let worst = 0;
    for (let i = 0; i < PIXELS; i++) {
      let k = 0;
      for (let d = 0; d < 1000; d++) k += s[d * PIXELS + i]!;
      worst = Math.max(worst, Math.abs(k / 1000 - tables.marginal[i]!));
    }
    // 1000 draws of a Bernoulli: 4.5 standard errors of p = 0.5 is about 0.07.
    expect(worst).toBeLessThan(0.07);
  });

  it('the neighbour sampler keeps the overall share and puts lit pixels next to lit pixels', () => {
    const s = draw('neighbours', tables, 400);
    expect(Math.abs(litShare(s) - litShare(train))).toBeLessThan(0.02);
    // P(lit | upper neighbour lit) is far above the overall share, as in the data's bars.
    let both = 0;
    let upLit = 0;
    for (let d = 0; d < 400; d++)
      for (let i = SIDE; i < PIXELS; i++) {
        if (!s[d * PIXELS + i - SIDE]) continue;
        upLit++;
        both += s[d * PIXELS + i]!;
      }
    expect(both / upLit).toBeGreaterThan(0.6);
    const indep = draw('marginal', tables, 400);
    let indepBoth = 0;
    let indepUp = 0;
    for (let d = 0; d < 400; d++)
      for (let i = SIDE; i < PIXELS; i++) {
        if (!indep[d * PIXELS + i - SIDE]) continue;
        indepUp++;
        indepBoth += indep[d * PIXELS + i]!;
      }
    expect(both / upLit).toBeGreaterThan(indepBoth / indepUp + 0.2);
  });

  it('held-out likelihood: neighbours > per-position > one histogram', () => {
    const [h, m, n] = (['histogram', 'marginal', 'neighbours'] as const).map((k) =>
      logLikelihoodPerPixel(tables, k, held),
    );
    expect(m).toBeGreaterThan(h!);
    expect(n).toBeGreaterThan(m!);
    expect(h).toBeLessThan(0);
  });

  it('draws are reproducible from a seed', () => {
    const a = samplePixels(tables, 'neighbours', mulberry32(9));
    const b = samplePixels(tables, 'neighbours', mulberry32(9));
    const c = samplePixels(tables, 'neighbours', mulberry32(10));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('the committed tables of the real digits rank the same way on the held-out digits', () => {
    const { histogram, marginal, neighbours } = committed.heldOut;
    expect(neighbours).toBeGreaterThan(marginal);
    expect(marginal).toBeGreaterThan(histogram);
    expect(committed.tables.marginal).toHaveLength(PIXELS);
    expect(committed.tables.neighbours).toHaveLength(4 * PIXELS);
  });
});
