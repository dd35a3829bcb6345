import { describe, expect, it } from 'vitest';
import {
  externaliseScripts,
  fileKey,
  inlineHandlers,
  inlineScripts,
  isImmutable,
  isIslandScript,
  offlineGroup,
  relativePath,
  relativeUrl,
  relativiseCss,
  relativiseHtml,
} from './offline-files.ts';

describe('fileKey', () => {
  it('names the file a path serves, folders by their index.html', () => {
    expect(fileKey('/courses/ml/aside/', '/courses/ml/aside/')).toBe('index.html');
    expect(fileKey('/courses/ml/aside', '/courses/ml/aside/')).toBe('index.html');
    expect(fileKey('/courses/ml/aside/feature-space/', '/courses/ml/aside/')).toBe('feature-space/index.html');
    expect(fileKey('/courses/ml/aside/feature-space/index.html', '/courses/ml/aside/')).toBe(
      'feature-space/index.html',
    );
    expect(fileKey('/models/cnn/model.json', '/')).toBe('models/cnn/model.json');
  });
  it('knows nothing outside the base path', () => {
    expect(fileKey('/other/x.js', '/courses/ml/aside/')).toBeUndefined();
    expect(fileKey('/courses/ml/asides/x.js', '/courses/ml/aside/')).toBeUndefined();
  });
});

describe('isImmutable', () => {
  it('trusts names that carry a content hash', () => {
    expect(isImmutable('_astro/client.ehVRACdQ.js')).toBe(true);
    expect(isImmutable('pagefind/fragment/en_352f269.pf_fragment')).toBe(true);
    expect(isImmutable('pagefind/pagefind.en_22cbf96e83.pf_meta')).toBe(true);
  });
  it('asks the network for names that stay the same across builds', () => {
    for (const path of ['index.html', 'models/cnn/weights.bin', 'data/digits.json', 'pagefind/pagefind.js'])
      expect(isImmutable(path)).toBe(false);
  });
});

describe('offlineGroup', () => {
  const shell = new Set(['_astro/Base.hHXpKE17.css', '_astro/enhance.abc.js']);
  it('puts what every page needs, fonts and search in the shell', () => {
    for (const path of [
      '_astro/Base.hHXpKE17.css',
      '_astro/enhance.abc.js',
      'index.html',
      'favicon.png',
      '_astro/KaTeX_Main-Regular.B22Nviop.woff2',
      'pagefind/pagefind.js',
      'pagefind/index/en_1.pf_index',
    ])
      expect(offlineGroup(path, shell), path).toBe('shell');
  });
  it('keeps pages, figure code, models, digits and wasm for when they are read or saved', () => {
    for (const path of [
      'feature-space/index.html',
      '_astro/AttackLab.BkHjBG-H.js',
      'models/cnn/weights.bin',
      'data/digits.u8.gz',
      '_astro/tfjs-backend-wasm-simd.BrM3BlWr.wasm',
    ])
      expect(offlineGroup(path, shell), path).toBe('book');
  });
  it('leaves out what no reader needs', () => {
    for (const path of [
      '_astro/KaTeX_Main-Regular.ypZvNtVU.ttf',
      '_astro/KaTeX_Main-Regular.Dr94JaBh.woff',
      'pagefind/pagefind-ui.js',
      'pagefind/pagefind-component-ui.css',
      'og.png',
      'sitemap-index.xml',
      'sw.js',
      'START-HERE.html',
    ])
      expect(offlineGroup(path, shell), path).toBeUndefined();
  });
});

describe('relative URLs', () => {
  it('walks up from a page to the asset', () => {
    expect(relativePath('feature-space/index.html', '_astro/x.css')).toBe('../_astro/x.css');
    expect(relativePath('figures/fig-a/index.html', '_astro/x.css')).toBe('../../_astro/x.css');
    expect(relativePath('index.html', '_astro/x.css')).toBe('_astro/x.css');
    expect(relativePath('_astro/x.css', '_astro/f.woff2')).toBe('f.woff2');
    expect(relativePath('a/index.html', 'a/index.html')).toBe('index.html');
  });
  it('names files instead of folders and keeps query and fragment', () => {
    const base = '/courses/ml/aside/';
    expect(relativeUrl('/courses/ml/aside/', 'feature-space/index.html', base)).toBe('../index.html');
    expect(relativeUrl('/courses/ml/aside/references/#goodfellow2015', 'feature-space/index.html', base)).toBe(
      '../references/index.html#goodfellow2015',
    );
    expect(relativeUrl('/courses/ml/aside/figures/fig-a/?lab.eps=0.2', 'index.html', base)).toBe(
      'figures/fig-a/index.html?lab.eps=0.2',
    );
  });
  it('leaves other sites, fragments and other paths alone', () => {
    for (const url of ['https://arxiv.org/abs/1412.6572', '#fig-a', '//cdn.example/x.js', '/elsewhere/x'])
      expect(relativeUrl(url, 'a/index.html', '/courses/')).toBe(url);
  });
  it('rewrites the URL attributes of a page, island scripts included', () => {
    const html =
      '<link rel="stylesheet" href="/_astro/Base.css"><a href="/feature-space/#x">x</a>' +
      '<astro-island component-url="/_astro/A.js" renderer-url="/_astro/r.js"></astro-island>' +
      '<img src="/pixel-feature/anchor.png" alt="/not/a/url"><a href="https://example.org/">y</a>' +
      '<html data-base="/">';
    expect(relativiseHtml(html, 'figures/fig-a/index.html', '/')).toBe(
      '<link rel="stylesheet" href="../../_astro/Base.css"><a href="../../feature-space/index.html#x">x</a>' +
        '<astro-island component-url="../../_astro/A.js" renderer-url="../../_astro/r.js"></astro-island>' +
        '<img src="../../pixel-feature/anchor.png" alt="/not/a/url"><a href="https://example.org/">y</a>' +
        '<html data-base="/">',
    );
  });
  it('leaves out CORS-mode preloads, which a page opened from disk cannot make', () => {
    const html =
      '<link rel="preload" href="/_astro/F.woff2" as="font" type="font/woff2" crossorigin><link rel="icon" href="/f.svg">';
    expect(relativiseHtml(html, 'index.html', '/')).toBe('<link rel="icon" href="f.svg">');
  });
  it("rewrites a stylesheet's url()s", () => {
    const css = '@font-face{src:url(/b/_astro/K.woff2) format("woff2"),url("/b/_astro/K.woff")}a{b:url(#m)}';
    expect(relativiseCss(css, '_astro/Base.css', '/b/')).toBe(
      '@font-face{src:url(K.woff2) format("woff2"),url("K.woff")}a{b:url(#m)}',
    );
  });
});

describe('inline scripts', () => {
  const page =
    '<head><script>theme()</script><script type="module" src="/_astro/e.js"></script>' +
    '<script type="application/ld+json">{"a":1}</script></head>' +
    '<body><script type="module">go()</script><astro-island></astro-island><script>(()=>{island()})()</script></body>';
  it('finds the scripts a strict policy blocks, not data blocks or external scripts', () => {
    expect(inlineScripts(page).map((s) => s.code)).toEqual(['theme()', 'go()', '(()=>{island()})()']);
  });
  it('moves each into a file, keeping its place and kind', () => {
    const names: string[] = [];
    const out = externaliseScripts(page, (code, isModule) => {
      names.push(`${code}:${isModule}`);
      return `/_astro/inline-${names.length}.js`;
    });
    expect(names).toEqual(['theme():false', 'go():true', '(()=>{island()})():false']);
    expect(out).toBe(
      '<head><script src="/_astro/inline-1.js"></script><script type="module" src="/_astro/e.js"></script>' +
        '<script type="application/ld+json">{"a":1}</script></head>' +
        '<body><script type="module" src="/_astro/inline-2.js"></script><astro-island></astro-island>' +
        '<script src="/_astro/inline-3.js"></script></body>',
    );
    expect(inlineScripts(out)).toEqual([]);
  });
  it('defers the scripts that can wait, classic ones only', () => {
    const out = externaliseScripts(
      page,
      () => '/x.js',
      (code) => code.includes('island') || code.includes('go'),
    );
    expect(out).toContain('<head><script src="/x.js"></script>');
    expect(out).toContain('<script type="module" src="/x.js"></script><astro-island>');
    expect(out).toContain('</astro-island><script defer src="/x.js"></script></body>');
  });
  it("knows Astro's island runtime and directives from other scripts", () => {
    const runtime =
      'class f extends HTMLElement{u=this.getAttribute("component-url")};customElements.define("astro-island",f)';
    expect(isIslandScript(runtime)).toBe(true);
    // The theme script's inert stand-in, for a book opened from disk, runs where it stands.
    expect(isIslandScript("customElements.define('astro-island', class extends HTMLElement {})")).toBe(false);
    expect(
      isIslandScript('(()=>{(self.Astro||(self.Astro={})).visible=i;dispatchEvent(new Event("astro:visible"))})()'),
    ).toBe(true);
    expect(isIslandScript('document.documentElement.dataset.theme = localStorage.theme')).toBe(false);
    expect(isIslandScript('customElements.define("glossary-card", C)')).toBe(false);
  });
  it('finds inline event handlers but not words in text', () => {
    expect(inlineHandlers('<button onclick="x()">on=1</button><img alt="one = two" onload=\'y\'>')).toEqual([
      'onclick',
      'onload',
    ]);
  });
});
