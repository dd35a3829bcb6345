// npm run pack: the whole book as one zip to hand out (a USB stick, a course page), named with the
// version from package.json. Inside one folder: the site built to open from disk (BUILD_FOR=folder:
// relative links that name files), START-HERE.html, and scripts/serve.mjs to make the figures live.
//   npm run pack                              builds into .cache/pack-site, writes packs/<name>.zip
//   npm run pack -- --site <dir> --out <dir>  zips a folder build made earlier
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const name = `highdim-aside-${version}`;
const outDir = resolve(option('out') ?? 'packs');

let site = option('site');
if (!site) {
  site = resolve('.cache/pack-site');
  const started = performance.now();
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // Served from a folder's root: no base path, whatever the shell says; a production build even
    // when run from a test (Vitest sets NODE_ENV=test).
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BUILD_FOR: 'folder',
      BASE_PATH: '',
      OUT_DIR: site,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  console.log(`pack: built the folder version in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const siteFiles = files(site).map((path) => relative(site, path).split(sep).join('/'));

// A pack without its models or digits would show every figure broken: refuse to write one.
const needed = ['index.html', 'data/digits.json', 'data/digits.u8.gz', 'sw.js'];
const models = siteFiles.filter((f) => /^models\/[^/]+\/(model\.json|weights\.bin|manifest\.json)$/.test(f));
const missing = needed.filter((f) => !siteFiles.includes(f));
if (missing.length || models.length === 0) {
  console.error(`pack: ${site} is not a complete build (missing ${[...missing, 'models'].join(', ')})`);
  process.exit(1);
}
if (readFileSync(join(site, 'index.html'), 'utf8').includes('href="/_astro/')) {
  console.error(`pack: ${site} was built for a server (site-absolute links); build it with BUILD_FOR=folder`);
  process.exit(1);
}

const startHere = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Start here: High-Dimensional Aside ${version}</title>
<style>
  body { font: 1.05rem/1.55 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  code { font: 0.95em ui-monospace, Menlo, Consolas, monospace; background: rgba(127,127,127,.15); padding: .1em .3em; border-radius: .2em; }
  .read { font-size: 1.25rem; }
  li { margin: .4rem 0; }
</style>
</head>
<body>
<h1>High-Dimensional Aside <small>${version}</small></h1>
<p class="read"><a href="index.html">Open the book</a> (index.html, in this folder).</p>
<p>Opened straight from the disk, the book reads in full: every chapter, the formulas, the diagrams, and a fixed
picture of each interactive figure. Browsers do not run the figures or the search from files on disk, so each
figure says so in place.</p>
<h2>To make the figures live</h2>
<p>Serve this folder with any small web server, then open the address it prints. Run one of these in this folder
(the one that holds <code>index.html</code>):</p>
<ul>
<li><code>node serve.mjs --dir .</code> and open <code>http://127.0.0.1:4321/</code> (Node.js 18 or newer; nothing to install)</li>
<li><code>python3 -m http.server 8000</code> and open <code>http://127.0.0.1:8000/</code> (on Windows: <code>py -m http.server 8000</code>)</li>
</ul>
<p>For a class on one network, let others connect: <code>node serve.mjs --dir . --host 0.0.0.0</code>, then
they open <code>http://&lt;this computer's address&gt;:4321/</code>. Served at <code>localhost</code> (or over
https), the front page also offers to save the whole book in the browser, after which it works with no network.</p>
<p>To put it on a web server, copy this folder's contents to the root of a site. For a sub-path such as
<code>/courses/ml/aside/</code>, build from the source with <code>BASE_PATH=/courses/ml/aside/ npm run build</code>.</p>
</body>
</html>
`;

// Already compressed formats are stored; text is deflated.
const STORED = /\.(png|jpe?g|webp|woff2?|gz|pagefind|pf_fragment|pf_index|pf_meta)$/;
const mtime = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
const zipped: Zippable = {};
let unpacked = 0;
const add = (path: string, data: Uint8Array) => {
  zipped[`${name}/${path}`] = [data, { level: STORED.test(path) ? 0 : 9, mtime }];
  unpacked += data.length;
};
for (const path of siteFiles) add(path, readFileSync(join(site, path)));
add('START-HERE.html', new TextEncoder().encode(startHere));
add('serve.mjs', readFileSync('scripts/serve.mjs'));

mkdirSync(outDir, { recursive: true });
const zipPath = join(outDir, `${name}.zip`);
const zip = zipSync(zipped);
writeFileSync(zipPath, zip);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const shown = relative(process.cwd(), zipPath).startsWith('..') ? zipPath : relative(process.cwd(), zipPath);
console.log(
  `pack: ${shown}: ${mb(zip.length)} (${mb(unpacked)} unpacked, ${Object.keys(zipped).length} files, ` +
    `${models.length} model files and the held-out digits inside)`,
);
