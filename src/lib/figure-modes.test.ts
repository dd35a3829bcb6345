import { describe, expect, it } from 'vitest';
import { embedCode, embedUrl, readModes, writeModes } from './figure-modes.ts';

describe('figure modes in the query', () => {
  it('reads present mode and hidden controls, and nothing else', () => {
    expect(readModes(new URLSearchParams('view=present&controls=hidden'))).toEqual({
      present: true,
      controlsHidden: true,
    });
    expect(readModes(new URLSearchParams('view=slides&controls=maybe'))).toEqual({
      present: false,
      controlsHidden: false,
    });
    expect(readModes(new URLSearchParams(''))).toEqual({ present: false, controlsHidden: false });
  });
  it("writes them next to the figures' own state, dropping values that mean nothing", () => {
    const params = new URLSearchParams('lab.eps=0.3&view=slides&controls=maybe');
    expect(writeModes(params, { present: true, controlsHidden: false }).toString()).toBe('lab.eps=0.3&view=present');
    expect(writeModes(params, { present: false, controlsHidden: false }).toString()).toBe('lab.eps=0.3');
    expect(params.toString()).toBe('lab.eps=0.3&view=slides&controls=maybe');
  });
});

describe('embedding', () => {
  it("points at the embed page with the figure's state, never in present mode", () => {
    expect(
      embedUrl(
        'https://uni.example/courses/ml/aside/figures/fig-shift-lab/?shift.kind=fade&view=present&controls=hidden#x',
        '/courses/ml/aside/figures/fig-shift-lab/embed/',
      ),
    ).toBe('https://uni.example/courses/ml/aside/figures/fig-shift-lab/embed/?shift.kind=fade&controls=hidden');
  });
  it('writes an iframe whose attributes are escaped', () => {
    expect(embedCode('https://a.example/e/?x=1&y=2', 'Figure 2.1: "Feature" <space>')).toBe(
      '<iframe src="https://a.example/e/?x=1&amp;y=2" title="Figure 2.1: &quot;Feature&quot; &lt;space&gt;" ' +
        'width="640" height="480" loading="lazy" style="border: 1px solid #ccc; max-width: 100%;"></iframe>',
    );
  });
});
