// On a phone, the figures whose words change as a slider moves keep their height: the reader steps the
// slider across its range with the keyboard, each answer arrives, and in every frame the slider stays
// where it is and the part of the figure below it keeps one height (nothing under the reader's hand
// moves). The words keep the room of the longest they can become (`.steady`, src/lib/steady-text.ts).
import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../setup/chromium.ts';
import { watchedPage } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const chromium = useChromium({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });

interface Case {
  figure: string;
  /** The state it opens in: the widest words this slider can bring. */
  query: string;
  /** The slider, by the end of its id. */
  slider: string;
  /** Pressed in turn, from the slider's start. */
  keys: string[];
  /** Where the presses end: the slider's far end. */
  last: string;
  /** What must keep its height, inside the figure. */
  steady: string;
  /** Matches once the figure shows its answer for the slider's value. */
  answered: (value: string) => string;
}

const DIMENSIONS = ['1', '2', '10', '100', '784', '150528'];

const CASES: Case[] = [
  {
    // A targeted attack says more; the first step (ε = 0.005) amplifies the perturbation most (×100).
    figure: 'fig-attack-lab',
    query: 'lab.attack=fgsm-targeted',
    slider: '-eps',
    keys: ['ArrowRight', ...Array<string>(10).fill('PageUp')],
    last: '0.5',
    steady: '.result',
    answered: (v) => `.result[aria-busy="false"][data-eps="${v}"]`,
  },
  {
    // Moving the digits takes the most words to say.
    figure: 'fig-shift-lab',
    query: 'shift.kind=move',
    slider: '-level',
    keys: Array<string>(10).fill('PageUp'),
    last: '1',
    steady: '.result',
    answered: (v) => `.result[aria-busy="false"][data-level="${v}"]`,
  },
  {
    figure: 'fig-where-points',
    query: '',
    slider: '-d',
    keys: Array<string>(5).fill('ArrowRight'),
    last: '5',
    steady: '.wp-hists',
    answered: (v) => `.wp-hist-box[data-d="${DIMENSIONS[Number(v)]}"][aria-busy="false"] .wp-stats`,
  },
  {
    // The range's end, from its lowest (the figure keeps the range 0.5 wide: −2.5) to 3.
    figure: 'fig-inside-outside',
    query: '',
    slider: '-hi',
    keys: Array<string>(10).fill('PageUp'),
    last: '3',
    steady: '.fit',
    answered: (v) => `.fit[aria-busy="false"][data-hi="${v}"]`,
  },
];

describe('figures on a phone', () => {
  it.each(CASES)('$figure keeps its height while $slider is stepped across its range', async (c) => {
    const { page, watch } = await watchedPage(chromium.context, siteUrl);
    await page.goto(`${siteUrl}figures/${c.figure}/${c.query ? `?${c.query}` : ''}`);
    const fig = `#${c.figure}`;
    const slider = page.locator(`${fig} input[type="range"][id$="${c.slider}"]`);
    await slider.waitFor({ timeout: 60_000 });
    await slider.scrollIntoViewIfNeeded();
    await slider.focus();
    // The figure may move the slider on (a range keeps a least width): wait for the answer to where it stays.
    const answer = async () => {
      let value = '';
      await expect
        .poll(
          async () => {
            value = await slider.inputValue();
            return page.locator(`${fig} ${c.answered(value)}`).count();
          },
          { timeout: 60_000 },
        )
        .toBe(1);
      return value;
    };
    await page.keyboard.press('Home');
    await answer();

    // Every frame from here on: the slider's place on the page and the height below it.
    await page.evaluate(
      ({ steady, slider }) => {
        const seen = { heights: new Set<number>(), sliderTops: new Set<number>() };
        (window as unknown as { __steady: typeof seen }).__steady = seen;
        const frame = () => {
          const box = document.querySelector(steady)!.getBoundingClientRect();
          seen.heights.add(Math.round(box.height));
          seen.sliderTops.add(Math.round(document.querySelector(slider)!.getBoundingClientRect().top + scrollY));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      },
      { steady: `${fig} ${c.steady}`, slider: `${fig} input[type="range"][id$="${c.slider}"]` },
    );
    const values = [await slider.inputValue()];
    for (const key of c.keys) {
      await page.keyboard.press(key);
      values.push(await answer());
    }
    const seen = await page.evaluate(() => {
      const s = (window as unknown as { __steady: { heights: Set<number>; sliderTops: Set<number> } }).__steady;
      return { heights: [...s.heights], sliderTops: [...s.sliderTops] };
    });
    // The slider really went across its range, one answer per value.
    expect(new Set(values).size).toBe(c.keys.length + 1);
    expect(values.at(-1)).toBe(c.last);
    expect(seen).toEqual({ heights: [seen.heights[0]], sliderTops: [seen.sliderTops[0]] });
    expect(watch.pageErrors).toEqual([]);
    await page.close();
  });
});
