// The drawing pad's clean-up: a stroke drawn with the keyboard is handed over after a short pause;
// once the pad is gone (the reader switched back to the digit list), nothing more may come out of it.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeCanvas2d } from '../../tests/setup/fake-canvas.ts';
import DrawPad from './DrawPad.svelte';

beforeEach(() => {
  fakeCanvas2d();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

function press(target: Element, key: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
}

describe('DrawPad', () => {
  it('hands a keyboard stroke over after a pause', () => {
    const onchange = vi.fn();
    const pad = mount(DrawPad, { target: document.body, props: { onchange, idPrefix: 't' } });
    const canvas = document.getElementById('t-pad')!;
    press(canvas, ' '); // pen down
    press(canvas, 'ArrowRight');
    expect(onchange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(onchange).toHaveBeenCalledTimes(1);
    unmount(pad);
  });

  it('hands nothing over once it is unmounted mid-stroke', () => {
    const onchange = vi.fn();
    const pad = mount(DrawPad, { target: document.body, props: { onchange, idPrefix: 't' } });
    const canvas = document.getElementById('t-pad')!;
    press(canvas, ' ');
    press(canvas, 'ArrowDown');
    unmount(pad);
    vi.advanceTimersByTime(1000);
    expect(onchange).not.toHaveBeenCalled();
  });

  it('does not hand over a stroke that was cleared before the pause ended', () => {
    const onchange = vi.fn();
    const pad = mount(DrawPad, { target: document.body, props: { onchange, idPrefix: 't' } });
    const canvas = document.getElementById('t-pad')!;
    press(canvas, ' ');
    press(canvas, 'ArrowDown');
    press(canvas, 'Delete');
    expect(onchange).toHaveBeenLastCalledWith(null);
    vi.advanceTimersByTime(1000);
    expect(onchange).toHaveBeenCalledTimes(1);
    unmount(pad);
  });
});
