import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicSiteUrl, siteInfo } from './site-info.ts';
import pkg from '../../package.json';

describe('site info', () => {
  it('takes SITE_URL only when it is an absolute http(s) address', () => {
    expect(publicSiteUrl('https://uni.example/')).toBe('https://uni.example');
    expect(publicSiteUrl('http://intranet:8080/courses')).toBe('http://intranet:8080/courses');
    expect(publicSiteUrl(undefined)).toBeUndefined();
    expect(publicSiteUrl('')).toBeUndefined();
    expect(publicSiteUrl('uni.example')).toBeUndefined();
    expect(publicSiteUrl('file:///tmp/site')).toBeUndefined();
  });
  it('has the package version, a date and the authors', () => {
    const info = siteInfo();
    expect(info.version).toBe(pkg.version);
    expect(info.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(info.authors).toEqual(['highdim-aside contributors']);
  });
});

describe('CITATION.cff', () => {
  const cff = readFileSync('CITATION.cff', 'utf8');
  it('names the same version, authors and licences as package.json', () => {
    expect(cff).toMatch(/^cff-version: 1\.2\.0$/m);
    expect([...cff.matchAll(/^version: (.+)$/gm)].map((m) => m[1])).toEqual([pkg.version]);
    expect(cff).toMatch(/^ {2}- name: highdim-aside contributors$/m);
    expect(pkg.license).toBe('MIT AND CC-BY-4.0');
    expect(cff).toMatch(/^license:\n {2}- CC-BY-4\.0\n {2}- MIT$/m);
  });
});
