import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME,
  PUBLISHED,
  frameForWidth,
  accuracyAt,
  comparisons,
  linePath,
  scales,
  seriesFromTable,
  xTicks,
  type Series,
} from './curves.ts';

const table = {
  count: 2000,
  clean: { accuracy: 0.98 },
  pgd: { steps: 20 },
  rows: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3].map((e) => ({
    epsilon: e,
    fgsm: { accuracy: 1 - 3 * e },
    pgd: { accuracy: Math.max(0, 1 - 4 * e) },
  })),
};

describe('robustness curves', () => {
  it('maps ε and accuracy into the frame', () => {
    const { x, y } = scales(DEFAULT_FRAME);
    expect(x(0)).toBe(DEFAULT_FRAME.left);
    expect(x(DEFAULT_FRAME.epsMax)).toBe(DEFAULT_FRAME.width - DEFAULT_FRAME.right);
    expect(y(1)).toBe(DEFAULT_FRAME.top);
    expect(y(0)).toBe(DEFAULT_FRAME.height - DEFAULT_FRAME.bottom);
    expect(xTicks(DEFAULT_FRAME)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });
  it('sizes the frame to the box, so a phone draws at 1:1 rather than shrinking the text', () => {
    expect(frameForWidth(340).width).toBe(340);
    expect(frameForWidth(340).height).toBeGreaterThanOrEqual(220);
    // The last tick label ("0.3", ~18 px wide at 12 px) ends well inside a phone-sized box.
    for (const w of [300, 340, 390]) {
      const f = frameForWidth(w);
      expect(scales(f).x(f.epsMax) + 9 + 12).toBeLessThanOrEqual(f.width);
    }
    expect(frameForWidth(700)).toMatchObject({ width: 700, height: 320 });
    expect(frameForWidth(100).width).toBe(260); // below this the ticks would overlap
    expect(frameForWidth(0)).toBe(DEFAULT_FRAME); // not laid out yet
    expect(frameForWidth(Number.NaN)).toBe(DEFAULT_FRAME);
  });
  it('turns a manifest table into FGSM and PGD series starting at clean accuracy', () => {
    const [fgsm, pgd] = seriesFromTable('cnn', table);
    expect(fgsm!.points).toHaveLength(7);
    expect(fgsm!.points[0]).toEqual({ epsilon: 0, accuracy: 0.98 });
    expect(pgd!.steps).toBe(20);
    expect(accuracyAt(pgd!, 0.2)).toBeCloseTo(0.2);
    expect(accuracyAt(fgsm!, 0.225)).toBeCloseTo((0.4 + 0.25) / 2);
    expect(accuracyAt(fgsm!, 0.4)).toBeNull();
  });
  it('draws paths in ε order', () => {
    const d = linePath(
      [
        { epsilon: 0.1, accuracy: 0.5 },
        { epsilon: 0, accuracy: 1 },
      ],
      DEFAULT_FRAME,
    );
    expect(d.startsWith(`M${DEFAULT_FRAME.left},${DEFAULT_FRAME.top}`)).toBe(true);
    expect(d.split('L')).toHaveLength(2);
  });
  it('compares each published point with the matching model and attack, in plain words', () => {
    const series: Series[] = [
      ...seriesFromTable('linear', { ...table, rows: table.rows.map((r) => ({ ...r, fgsm: { accuracy: 0.01 } })) }),
    ];
    const out = comparisons(series);
    expect(out.map((c) => c.point.n)).toEqual([1]);
    expect(out[0]!.text).toBe(
      "At ε = 0.25 under FGSM, our linear keeps 1% accuracy; Goodfellow et al. 2015's shallow softmax kept 0.1% (99.9% error): they agree.",
    );
    const robust = comparisons(seriesFromTable('cnn-robust', table));
    expect(robust.map((c) => c.point.n)).toEqual([3, 4, 5]);
    expect(robust.find((c) => c.point.n === 5)!.text).toMatch(
      /under PGD, our cnn-robust keeps 0\.0% accuracy \(PGD-20\); .* about 92\.5% \(PGD-100\): ours is 93 points lower, though the two were trained differently \(.*\)\.$/,
    );
  });
  it('lists the published numbers the issue names', () => {
    expect(PUBLISHED.map((p) => [p.epsilon, p.accuracy])).toEqual([
      [0.25, 0.001],
      [0.25, 0.106],
      [0.25, 0.821],
      [0.3, 0.96],
      [0.3, 0.925],
    ]);
    // The words under the chart say the same number the marker is drawn at.
    for (const p of PUBLISHED)
      expect(p.reported).toMatch(
        new RegExp(`^(about )?${String(Math.round(p.accuracy * 1000) / 10).replace('.', '\\.')}%`),
      );
  });
});
