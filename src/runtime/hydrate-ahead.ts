// `client:ahead` (registered by src/build/hydrate-ahead-integration.ts): hydrate an island once the
// page has loaded and the browser is idle, so that a heavy figure is ready before the reader scrolls
// to it; or as soon as it comes within `rootMargin` of the viewport, whichever is first; or at once
// when the page's address points into its figure. A reader saving data (src/lib/load-ahead.ts) gets
// only the last two, and so does every reader of an island given `idle: false` (Astro's
// `client:visible`, plus the preloading below). Either way the island's code is asked for at once.
// Astro bundles this file into the page.
import type { ClientDirective } from 'astro';
import { mayLoadAhead, type ConnectionHints } from '../lib/load-ahead.ts';

/** Links added per task: each starts a request, and twenty at once were a 50-100 ms task at 4× CPU slow-down. */
const LINKS_PER_TASK = 4;

/**
 * Asks for every chunk the island needs (`data-preload`, written at build time by
 * src/build/island-preload.ts, names in the component's folder) rather than one level of imports
 * after another: a few links a task, the island's own module first.
 */
function preloadIslandCode(el: HTMLElement): void {
  const names = el.getAttribute('data-preload')?.split(' ').filter(Boolean) ?? [];
  const component = el.getAttribute('component-url');
  if (!component || !names.length) return;
  const folder = new URL('.', new URL(component, document.baseURI));
  const add = (from: number) => {
    for (const name of names.slice(from, from + LINKS_PER_TASK)) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = new URL(name, folder).href;
      document.head.append(link);
    }
    if (from + LINKS_PER_TASK < names.length) setTimeout(() => add(from + LINKS_PER_TASK));
  };
  add(0);
}

/**
 * Whether the page's address points into this island's figure (`#fig-attack-lab`, or a place inside
 * it). The browser scrolls there only once the page has laid out, often at its load event (at a 300 ms
 * round trip, a second after this code ran): the reader is going to see the figure, so it starts now.
 */
function linkedTo(el: HTMLElement): boolean {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return false; // a malformed address: nothing to find
  }
  const target = id ? document.getElementById(id) : null;
  if (!target) return false;
  const figure = el.closest('figure');
  return el.contains(target) || (figure !== null && target.closest('figure') === figure);
}

const hydrateAhead: ClientDirective = (load, options, el) => {
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    io.disconnect();
    preloadIslandCode(el);
    const hydrate = await load();
    await hydrate();
  };
  const { rootMargin, idle = true } =
    typeof options.value === 'object' && options.value
      ? (options.value as { rootMargin?: string; idle?: boolean })
      : {};
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) start();
    },
    { rootMargin },
  );
  for (const child of el.children) io.observe(child);
  if (linkedTo(el)) {
    start();
    return;
  }
  // The parser may not yet have reached the place the address names (a caption after the island).
  if (document.readyState === 'loading')
    addEventListener('DOMContentLoaded', () => linkedTo(el) && void start(), { once: true });

  const connection = (navigator as Navigator & { connection?: ConnectionHints }).connection;
  if (!idle || !mayLoadAhead(connection)) return;
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(() => start(), { timeout: 2000 }) : setTimeout(start, 200);
  // After the page's own files, so that the figure never delays the text.
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
};

export default hydrateAhead;
