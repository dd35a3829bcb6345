import { describe, expect, it } from 'vitest';
import { pdfHref, rewriteLinksForPdf } from './links.ts';

const ctx = { base: '/courses/ml/aside/', pagePath: '/courses/ml/aside/distribution-shift/' };
const pub = { ...ctx, siteUrl: 'https://uni.example' };

describe('links in a printed page', () => {
  it('keeps jumps within the page and external links', () => {
    expect(pdfHref('#fig-shift', ctx)).toBe('#fig-shift');
    expect(pdfHref('/courses/ml/aside/distribution-shift/#fig-shift', ctx)).toBe('#fig-shift');
    expect(pdfHref('https://arxiv.org/abs/1412.6572', ctx)).toBe('https://arxiv.org/abs/1412.6572');
    expect(pdfHref('mailto:someone@uni.example', ctx)).toBe('mailto:someone@uni.example');
  });
  it('points other pages of the book at the public site, or drops them without one', () => {
    expect(pdfHref('/courses/ml/aside/feature-space/#how-small', pub)).toBe(
      'https://uni.example/courses/ml/aside/feature-space/#how-small',
    );
    expect(pdfHref('../references/#madry2018', pub)).toBe('https://uni.example/courses/ml/aside/references/#madry2018');
    expect(pdfHref('/courses/ml/aside/feature-space/', ctx)).toBeNull();
    expect(pdfHref('/elsewhere/', pub)).toBeNull();
  });
  it('rewrites anchors in HTML and leaves other attributes alone', () => {
    const html =
      '<a class="x" href="/courses/ml/aside/feature-space/">ch 2</a> <a href="#eq-1">(1)</a> ' +
      '<link rel="stylesheet" href="/courses/ml/aside/_astro/a.css"><a href="/courses/ml/aside/x/?a=1&amp;b=2">q</a>';
    expect(rewriteLinksForPdf(html, ctx)).toBe(
      '<a class="x">ch 2</a> <a href="#eq-1">(1)</a> <link rel="stylesheet" href="/courses/ml/aside/_astro/a.css"><a>q</a>',
    );
    expect(rewriteLinksForPdf(html, pub)).toContain('href="https://uni.example/courses/ml/aside/x/?a=1&amp;b=2"');
  });
});
