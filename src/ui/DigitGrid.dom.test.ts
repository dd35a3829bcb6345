// The digit picker from the keyboard: its page of thumbnails is a single tab stop (roving tabindex),
// arrow keys move the choice and the focus, Home and End go to the ends of the page, and walking past
// the end of a page turns it.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DigitSet } from '../lib/digit-set.ts';
import { fakeCanvas2d } from '../../tests/setup/fake-canvas.ts';
import { reactiveProps } from '../../tests/setup/reactive.svelte.ts';
import DigitGrid from './DigitGrid.svelte';

const digits: DigitSet = {
  count: 30,
  width: 28,
  height: 28,
  pixels: new Float32Array(30 * 784),
  labels: Uint8Array.from({ length: 30 }, (_, i) => i % 10),
};

beforeEach(() => fakeCanvas2d());
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** Mounts the picker at `value`; its onchange moves the value, as a figure does. */
function picker(value: number) {
  const props = reactiveProps({
    digits,
    value,
    idPrefix: 'p',
    legend: 'Digit',
    perPage: 12,
    columns: 6,
    onchange: (i: number) => (props.value = i),
  });
  const component = mount(DigitGrid, { target: document.body, props });
  flushSync();
  return { props, component };
}

const thumbs = () => [...document.querySelectorAll<HTMLButtonElement>('.thumb')];
const tabStops = () =>
  [...document.querySelectorAll<HTMLElement>('button, input')].filter((el) => el.tabIndex >= 0 && !el.hidden);
const focusedId = () => document.activeElement?.id;

async function press(key: string) {
  document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
  await Promise.resolve(); // the focus follows in a microtask, once the page has re-rendered
}

describe('DigitGrid from the keyboard', () => {
  it('is five tab stops, not sixteen: the chosen thumbnail is the only one', () => {
    const { component } = picker(3);
    expect(thumbs()).toHaveLength(12);
    expect(
      thumbs()
        .filter((t) => t.tabIndex === 0)
        .map((t) => t.id),
    ).toEqual(['p-thumb-3']);
    // Previous, the number, next, random, and one thumbnail.
    expect(tabStops()).toHaveLength(5);
    unmount(component);
  });

  it('moves the choice and the focus with the arrow keys, by rows of the grid', async () => {
    const { props, component } = picker(3);
    document.getElementById('p-thumb-3')!.focus();
    await press('ArrowRight');
    expect(props.value).toBe(4);
    expect(focusedId()).toBe('p-thumb-4');
    await press('ArrowDown'); // six columns
    expect(props.value).toBe(10);
    await press('ArrowLeft');
    await press('ArrowUp');
    expect(props.value).toBe(3);
    expect(focusedId()).toBe('p-thumb-3');
    expect(
      thumbs()
        .filter((t) => t.tabIndex === 0)
        .map((t) => t.id),
    ).toEqual(['p-thumb-3']);
    unmount(component);
  });

  it('goes to the ends of the page with Home and End', async () => {
    const { props, component } = picker(15);
    document.getElementById('p-thumb-15')!.focus();
    await press('End');
    expect(props.value).toBe(23);
    expect(focusedId()).toBe('p-thumb-23');
    await press('Home');
    expect(props.value).toBe(12);
    expect(focusedId()).toBe('p-thumb-12');
    unmount(component);
  });

  it('turns the page past its last thumbnail, and wraps round at the end of the set', async () => {
    const { props, component } = picker(11);
    document.getElementById('p-thumb-11')!.focus();
    await press('ArrowRight');
    expect(props.value).toBe(12);
    expect(thumbs()[0]!.id).toBe('p-thumb-12');
    expect(focusedId()).toBe('p-thumb-12');
    props.value = 29;
    flushSync();
    document.getElementById('p-thumb-29')!.focus();
    await press('ArrowRight');
    expect(props.value).toBe(0);
    expect(focusedId()).toBe('p-thumb-0');
    unmount(component);
  });

  it('leaves keys with modifiers to the browser', async () => {
    const { props, component } = picker(3);
    document.getElementById('p-thumb-3')!.focus();
    const event = new KeyboardEvent('keydown', { key: 'Home', ctrlKey: true, bubbles: true, cancelable: true });
    document.activeElement!.dispatchEvent(event);
    flushSync();
    expect(props.value).toBe(3);
    expect(event.defaultPrevented).toBe(false);
    unmount(component);
  });
});
