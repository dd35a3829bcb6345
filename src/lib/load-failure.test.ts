import { describe, expect, it } from 'vitest';
import { FigureLoadError, failedFile, isChunkLoadError, loadFailureMessage } from './load-failure.ts';

const chromium = new TypeError(
  'Failed to fetch dynamically imported module: http://127.0.0.1:4321/courses/ml/aside/_astro/scene.Oftla5D2.js',
);
const firefox = new TypeError('error loading dynamically imported module: https://uni.example/_astro/scene.abc.js?v=2');
const safari = new TypeError('Importing a module script failed.');

describe('load failures', () => {
  it('recognise each browser’s wording of a failed import()', () => {
    for (const e of [chromium, firefox, safari]) expect(isChunkLoadError(e)).toBe(true);
    expect(isChunkLoadError(new Error('x is not a function'))).toBe(false);
  });

  it('name the file that did not arrive, without its query', () => {
    expect(failedFile(chromium)).toBe('scene.Oftla5D2.js');
    expect(failedFile(firefox)).toBe('scene.abc.js');
    expect(failedFile(safari)).toBeNull();
  });

  it('say which part failed, which file, and what to do', () => {
    expect(loadFailureMessage(chromium, '3-D view')).toBe(
      'The 3-D view could not start: its code (scene.Oftla5D2.js) did not download. The connection may have dropped, or the site was updated since this page was opened; reload the page to try again.',
    );
    expect(loadFailureMessage(safari)).toMatch(/^The interactive figure could not start: its code did not download\./);
    expect(loadFailureMessage(new Error('WebGL exploded'))).toBe(
      'The interactive figure could not start (WebGL exploded).',
    );
  });

  it('wrap the cause in an Error whose message is that sentence', () => {
    const e = new FigureLoadError(chromium, '3-D view');
    expect(e.message).toMatch(/^The 3-D view could not start: its code \(scene\.Oftla5D2\.js\)/);
    expect(e.cause).toBe(chromium);
  });
});
