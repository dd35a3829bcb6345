import { describe, expect, it } from 'vitest';
import { normaliseBase, withBase } from './base-url.ts';

describe('withBase', () => {
  it('joins root base with paths', () => {
    expect(withBase('/', 'references/')).toBe('/references/');
    expect(withBase('/', '')).toBe('/');
    expect(withBase('/', '/favicon.png')).toBe('/favicon.png');
  });
  it('joins a sub-path base without doubled or missing slashes', () => {
    expect(withBase('/courses/ml/aside/', 'feature-space/')).toBe('/courses/ml/aside/feature-space/');
    expect(withBase('/courses/ml/aside', '/models/cnn/model.json')).toBe('/courses/ml/aside/models/cnn/model.json');
    expect(withBase('/courses/ml/aside/', '')).toBe('/courses/ml/aside/');
  });
  it('leaves absolute URLs and fragments alone', () => {
    expect(withBase('/x/', 'https://arxiv.org/abs/1412.6572')).toBe('https://arxiv.org/abs/1412.6572');
    expect(withBase('/x/', '#eq-1')).toBe('#eq-1');
    expect(withBase('/x/', 'mailto:a@b.c')).toBe('mailto:a@b.c');
  });
});

describe('normaliseBase', () => {
  it('adds leading and trailing slashes', () => {
    expect(normaliseBase('courses/ml/aside')).toBe('/courses/ml/aside/');
    expect(normaliseBase('/courses/ml/aside/')).toBe('/courses/ml/aside/');
  });
  it('treats empty or missing as root', () => {
    expect(normaliseBase(undefined)).toBe('/');
    expect(normaliseBase('  / ')).toBe('/');
  });
  it('rejects characters that cannot stand in a path', () => {
    expect(() => normaliseBase('/a b/')).toThrow(/BASE_PATH/);
  });
});
