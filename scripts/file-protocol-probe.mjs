#!/usr/bin/env node
// What a page opened from file:// may do, measured in Chromium (playwright-core) and, when installed,
// Firefox (driven through WebDriver BiDi): classic and module scripts, a font from a parent folder,
// fetch, XMLHttpRequest, a Web Worker, localStorage, a service worker. The README's table comes from
// this; run it again when browsers move.   node scripts/file-protocol-probe.mjs
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = mkdtempSync(join(tmpdir(), 'file-probe-'));
mkdirSync(join(dir, 'assets'));
mkdirSync(join(dir, 'page'));
const katex = 'node_modules/katex/dist/fonts';
copyFileSync(
  join(
    katex,
    readdirSync(katex).find((f) => f.endsWith('.woff2')),
  ),
  join(dir, 'assets/f.woff2'),
);
writeFileSync(join(dir, 'assets/c.js'), 'window.classicRan = true;');
writeFileSync(join(dir, 'assets/m.js'), 'window.moduleRan = true;');
writeFileSync(join(dir, 'assets/d.json'), '{"a":1}');
writeFileSync(join(dir, 'assets/w.js'), 'postMessage("hi");');
writeFileSync(join(dir, 'assets/s.css'), '@font-face{font-family:T;src:url(f.woff2)}body{font-family:T}');
// The page sits one folder down, as a chapter does, so every asset comes from a parent folder.
writeFileSync(
  join(dir, 'page/index.html'),
  '<!doctype html><link rel="stylesheet" href="../assets/s.css"><script src="../assets/c.js"></script>' +
    '<script type="module" src="../assets/m.js"></script><body>x</body>',
);
const url = `file://${dir}/page/index.html`;
const probe = `(async () => {
  const out = { 'classic script': !!window.classicRan, 'module script': !!window.moduleRan };
  const attempt = async (name, f) => { try { out[name] = await f(); } catch (e) { out[name] = 'blocked: ' + String(e).slice(0, 40); } };
  await attempt('font from ../', async () => (await document.fonts.load('16px T')).length > 0);
  await attempt('fetch', async () => (await fetch('../assets/d.json')).ok);
  await attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', '../assets/d.json', false); x.send(); return x.status === 200; });
  await attempt('Web Worker', () => new Promise((ok, no) => { const w = new Worker('../assets/w.js'); w.onmessage = () => ok(true); w.onerror = () => no(new Error('error event')); setTimeout(() => no(new Error('silent')), 2000); }));
  await attempt('localStorage', () => { localStorage.setItem('k', '1'); return localStorage.getItem('k') === '1'; });
  await attempt('import()', async () => { await import('../assets/m.js'); return true; });
  await attempt('service worker', async () => { await navigator.serviceWorker.register('../assets/w.js'); return true; });
  return out;
})()`;

const results = {};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
await page.goto(url);
results[`Chromium ${browser.version()}`] = await page.evaluate(probe);
await browser.close();

const firefox = ['firefox-esr', 'firefox'].find((bin) => {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (firefox) {
  const profile = mkdtempSync(join(tmpdir(), 'file-probe-ff-'));
  const ff = spawn(firefox, ['--headless', '--remote-debugging-port', '0', '--profile', profile, '--no-remote']);
  const endpoint = await new Promise((resolve) =>
    ff.stderr.on('data', (d) => {
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(String(d));
      if (m) resolve(m[1]);
    }),
  );
  const ws = new WebSocket(`${endpoint}/session`);
  await new Promise((resolve) => ws.addEventListener('open', resolve));
  let id = 0;
  const waiting = new Map();
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    waiting.get(m.id)?.(m);
  });
  const send = (method, params) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const version = (await send('session.new', { capabilities: {} })).result.capabilities.browserVersion;
  const context = (await send('browsingContext.getTree', {})).result.contexts[0].context;
  await send('browsingContext.navigate', { context, url, wait: 'complete' });
  const answer = await send('script.evaluate', {
    expression: `${probe}.then(JSON.stringify)`,
    target: { context },
    awaitPromise: true,
  });
  results[`Firefox ${version}`] = JSON.parse(answer.result.result.value);
  ws.close();
  ff.kill();
  rmSync(profile, { recursive: true, force: true });
}
rmSync(dir, { recursive: true, force: true });
// One row per capability, one column per browser.
const rows = {};
for (const [name, found] of Object.entries(results))
  for (const [capability, value] of Object.entries(found)) (rows[capability] ??= {})[name] = value;
console.table(rows);
