import { describe, expect, it } from 'vitest';
import { MEASURES, measurePath, shiftFrame, shiftScales } from './chart.ts';

describe('shift chart layout', () => {
  it('fills the box at 1:1 and keeps a readable minimum', () => {
    expect(shiftFrame(340).width).toBe(340);
    expect(shiftFrame(100).width).toBe(260);
    expect(shiftFrame(0).width).toBe(560);
  });
  it('maps severity and fraction into the plot area', () => {
    const f = shiftFrame(500);
    const { x, y } = shiftScales(f);
    expect(x(0)).toBe(f.left);
    expect(x(1)).toBe(f.width - f.right);
    expect(y(1)).toBe(f.top);
    expect(y(0)).toBe(f.height - f.bottom);
  });
  it('draws each measure through its points in severity order', () => {
    const f = shiftFrame(500);
    const pts = [
      { level: 1, accuracy: 0.2, confidence: 0.8, confidentMistakes: 0.3 },
      { level: 0, accuracy: 1, confidence: 1, confidentMistakes: 0 },
    ];
    expect(measurePath(pts, 'accuracy', f)).toBe(`M${f.left},${f.top}L${f.width - f.right},${shiftScales(f).y(0.2)}`);
    // Never colour alone: every measure has its own dash or marker.
    expect(new Set(MEASURES.map((m) => `${m.dash}|${m.marker}`)).size).toBe(MEASURES.length);
  });
});
