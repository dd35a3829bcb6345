import { describe, expect, it } from 'vitest';
import { readState, writeState } from '../../lib/url-state.ts';
import {
  PREFIX,
  SLIDER_MAX,
  describeView,
  distanceSentence,
  makeSchema,
  pointsFromSlider,
  sliderFromPoints,
  validPair,
  wrapDegrees,
} from './state.ts';

const schema = makeSchema();
const read = (q: string) => readState(schema, PREFIX, new URLSearchParams(q));

describe('URL state', () => {
  it('defaults to the figure as first drawn', () => {
    expect(read('')).toEqual({
      n: 2000,
      noise: 0,
      hole: false,
      unroll: false,
      yaw: -30,
      pitch: 20,
      zoom: 1,
      pair: null,
    });
    expect(readState(makeSchema(5000), PREFIX, new URLSearchParams('')).n).toBe(5000);
    expect(readState(makeSchema(1e9), PREFIX, new URLSearchParams('')).n).toBe(100_000);
  });
  it('reads a shared link', () => {
    expect(
      read('sr.n=20000&sr.noise=0.5&sr.hole=1&sr.unroll=1&sr.yaw=40&sr.pitch=-10&sr.zoom=2.5&sr.pair=12_345'),
    ).toEqual({
      n: 20_000,
      noise: 0.5,
      hole: true,
      unroll: true,
      yaw: 40,
      pitch: -10,
      zoom: 2.5,
      pair: [12, 345],
    });
  });
  it('clamps values out of range and ignores garbage', () => {
    expect(read('sr.n=5&sr.noise=9&sr.yaw=720&sr.pitch=-100&sr.zoom=0')).toMatchObject({
      n: 100,
      noise: 2,
      yaw: 180,
      pitch: -85,
      zoom: 0.5,
    });
    expect(read('sr.n=1e9&sr.pair=-4_123456')).toMatchObject({ n: 100_000, pair: [0, 99_999] });
    expect(read('sr.n=many&sr.noise=%3Cscript%3E&sr.unroll=perhaps&sr.yaw=NaN&sr.zoom=Infinity&sr.pair=1_2_3')).toEqual(
      read(''),
    );
    expect(read('other.n=5&sr.pair=7')).toEqual(read(''));
  });
  it('writes only what differs from the default, and reads back what it wrote', () => {
    const state = { ...read(''), n: 50_000, unroll: true, pair: [3, 4] as const };
    const params = writeState(schema, PREFIX, state, new URLSearchParams('keep=1&sr.noise=0'));
    expect(params.toString()).toBe('keep=1&sr.n=50000&sr.unroll=1&sr.pair=3_4');
    expect(read(params.toString())).toEqual(state);
  });
  it('drops a pair that does not fit the sample', () => {
    expect(validPair([3, 4], 10)).toEqual([3, 4]);
    expect(validPair([3, 40], 10)).toBeNull();
    expect(validPair([3, 3], 10)).toBeNull();
    expect(validPair(null, 10)).toBeNull();
  });
});

describe('points slider', () => {
  it('spans 100 to 100,000 on a log scale with round numbers', () => {
    expect(pointsFromSlider(0)).toBe(100);
    expect(pointsFromSlider(SLIDER_MAX)).toBe(100_000);
    expect(pointsFromSlider(100)).toBe(1000);
    expect(pointsFromSlider(130)).toBe(2000);
    expect(pointsFromSlider(-5)).toBe(100);
    for (let v = 0; v <= SLIDER_MAX; v += 7) {
      const n = pointsFromSlider(v);
      expect(String(n).replace(/0+$/, '').length).toBeLessThanOrEqual(2);
      expect(Math.abs(sliderFromPoints(n) - v)).toBeLessThanOrEqual(3);
    }
  });
});

describe('words', () => {
  it('wraps angles', () => {
    expect(wrapDegrees(190)).toBe(-170);
    expect(wrapDegrees(-180)).toBe(-180);
    expect(wrapDegrees(540)).toBe(-180);
  });
  it('describes the view', () => {
    const text = describeView(read(''), 2000, null);
    expect(text).toMatch(/2,000 points without noise/);
    expect(text).toMatch(/rolled up/);
    expect(text).toMatch(/obliquely.* from the left, from slightly above/);
    const flat = describeView({ ...read(''), unroll: true, yaw: 0, pitch: 0, zoom: 2, noise: 0.3 }, 100_000, {
      a: 1,
      b: 2,
      straight: 3,
      along: 9,
      method: 'graph',
      exact: 9,
    });
    expect(flat).toMatch(/100,000 points with noise of standard deviation 0.3/);
    expect(flat).toMatch(/flat sheet.*seen face on, at eye level, zoomed in 2.0 times/);
    expect(flat).toMatch(/Points 1 and 2 are marked/);
  });
  it('says when a pair is close in 3-D but far along the sheet', () => {
    const s = distanceSentence({ a: 5, b: 9, straight: 6.3, along: 60.1, method: 'exact', exact: 60.1 });
    expect(s).toMatch(/^Points 5 and 9: 6.3 apart in a straight line through 3-D space, 60.1 along the sheet\./);
    expect(s).toMatch(/close in 3-D but far apart on the sheet: 9.5 times as far/);
  });
  it('says when the two distances agree, and names the graph estimate and its shortcuts', () => {
    expect(distanceSentence({ a: 1, b: 2, straight: 4, along: 4.1, method: 'exact', exact: 4.1 })).toMatch(
      /nearly agree/,
    );
    expect(distanceSentence({ a: 1, b: 2, straight: 4, along: 6, method: 'exact', exact: 6 })).toMatch(
      /1.5 times the straight line/,
    );
    expect(distanceSentence({ a: 1, b: 2, straight: 4, along: 30, method: 'graph', exact: 31 })).toMatch(
      /estimated by the shortest path through a graph of nearest neighbours.*close in 3-D/,
    );
    expect(distanceSentence({ a: 1, b: 2, straight: 6, along: 8, method: 'graph', exact: 40 })).toMatch(
      /shortcut between turns/,
    );
    expect(distanceSentence({ a: 1, b: 2, straight: 6, along: null, method: 'graph', exact: 40 })).toMatch(
      /does not connect them/,
    );
  });
});
