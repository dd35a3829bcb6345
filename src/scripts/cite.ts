// "Cite this page" in the browser: the build wrote the citation without the reader's access date
// and, without SITE_URL, without the site's origin. Here both are filled in, and each copy button
// copies the citation as it is at that moment (a figure page's citation carries the figure's state).
import { bibtexEntry, isoDay, plainCitation, type CitationData } from '../lib/citation.ts';

function currentCitation(block: HTMLElement): CitationData | undefined {
  let data: CitationData;
  try {
    data = JSON.parse(block.dataset.citation ?? '') as CitationData;
  } catch {
    return undefined;
  }
  // Figures write their state into the address once the reader pauses: ask for it now (address-writes.ts).
  dispatchEvent(new Event('aside:read-address'));
  const url = new URL(data.url, location.href);
  // A figure page's citation pins the figure's state (its query); a chapter's does not.
  url.search = block.hasAttribute('data-cite-state') ? location.search : '';
  url.hash = '';
  return { ...data, url: url.href, accessed: isoDay(new Date()) };
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function setupCitation(block: HTMLElement): void {
  const plain = block.querySelector<HTMLElement>('.cite-plain');
  const bibtex = block.querySelector<HTMLElement>('.cite-bibtex code');
  const status = block.querySelector<HTMLElement>('.cite-status');
  const render = () => {
    const c = currentCitation(block);
    if (!c) return undefined;
    if (plain) plain.textContent = plainCitation(c);
    if (bibtex) bibtex.textContent = bibtexEntry(c);
    return c;
  };
  // Not in the page's load task (at 4× CPU slow-down it was 37 ms of it): when the browser is idle,
  // or before printing.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(render, { timeout: 3000 });
  else setTimeout(render, 200);
  addEventListener('beforeprint', render);
  for (const button of block.querySelectorAll<HTMLButtonElement>('button[data-copy-cite]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const c = render();
      if (!c) return;
      const bib = button.dataset.copyCite === 'bibtex';
      const ok = await copy(bib ? bibtexEntry(c) : plainCitation(c));
      if (status)
        status.textContent = ok
          ? `${bib ? 'BibTeX entry' : 'Citation'} copied.`
          : 'Copying is blocked here: select the text and copy it.';
    });
  }
}

for (const block of document.querySelectorAll<HTMLElement>('[data-citation]')) setupCitation(block);
