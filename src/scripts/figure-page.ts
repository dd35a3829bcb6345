// A figure's page of its own (src/pages/figures/): present mode, "hide controls", stepping to the
// chapter's previous and next figure with the arrow keys, and "copy embed code". The modes live in
// the query (src/lib/figure-modes.ts) and on <html> as data-view / data-controls for the CSS.
import { embedCode, embedUrl, readModes, writeModes, type FigureModes } from '../lib/figure-modes.ts';

const root = document.documentElement;
const main = document.querySelector<HTMLElement>('[data-figure-page]');

function show(modes: FigureModes): void {
  if (modes.present) root.dataset.view = 'present';
  else delete root.dataset.view;
  if (modes.controlsHidden) root.dataset.controls = 'hidden';
  else delete root.dataset.controls;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-present]'))
    b.setAttribute('aria-pressed', String(modes.present));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-hide-controls]'))
    b.setAttribute('aria-pressed', String(modes.controlsHidden));
}

/** Writes the modes into the address (replaceState: the back button is not flooded). */
function save(modes: FigureModes): void {
  const search = writeModes(new URLSearchParams(location.search), modes).toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

function announce(text: string): void {
  const status = document.querySelector<HTMLElement>('.figure-alone-status');
  if (status) status.textContent = text;
}

/** Keys that a focused control uses itself (sliders, radio groups, the drawing pad, the 3-D view). */
function ownsKeys(target: EventTarget | null): boolean {
  return !!(target as Element | null)?.closest?.(
    'input, select, textarea, [contenteditable]:not([contenteditable="false"]), canvas, [role="slider"], ' +
      '[role="radiogroup"], [role="listbox"], [role="grid"], [role="tablist"], [role="menu"], [role="application"]',
  );
}

function setupFigurePage(page: HTMLElement): void {
  let modes = readModes(new URLSearchParams(location.search));
  // Drop unreadable values (view=slides, controls=maybe) from the address.
  save(modes);
  show(modes);
  const set = (next: FigureModes, message: string) => {
    modes = next;
    show(modes);
    save(modes);
    announce(message);
  };
  const togglePresent = () =>
    set(
      { ...modes, present: !modes.present },
      modes.present ? 'Present mode off.' : 'Present mode: arrow keys step through the figures, Escape leaves.',
    );
  const toggleControls = () =>
    set(
      { ...modes, controlsHidden: !modes.controlsHidden },
      modes.controlsHidden ? 'Controls shown.' : 'Controls hidden: the figure shows a fixed state.',
    );

  for (const el of document.querySelectorAll<HTMLElement>('[data-present], [data-hide-controls], .present-hint'))
    el.hidden = false;
  document.querySelector('[data-present]')?.addEventListener('click', togglePresent);
  document.querySelector('[data-hide-controls]')?.addEventListener('click', toggleControls);

  const step = (which: 'prev' | 'next') => {
    const link = document.querySelector<HTMLAnchorElement>(`a[data-step="${which}"]`);
    if (!link) {
      announce(
        which === 'next' ? 'This is the last figure of the chapter.' : 'This is the first figure of the chapter.',
      );
      return;
    }
    // The figure's state, written into the address at once (src/runtime/address-writes.ts).
    dispatchEvent(new Event('aside:read-address'));
    link.search = location.search;
    location.assign(link.href);
  };

  addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || ownsKeys(e.target)) return;
    if (e.key === 'p' || e.key === 'P') togglePresent();
    else if (e.key === 'Escape' && modes.present) togglePresent();
    else if (modes.present && e.key === 'ArrowRight') step('next');
    else if (modes.present && e.key === 'ArrowLeft') step('prev');
    else return;
    e.preventDefault();
  });

  const copyEmbed = document.querySelector<HTMLButtonElement>('[data-copy-embed]');
  if (copyEmbed && page.dataset.embedPath) {
    copyEmbed.hidden = false;
    copyEmbed.addEventListener('click', async () => {
      dispatchEvent(new Event('aside:read-address'));
      const code = embedCode(embedUrl(location.href, page.dataset.embedPath!), page.dataset.figureTitle ?? '');
      try {
        await navigator.clipboard.writeText(code);
        announce('Embed code copied: paste it into your course page.');
      } catch {
        announce(`Copying is blocked here. The embed code is: ${code}`);
      }
    });
  }
}

/** An embed page honours "controls hidden" too, for a fixed state in a course page. */
function setupEmbedPage(): void {
  show({ present: false, controlsHidden: readModes(new URLSearchParams(location.search)).controlsHidden });
}

if (main) setupFigurePage(main);
else if (document.querySelector('[data-figure-embed]')) setupEmbedPage();
// For tests and styles: the keys and buttons work from here on (this file loads after the page).
root.dataset.figureTools = 'ready';
