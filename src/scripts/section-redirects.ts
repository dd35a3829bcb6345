// Old section ids keep working: when the page is opened (or its fragment changed) at an id that the
// page does not have, the redirect table (content/redirects.json, served as redirects.json) says
// where that section lives now, and the address is replaced without a new history entry. The table
// is fetched only then, so an ordinary page load costs nothing.
import { resolveRedirect, type RedirectTable } from '../lib/section-redirects.ts';

const base = document.documentElement.dataset.base ?? '/';
let table: Promise<RedirectTable | undefined> | undefined;
const loadTable = () =>
  (table ??= fetch(`${base}redirects.json`)
    .then((r) => (r.ok ? (r.json() as Promise<RedirectTable>) : undefined))
    .catch(() => undefined));

async function follow(): Promise<void> {
  let id: string;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;
  }
  if (!id || document.getElementById(id) || !location.pathname.startsWith(base)) return;
  const slug = location.pathname.slice(base.length).split('/')[0];
  if (!slug) return;
  const redirects = await loadTable();
  const target = redirects && resolveRedirect(redirects, slug, id);
  if (!target) return;
  const path = target.slug === slug ? location.pathname : `${base}${target.slug}/`;
  location.replace(`${path}${location.search}#${encodeURIComponent(target.id)}`);
}

void follow();
addEventListener('hashchange', () => void follow());
