// `client:ahead` (registered by src/build/hydrate-ahead-integration.ts): hydrate an island once the
// page has loaded and the browser is idle, so that a heavy figure is ready before the reader scrolls
// to it; or as soon as it comes within `rootMargin` of the viewport, whichever is first. A reader
// saving data (src/lib/load-ahead.ts) only gets the second. Astro bundles this file into the page.
import type { ClientDirective } from 'astro';
import { mayLoadAhead, type ConnectionHints } from '../lib/load-ahead.ts';

const hydrateAhead: ClientDirective = (load, options, el) => {
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    io.disconnect();
    const hydrate = await load();
    await hydrate();
  };
  const rootMargin =
    typeof options.value === 'object' && options.value
      ? (options.value as { rootMargin?: string }).rootMargin
      : undefined;
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) start();
    },
    { rootMargin },
  );
  for (const child of el.children) io.observe(child);

  const connection = (navigator as Navigator & { connection?: ConnectionHints }).connection;
  if (!mayLoadAhead(connection)) return;
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(() => start(), { timeout: 2000 }) : setTimeout(start, 200);
  // After the page's own files, so that the figure never delays the text.
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
};

export default hydrateAhead;
