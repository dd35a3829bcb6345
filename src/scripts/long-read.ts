// A chapter whose blocks wait for layout until the reader nears them (Base.astro, book.css): a reload
// or a step back returns to where the reader was, and a link into a waiting block lands on its
// target. Loaded only then.

const root = document.documentElement;
const key = `reading-at ${location.pathname}`;
const blocks = () => [...document.querySelectorAll<HTMLElement>('.chapter-body > :not(.exercises), .exercises > *')];

/** The block at the top of the view and how far its top is from the view's. */
function readingPosition(): { block: number; offset: number } | undefined {
  const all = blocks();
  const block = all.findIndex((b) => b.getBoundingClientRect().bottom > 0);
  return block < 0 ? undefined : { block, offset: all[block]!.getBoundingClientRect().top };
}

function returnTo(saved: string): void {
  let at: { block?: unknown; offset?: unknown };
  try {
    at = JSON.parse(saved) as typeof at;
  } catch {
    return;
  }
  const block = typeof at.block === 'number' ? blocks()[at.block] : undefined;
  if (!block || typeof at.offset !== 'number') return;
  layOut(block);
  scrollTo(0, block.getBoundingClientRect().top + scrollY - at.offset);
}

/** Lays out the blocks that hold `el`, so that its place is its real one. */
function layOut(el: Element): void {
  for (const block of [el.closest('.exercise'), el.closest('.chapter-body > *')]) block?.classList.add('laid-out');
}

/**
 * A reload or a step back returns to the block the reader was at: the browser's own offset was
 * measured with guessed heights for the blocks above.
 */
export function keepReadingPosition(): void {
  addEventListener('pagehide', () => {
    const at = readingPosition();
    try {
      if (at) sessionStorage.setItem(key, JSON.stringify(at));
    } catch {
      // storage full: a return opens at the top of the page
    }
  });
  if (root.dataset.readingAt) returnTo(root.dataset.readingAt);
}

/**
 * A link to a place inside a waiting block lays the block out first: otherwise the browser may scroll
 * to where the guessed heights put the place (about one time in two, measured).
 */
export function keepLinksExact(): void {
  addEventListener(
    'click',
    (e) => {
      const link = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[href*="#"]') : null;
      if (!link || link.pathname !== location.pathname) return;
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target) layOut(target);
    },
    true,
  );
}
