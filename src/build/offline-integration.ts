// After Astro and Pagefind have written the site, three steps for the ways it is used offline:
// 1. Strict CSP: every inline script (the theme script, Astro's island runtime and its hydration
//    directives) moves into a file of its own under _astro/, named by its content hash, so the site
//    runs under `script-src 'self'`. Astro 7's own CSP support (security.csp) does not do this: it
//    adds hashes in a <meta> policy, which a server's stricter header still overrides. The build then
//    fails on any inline script, inline event handler or data: font left behind. The island scripts
//    become `defer`: as files in the body they would stop the parser, and the first paint, for a
//    request each.
// 2. A folder that opens from disk (BUILD_FOR=folder, used by `npm run pack`): every link and asset
//    in the pages and stylesheets becomes relative, and links name files (…/index.html).
// 3. The service worker: src/scripts/service-worker.ts bundled into <base>sw.js with the list of
//    files, their content hashes and sizes.
import type { AstroIntegration } from 'astro';
import { build as esbuild, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteFiles } from './site-files.ts';
import {
  externaliseScripts,
  inlineHandlers,
  inlineScripts,
  isIslandScript,
  offlineGroup,
  relativiseCss,
  relativiseHtml,
  type OfflineBuild,
  type OfflineEntry,
} from '../lib/offline-files.ts';

export interface OfflineOptions {
  /** Make every URL relative and name files, so that the site opens from a folder on disk. */
  folder?: boolean;
}

const hash = (data: string | Buffer, length: number) =>
  createHash('sha256').update(data).digest('base64url').slice(0, length);

/** The stylesheets and scripts a page loads by itself, as site-relative paths. */
function pageAssets(html: string, base: string): string[] {
  const urls = [
    ...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g),
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  return urls.filter((url) => url.startsWith(base)).map((url) => url.slice(base.length));
}

export default function offlineIntegration(options: OfflineOptions = {}): AstroIntegration {
  let base = '/';
  return {
    name: 'highdim-aside:offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const html = siteFiles(root).filter((f) => f.endsWith('.html'));

        // 1. Inline scripts into files, minified (the theme script is written readable in Base.astro).
        // The same runtime on many pages becomes one cached file.
        const fileOf = new Map<string, string>();
        for (const page of html)
          for (const { code } of inlineScripts(readFileSync(join(root, page), 'utf8'))) fileOf.set(code, '');
        for (const code of fileOf.keys()) {
          const { code: small } = await transform(code, { minify: true, loader: 'js', target: 'es2022' });
          const file = `_astro/inline.${hash(small, 10).replace(/[-_]/g, 'x')}.js`;
          writeFileSync(join(root, file), small);
          fileOf.set(code, file);
        }
        let moved = 0;
        for (const page of html) {
          const path = join(root, page);
          const source = readFileSync(path, 'utf8');
          const result = externaliseScripts(
            source,
            (code) => {
              moved++;
              return base + fileOf.get(code);
            },
            isIslandScript,
          );
          if (result !== source) writeFileSync(path, result);
        }
        logger.info(`strict CSP: ${moved} inline scripts of ${html.length} pages moved into ${fileOf.size} files`);

        const problems: string[] = [];
        for (const page of html) {
          const text = readFileSync(join(root, page), 'utf8');
          if (inlineScripts(text).length) problems.push(`${page}: inline script`);
          for (const handler of inlineHandlers(text)) problems.push(`${page}: inline event handler ${handler}`);
        }
        for (const css of siteFiles(root).filter((f) => f.endsWith('.css')))
          if (/url\(\s*["']?data:font/.test(readFileSync(join(root, css), 'utf8')))
            problems.push(`${css}: a font inlined as a data: URL`);
        if (problems.length) throw new Error(`The built site would break under a strict CSP:\n${problems.join('\n')}`);

        // The shell: what the front page loads, read before its links become relative.
        const front = readFileSync(join(root, 'index.html'), 'utf8');
        const shell = new Set(pageAssets(front, base));

        // 2. A folder that opens from disk. The 404 page keeps site-absolute URLs: a server answers
        // with it at any depth, where relative ones would miss.
        if (options.folder) {
          for (const page of html.filter((p) => p !== '404.html')) {
            const path = join(root, page);
            writeFileSync(path, relativiseHtml(readFileSync(path, 'utf8'), page, base));
          }
          for (const css of siteFiles(root).filter((f) => f.endsWith('.css'))) {
            const path = join(root, css);
            writeFileSync(path, relativiseCss(readFileSync(path, 'utf8'), css, base));
          }
          logger.info(`folder: links and assets of ${html.length - 1} pages made relative`);
        }

        // 3. The service worker and its file list.
        const offline = await writeServiceWorker(root, base, shell);
        const count = (group?: string) => offline.files.filter((f) => !group || f[3] === group);
        const mb = (files: OfflineEntry[]) => `${(files.reduce((sum, f) => sum + f[2], 0) / 1e6).toFixed(1)} MB`;
        logger.info(
          `service worker ${offline.version}: shell ${count('shell').length} files (${mb(count('shell'))}), ` +
            `whole book ${count().length} files (${mb(count())})`,
        );
      },
    },
  };
}

/**
 * Writes <site>/sw.js: the service worker with the list of the site's files, their content hashes,
 * sizes and groups. `shell` holds the front page's stylesheets and scripts (read from its HTML when
 * not given). Run on a built site again after changing files, it gives what a new build would.
 */
export async function writeServiceWorker(root: string, base: string, shell?: Set<string>): Promise<OfflineBuild> {
  const shellFiles = shell ?? new Set(pageAssets(readFileSync(join(root, 'index.html'), 'utf8'), base));
  const files: OfflineEntry[] = [];
  for (const path of siteFiles(root)) {
    const group = offlineGroup(path, shellFiles);
    if (!group) continue;
    const body = readFileSync(join(root, path));
    files.push([path, hash(body, 12), body.length, group]);
  }
  const offline: OfflineBuild = { version: hash(JSON.stringify(files), 12), base, files };
  const bundle = await esbuild({
    entryPoints: [fileURLToPath(new URL('../scripts/service-worker.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    write: false,
    define: { __OFFLINE_BUILD__: JSON.stringify(offline) },
    logLevel: 'silent',
  });
  const worker = bundle.outputFiles[0];
  if (!worker) throw new Error('The service worker bundle came out empty');
  writeFileSync(join(root, 'sw.js'), worker.text);
  return offline;
}
