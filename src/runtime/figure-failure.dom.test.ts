// A figure whose code does not arrive says so inside itself: the island's own component (Astro's
// hydration-error event) and a chunk the island imports (importFigureCode).
import { afterEach, describe, expect, it } from 'vitest';
import { importFigureCode, showFigureFailure, watchIslandFailures } from './figure-failure.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

function figure(): { frame: HTMLElement; island: HTMLElement } {
  document.body.innerHTML = `
    <figure id="fig-x"><div class="widget-frame">
      <svg class="widget-static"></svg>
      <astro-island component-url="/_astro/Thing.abc123.js"><div class="controls"></div></astro-island>
    </div><figcaption>Caption</figcaption></figure>`;
  return {
    frame: document.querySelector<HTMLElement>('.widget-frame')!,
    island: document.querySelector<HTMLElement>('astro-island')!,
  };
}

function failHydration(island: Element, error: unknown) {
  island.dispatchEvent(
    new CustomEvent('astro:hydration-error', {
      bubbles: true,
      cancelable: true,
      detail: { error, componentUrl: island.getAttribute('component-url') },
    }),
  );
}

describe('watchIslandFailures', () => {
  it('writes a message naming the file inside the figure whose island failed', () => {
    const { frame, island } = figure();
    const stop = watchIslandFailures();
    failHydration(
      island,
      new TypeError('Failed to fetch dynamically imported module: http://x/_astro/Thing.abc123.js'),
    );
    const note = frame.querySelector('.figure-failure');
    expect(note?.getAttribute('role')).toBe('status');
    expect(note?.textContent).toMatch(
      /^The interactive figure could not start: its code \(Thing\.abc123\.js\) did not download/,
    );
    expect(frame.hasAttribute('data-island-failed')).toBe(true);
    // Inside the frame, not in the caption.
    expect(document.querySelector('figcaption .figure-failure')).toBeNull();
    stop();
  });

  it('names the island’s file when the browser’s error does not (Safari)', () => {
    const { frame, island } = figure();
    const stop = watchIslandFailures();
    failHydration(island, new TypeError('Importing a module script failed.'));
    expect(frame.querySelector('.figure-failure')?.textContent).toMatch(/its code \(Thing\.abc123\.js\)/);
    stop();
  });

  it('stops listening when asked', () => {
    const { frame, island } = figure();
    watchIslandFailures()();
    failHydration(island, new TypeError('Importing a module script failed.'));
    expect(frame.querySelector('.figure-failure')).toBeNull();
  });
});

describe('showFigureFailure', () => {
  it('replaces its earlier message instead of adding another', () => {
    const { frame, island } = figure();
    showFigureFailure(island, 'first');
    showFigureFailure(island, 'second');
    expect([...frame.querySelectorAll('.figure-failure')].map((n) => n.textContent)).toEqual(['second']);
  });
});

describe('importFigureCode', () => {
  it('passes a module through', async () => {
    await expect(importFigureCode(async () => ({ answer: 42 }))).resolves.toEqual({ answer: 42 });
  });
  it('turns a failed download into the sentence to show', async () => {
    const failed = () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://x/_astro/scene.q1.js'));
    await expect(importFigureCode(failed, '3-D view')).rejects.toThrow(
      /^The 3-D view could not start: its code \(scene\.q1\.js\) did not download/,
    );
  });
});
