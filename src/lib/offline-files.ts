/**
 * The built site's files as the offline features see them: which file a URL names, which files the
 * service worker keeps (and when), which never change under their name, and how a page's links become
 * relative for a copy opened from a folder. Pure string work, shared by the build step
 * (src/build/offline-integration.ts) and the service worker (src/scripts/service-worker.ts).
 */

/** When the service worker stores a file: at install (`shell`), or once read or saved (`book`). */
export type OfflineGroup = 'shell' | 'book';

/** One file of a build, as listed in the service worker: site-relative path, content hash, bytes, group. */
export type OfflineEntry = [path: string, revision: string, bytes: number, group: OfflineGroup];

/** What one build tells its service worker. */
export interface OfflineBuild {
  /** Changes whenever any listed file changes: names the cache. */
  version: string;
  /** The base path the site is served under, e.g. "/" or "/courses/ml/aside/". */
  base: string;
  files: OfflineEntry[];
}

/** What the service worker answers the page about the stored copy of the book (all counts over `files`). */
export interface SaveProgress {
  /** `status`: asked how things stand; `progress`: one more file done while saving; `saved`: saving ended. */
  type: 'status' | 'progress' | 'saved';
  stored: number;
  total: number;
  storedBytes: number;
  totalBytes: number;
  /** Files that could not be fetched while saving (the network dropped). */
  failed: number;
}

/**
 * The site-relative file a path names ("/courses/ml/aside/feature-space/" → "feature-space/index.html"),
 * or undefined outside the base path. A folder means its index.html, as on every static server.
 */
export function fileKey(pathname: string, base: string): string | undefined {
  if (!pathname.startsWith(base)) return pathname + '/' === base ? 'index.html' : undefined;
  const rest = pathname.slice(base.length);
  return rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest;
}

/**
 * Files whose name carries their content hash (Vite's `_astro/` assets, Pagefind's index chunks):
 * the same name always means the same bytes, so a stored copy can be served without asking.
 */
export function isImmutable(path: string): boolean {
  return /^_astro\//.test(path) || /^pagefind\/(index|fragment)\//.test(path) || /\.pf_meta$/.test(path);
}

/**
 * Which files the service worker lists, and in which group; undefined for files no reader's browser
 * needs: the duplicate font formats (browsers that run service workers all take woff2), Pagefind's
 * own UIs (the site has its own search box), the link-preview image, sitemaps, the worker itself.
 * `shellFiles` are the stylesheets and scripts that every page loads (those of the front page).
 */
export function offlineGroup(path: string, shellFiles: ReadonlySet<string>): OfflineGroup | undefined {
  if (/\.(ttf|woff|map)$/.test(path)) return undefined;
  if (/^pagefind\/pagefind-(component-ui|modular-ui|ui|highlight)\./.test(path)) return undefined;
  if (/^(sw\.js|og\.png|sitemap[^/]*\.xml|START-HERE\.html|serve\.mjs)$/.test(path)) return undefined;
  if (shellFiles.has(path)) return 'shell';
  if (path === 'index.html' || path === 'favicon.png' || /\.woff2$/.test(path)) return 'shell';
  if (path.startsWith('pagefind/')) return 'shell';
  return 'book';
}

/** "a/b/index.html", "_astro/x.css" → "../../_astro/x.css": the way from one site file to another. */
export function relativePath(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return '../'.repeat(up) + (rest === '' ? './' : rest);
}

/**
 * A site-absolute URL ("/base/feature-space/?q#id") rewritten relative to the site file that holds
 * it, naming a file rather than a folder ("../feature-space/index.html?q#id"), so that it works when
 * the page is opened from disk. Anything not under the base path (other sites, fragments) is kept.
 */
export function relativeUrl(url: string, fromFile: string, base: string): string {
  if (!url.startsWith(base) || url.startsWith('//')) return url;
  const match = /^([^?#]*)(.*)$/.exec(url.slice(base.length));
  const path = match?.[1] ?? '';
  const suffix = match?.[2] ?? '';
  const file = path === '' || path.endsWith('/') ? `${path}index.html` : path;
  return relativePath(fromFile, file) + suffix;
}

/** The HTML attributes that hold a URL in Astro's output (island scripts included). */
const URL_ATTRIBUTE = /(\s(?:href|src|component-url|renderer-url|poster)=")([^"]*)(")/g;

/** A preload in CORS mode (`crossorigin`): from file://, an opaque origin, the browser refuses it. */
const CORS_PRELOAD = /<link\b(?=[^>]*\srel="preload")(?=[^>]*\scrossorigin\b)[^>]*>/g;

/**
 * Every site-absolute URL in a page's attributes made relative to the page (see `relativeUrl`), and
 * CORS-mode preloads left out: opened from disk they only fail (the stylesheet's own request still works).
 */
export function relativiseHtml(html: string, pageFile: string, base: string): string {
  return html
    .replace(CORS_PRELOAD, '')
    .replace(
      URL_ATTRIBUTE,
      (_all, before: string, url: string, after: string) => before + relativeUrl(url, pageFile, base) + after,
    );
}

/** Every site-absolute `url(...)` of a stylesheet made relative to the stylesheet. */
export function relativiseCss(css: string, cssFile: string, base: string): string {
  return css.replace(/url\((["']?)([^)"']+)\1\)/g, (all, quote: string, url: string) =>
    url.startsWith(base) ? `url(${quote}${relativeUrl(url, cssFile, base)}${quote})` : all,
  );
}

/** A classic inline script of a page: its code, and where it sits in the HTML. */
export interface InlineScript {
  code: string;
  start: number;
  end: number;
}

/**
 * The inline scripts of a page that a strict Content-Security-Policy (`script-src 'self'`) would block:
 * `<script>` elements without `src` whose type runs as JavaScript. Data blocks (JSON) are not scripts.
 */
export function inlineScripts(html: string): InlineScript[] {
  const found: InlineScript[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attributes = m[1] ?? '';
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*"?([^"\s>]*)/i.exec(attributes)?.[1]?.toLowerCase();
    if (type && !/^(text\/javascript|application\/javascript|module)$/.test(type)) continue;
    found.push({ code: m[2] ?? '', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/**
 * The page with each inline script replaced by `<script src>` pointing at the file `place(code)`
 * returns (a module script stays a module). A classic script with `src` and no `async`/`defer` runs
 * where it stands, in order, exactly as the inline one did; one that `canWait(code)` gets `defer`: it
 * runs after the page is parsed, in order with the other deferred and module scripts, and no longer
 * stops the parser (and the first paint) while its file downloads.
 */
export function externaliseScripts(
  html: string,
  place: (code: string, isModule: boolean) => string,
  canWait: (code: string) => boolean = () => false,
): string {
  let out = '';
  let at = 0;
  for (const script of inlineScripts(html)) {
    const tag = html.slice(script.start, script.end);
    const isModule = /\stype\s*=\s*"?module/i.test(tag.slice(0, tag.indexOf('>')));
    const kind = isModule ? ' type="module"' : canWait(script.code) ? ' defer' : '';
    out += html.slice(at, script.start);
    out += `<script${kind} src="${place(script.code, isModule)}"></script>`;
    at = script.end;
  }
  return out + html.slice(at);
}

/**
 * Astro's island runtime (the `<astro-island>` element that loads each `component-url`) and its
 * hydration directives (`Astro.visible` …): each island waits for both, whenever they arrive, so they
 * need not run where Astro put them. (The theme script also defines `astro-island`, as an inert element
 * for a book opened from disk: it must run first.)
 */
const ISLAND_RUNTIME = /customElements\.define\(\s*["'`]astro-island["'`]/;
const ISLAND_DIRECTIVE = /\(self\.Astro\s*\|\|\s*\(self\.Astro\s*=\s*\{\}\)\)\.\w+\s*=/;
export const isIslandScript = (code: string): boolean =>
  (ISLAND_RUNTIME.test(code) && code.includes('component-url')) || ISLAND_DIRECTIVE.test(code);

/** Inline event-handler attributes (`onclick="…"`), which a strict CSP blocks too. */
export function inlineHandlers(html: string): string[] {
  return [...html.matchAll(/<[a-z][^>]*?\s(on[a-z]+)=["']/gi)].map((m) => m[1] ?? '');
}
