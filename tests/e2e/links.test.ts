// A broken-link check of the served site: every internal link, asset, stylesheet font and fragment
// resolves, including cross-references, citations and the contents. External links are only listed.
import { describe, expect, inject, it } from 'vitest';
import { sitemapPages } from '../setup/site.ts';

const siteUrl = inject('siteUrl');
const siteDir = inject('siteDir');
const origin = new URL(siteUrl).origin;

interface Found {
  from: string;
  url: URL;
}

const idsByPage = new Map<string, Set<string>>();
const fetched = new Map<string, Promise<{ status: number; body: string; type: string }>>();

function get(url: string) {
  let p = fetched.get(url);
  if (!p) {
    p = fetch(url).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      body: /text|json|xml|svg/.test(r.headers.get('content-type') ?? '') ? await r.text() : '',
    }));
    fetched.set(url, p);
  }
  return p;
}

function attrValues(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

async function idsOf(pageUrl: string): Promise<Set<string>> {
  let ids = idsByPage.get(pageUrl);
  if (!ids) {
    const { body } = await get(pageUrl);
    ids = new Set(attrValues(body, /\sid="([^"]+)"/g));
    idsByPage.set(pageUrl, ids);
  }
  return ids;
}

describe('links of the served site', async () => {
  const pages = [...sitemapPages(siteDir, siteUrl), `${siteUrl}no-such-page/`];
  const links: Found[] = [];
  const external = new Set<string>();
  for (const page of pages) {
    const { body } = await get(page);
    const refs = [
      ...attrValues(body, /<a\s[^>]*?href="([^"]*)"/g),
      ...attrValues(body, /<link\s[^>]*?href="([^"]*)"/g),
      ...attrValues(body, /<(?:script|img|source|iframe)\s[^>]*?src="([^"]*)"/g),
    ];
    for (const ref of refs) {
      const url = new URL(ref, page);
      if (url.origin === origin) links.push({ from: page, url });
      else if (/^https?:$/.test(url.protocol)) external.add(url.href);
    }
  }

  it('finds a reasonable number of links to check', () => {
    expect(links.length).toBeGreaterThan(50);
  });

  it('resolves every internal link and asset with status 200', async () => {
    const broken: string[] = [];
    for (const { from, url } of links) {
      // A link within the page it sits on (a skip link, say) is checked by its fragment below.
      if (url.hash && url.pathname === new URL(from).pathname) continue;
      const target = url.origin + url.pathname + url.search;
      const { status } = await get(target);
      if (status !== 200) broken.push(`${from} → ${url.href} (${status})`);
    }
    expect(broken).toEqual([]);
  });

  it('lands every fragment (cross-references, citations, contents) on an existing id', async () => {
    const missing: string[] = [];
    for (const { from, url } of links) {
      if (!url.hash || url.hash === '#') continue;
      const id = decodeURIComponent(url.hash.slice(1));
      const ids = await idsOf(url.pathname === new URL(from).pathname ? from : url.origin + url.pathname);
      if (!ids.has(id)) missing.push(`${from} → ${url.pathname}${url.hash}`);
    }
    expect(missing).toEqual([]);
  });

  it('resolves every url() in the stylesheets (the KaTeX fonts among them)', async () => {
    const sheets = [...new Set(links.filter((l) => l.url.pathname.endsWith('.css')).map((l) => l.url.href))];
    expect(sheets.length).toBeGreaterThan(0);
    const broken: string[] = [];
    let fonts = 0;
    for (const sheet of sheets) {
      const { body } = await get(sheet);
      for (const ref of attrValues(body, /url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
        if (ref.startsWith('data:')) continue;
        const url = new URL(ref, sheet);
        expect(url.origin, `${sheet} refers to another origin: ${url.href}`).toBe(origin);
        if (url.pathname.endsWith('.woff2')) fonts++;
        const { status } = await get(url.href);
        if (status !== 200) broken.push(`${sheet} → ${url.href} (${status})`);
      }
    }
    expect(fonts).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('links out only from prose and references (papers, further reading), never for assets', () => {
    for (const url of external) expect(url).not.toMatch(/\.(css|js|woff2?|png|svg|json)(\?|$)/);
  });
});
