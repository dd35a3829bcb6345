// The book's only page-wide script. Everything it touches already works without it; it adds the
// theme toggle, copy-link buttons, the outline's current-section highlight and search on demand.
import { watchIslandFailures } from '../runtime/figure-failure.ts';

const root = document.documentElement;

function setupTheme(): void {
  const button = document.querySelector<HTMLButtonElement>('.theme-toggle');
  if (!button) return;
  const systemDark = matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => (root.dataset.theme ? root.dataset.theme === 'dark' : systemDark.matches);
  const show = () => button.setAttribute('aria-pressed', String(isDark()));
  button.hidden = false;
  show();
  button.addEventListener('click', () => {
    const theme = isDark() ? 'light' : 'dark';
    root.dataset.theme = theme;
    try {
      localStorage.setItem('theme', theme);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    show();
  });
  systemDark.addEventListener('change', show);
}

/**
 * Figures write their state into the address once the reader pauses (src/runtime/address-writes.ts):
 * what reads the address for the reader asks for it first. An event, so that a page without figures
 * loads none of that code.
 */
const readAddress = (): void => void dispatchEvent(new Event('aside:read-address'));

/** The address of a section or figure as a reader would paste it: this page plus the fragment. */
export function linkTo(id: string, href = location.href): string {
  const url = new URL(href);
  url.hash = id;
  return url.href;
}

function setupCopyLinks(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) {
    button.hidden = false;
    const status = button.querySelector('.copy-link-status');
    button.addEventListener('click', async () => {
      readAddress();
      const url = linkTo(button.dataset.copyLink!);
      let ok = true;
      try {
        await navigator.clipboard.writeText(url);
      } catch {
        ok = false;
      }
      button.classList.add('copied');
      if (status) status.textContent = ok ? 'Link copied' : 'Copy failed: use the # link';
      setTimeout(() => {
        button.classList.remove('copied');
        if (status) status.textContent = '';
      }, 2000);
    });
  }
}

function setupOutline(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.outline-list a')];
  if (links.length === 0 || !('IntersectionObserver' in window)) return;
  const byId = new Map(links.map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
  const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter((h): h is HTMLElement => !!h);
  const nav = document.querySelector<HTMLElement>('.book-nav');
  let shown: string | undefined;
  // A long outline scrolls inside the sticky sidebar: keep the current section's link in its view.
  const keepInView = (a: HTMLAnchorElement) => {
    if (!nav || nav.scrollHeight <= nav.clientHeight) return;
    const box = nav.getBoundingClientRect();
    const link = a.getBoundingClientRect();
    if (link.top < box.top + 16 || link.bottom > box.bottom - 16)
      nav.scrollTop += link.top - box.top - (box.height - link.height) / 2;
  };
  const mark = () => {
    // The current section is the last heading above the reading line (a third down the viewport).
    const line = innerHeight / 3;
    let current = headings[0]?.id;
    for (const h of headings) if (h.getBoundingClientRect().top <= line) current = h.id;
    // At the foot of the page a short last section can never reach the line: the last heading in view wins.
    if (scrollY + innerHeight >= document.documentElement.scrollHeight - 2)
      for (const h of headings) if (h.getBoundingClientRect().top < innerHeight) current = h.id;
    for (const [id, a] of byId) {
      const on = id === current;
      a.classList.toggle('is-current', on);
      if (on) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
    const currentLink = current === undefined ? undefined : byId.get(current);
    if (current !== shown && currentLink) {
      shown = current;
      keepInView(currentLink);
    }
  };
  // Headings crossing the upper part of the viewport re-mark (the scroll listener covers the rest).
  // The observer's first report marks the opening place, once the page is laid out: a mark() here,
  // while the parser's last blocks wait for layout, forced that layout inside this script's task
  // (chapter 5 at 4× CPU slow-down: a 165 ms task, 64 ms of it layout).
  const observer = new IntersectionObserver(() => mark(), { rootMargin: '0px 0px -60% 0px' });
  headings.forEach((h) => observer.observe(h));
  addEventListener('scroll', () => requestAnimationFrame(mark), { passive: true });
}

function setupContents(): void {
  // Browsers without ::details-content keep a closed <details> shut even on wide screens.
  const details = document.querySelector<HTMLDetailsElement>('.toc-details');
  const wide = matchMedia('(min-width: 60rem)');
  if (details && wide.matches) details.open = true;
  // A link chosen in the folded phone menu closes it.
  details?.addEventListener('click', (e) => {
    if (!wide.matches && (e.target as Element).closest('a')) details.open = false;
  });
}

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
  weighted_locations: { balanced_score: number }[];
}
interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}
interface PagefindResult {
  data: () => Promise<PagefindData>;
}

/** A page's matching sections, best first: the ones under a heading (their URL has a #fragment). */
export function bestSections(data: PagefindData, max = 3): PagefindSubResult[] {
  const score = (s: PagefindSubResult) => s.weighted_locations.reduce((sum, l) => sum + l.balanced_score, 0);
  return (data.sub_results ?? [])
    .filter((s) => s.url.includes('#'))
    .sort((a, b) => score(b) - score(a))
    .slice(0, max);
}

/** One search hit: the page, then its best sections, each a link straight to its heading. */
function searchHit(data: PagefindData): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'search-hit';
  const link = (href: string, title: string, excerptHtml: string, className: string) => {
    const a = document.createElement('a');
    a.href = href;
    a.className = className;
    const t = document.createElement('span');
    t.className = 'result-title';
    t.textContent = title;
    const excerpt = document.createElement('span');
    excerpt.className = 'result-excerpt';
    // Pagefind's excerpt is escaped text with <mark> around hits.
    excerpt.innerHTML = excerptHtml;
    a.append(t, excerpt);
    return a;
  };
  const pageTitle = data.meta.title ?? data.url;
  const sections = bestSections(data);
  if (sections.length === 0) {
    li.append(link(data.url, pageTitle, data.excerpt, 'result-page'));
    return li;
  }
  const page = document.createElement('a');
  page.href = data.url;
  page.className = 'result-page-name';
  page.textContent = pageTitle;
  const list = document.createElement('ul');
  list.className = 'result-sections';
  list.append(
    ...sections.map((s) => {
      const item = document.createElement('li');
      item.append(link(s.url, s.title, s.excerpt, 'result-section'));
      return item;
    }),
  );
  li.append(page, list);
  return li;
}
interface Pagefind {
  options: (o: { baseUrl: string }) => Promise<void>;
  search: (q: string) => Promise<{ results: PagefindResult[] } | null>;
}

function setupSearch(): void {
  const button = document.querySelector<HTMLButtonElement>('.search-button');
  const dialog = document.querySelector<HTMLDialogElement>('.search-dialog');
  // Opened from disk, the theme script (Base.astro) has set the button to say why search needs a server.
  if (!button || !dialog || root.classList.contains('from-file')) return;
  const input = dialog.querySelector<HTMLInputElement>('input')!;
  const status = dialog.querySelector<HTMLElement>('.search-status')!;
  const list = dialog.querySelector<HTMLUListElement>('.search-results')!;
  const base = root.dataset.base ?? '/';
  let pagefind: Promise<Pagefind> | undefined;
  const load = () =>
    (pagefind ??= import(/* @vite-ignore */ `${base}pagefind/pagefind.js`).then(async (pf: Pagefind) => {
      await pf.options({ baseUrl: base });
      return pf;
    }));
  button.hidden = false;
  const open = () => {
    dialog.showModal();
    input.focus();
    load().catch(() => (status.textContent = 'Search is unavailable: its index did not load.'));
  };
  button.addEventListener('click', open);
  addEventListener('keydown', (e) => {
    const typing = (e.target as Element | null)?.closest('input, textarea, select, [contenteditable]');
    if (!typing && (e.key === '/' || ((e.ctrlKey || e.metaKey) && e.key === 'k'))) {
      e.preventDefault();
      open();
    }
  });
  let latest = 0;
  input.addEventListener('input', async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const pf = await load();
      const found = await pf.search(query);
      if (!found || ticket !== latest) return;
      const data = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
      if (ticket !== latest) return;
      status.textContent = `${found.results.length} ${found.results.length === 1 ? 'page matches' : 'pages match'} “${query}”.`;
      list.replaceChildren(...data.map(searchHit));
    } catch {
      status.textContent = 'Search is unavailable: its index did not load.';
    }
  });
  list.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a')) dialog.close();
  });
}

function setupWideMath(): void {
  // A display formula wider than the column scrolls sideways; keyboard users need to reach it, and
  // its name says which formula it is.
  const displays = [...document.querySelectorAll<HTMLElement>('.katex-display')];
  if (displays.length === 0) return;
  const mark = (d: HTMLElement) => {
    if (d.scrollWidth > d.clientWidth + 1) {
      if (d.hasAttribute('tabindex')) return;
      const number = d.closest('.equation')?.querySelector('.equation-number')?.textContent?.trim();
      d.tabIndex = 0;
      d.setAttribute('role', 'group');
      d.setAttribute('aria-label', `${number ? `Equation ${number}` : 'Formula'}, scrolls sideways`);
    } else if (d.hasAttribute('tabindex')) {
      d.removeAttribute('tabindex');
      d.removeAttribute('role');
      d.removeAttribute('aria-label');
    }
  };
  // A formula in a block whose layout waits for the reader (Base.astro) is measured once its block is
  // laid out: measuring it earlier would lay it out at once.
  const waiting = (d: HTMLElement) => {
    const block = d.closest('.exercise') ?? d.closest('.chapter-body > *');
    return !!block && getComputedStyle(block).contentVisibility === 'auto';
  };
  const markAll = () => displays.forEach((d) => waiting(d) || mark(d));
  // The box changes with the column; the formula inside it grows when KaTeX's fonts arrive.
  const observer = new ResizeObserver((entries) =>
    entries.forEach((e) => waiting(e.target as HTMLElement) || mark(e.target as HTMLElement)),
  );
  for (const d of displays) observer.observe(d);
  document.fonts?.ready.then(markAll);
  document.fonts?.addEventListener('loadingdone', markAll);
  addEventListener(
    'contentvisibilityautostatechange',
    (e) => {
      if ((e as ContentVisibilityAutoStateChangeEvent).skipped) return;
      const block = e.target as HTMLElement;
      [
        ...(block.matches('.katex-display') ? [block] : []),
        ...block.querySelectorAll<HTMLElement>('.katex-display'),
      ].forEach(mark);
    },
    true,
  );
}

/**
 * A link about to be followed, opened in a new tab or copied resolves against the address with the
 * figures' state in it (a # link copied from its context menu); links between a figure in its chapter
 * and on its page alone also carry that state: the current query is copied onto them.
 */
function setupKeepQueryLinks(): void {
  const update = (e: Event) => {
    const link = (e.target as Element | null)?.closest?.<HTMLAnchorElement>('a[href]');
    if (!link) return;
    readAddress();
    if (link.hasAttribute('data-keep-query')) link.search = location.search;
  };
  for (const type of ['pointerdown', 'focusin', 'click', 'contextmenu']) document.addEventListener(type, update, true);
}

setupTheme();
// Only in a chapter whose layout waits for the reader (Base.astro).
if (root.classList.contains('defer-layout'))
  void import('./long-read.ts').then((m) => {
    m.keepReadingPosition();
    m.keepLinksExact();
  });
// A figure whose own code does not download says so in the figure, not "loads with JavaScript" forever.
watchIslandFailures();
setupKeepQueryLinks();
setupWideMath();
setupCopyLinks();
setupOutline();
setupContents();
setupSearch();
