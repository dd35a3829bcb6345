// Links in a printed page: a PDF has no site around it, so a link to another page of the book points
// at the public site (SITE_URL) when there is one and is dropped (its text kept) when there is not;
// a link within the same page becomes a jump inside the PDF; external links stay as they are.

export interface LinkContext {
  /** The site's base path, e.g. "/courses/ml/aside/". */
  base: string;
  /** The printed page's path, e.g. "/courses/ml/aside/distribution-shift/". */
  pagePath: string;
  /** Public origin (and nothing else is used of it), or undefined. */
  siteUrl?: string;
}

const ORIGIN = 'http://print.invalid';

/** What a link's href becomes in the PDF, or null to drop the href and keep the text. */
export function pdfHref(href: string, ctx: LinkContext): string | null {
  if (href.startsWith('#')) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith(ORIGIN)) return href; // https:, mailto:
  const url = new URL(href, ORIGIN + ctx.pagePath);
  if (url.origin !== ORIGIN) return href; // protocol-relative: another site
  if (url.pathname === ctx.pagePath) return url.hash || null;
  if (!url.pathname.startsWith(ctx.base)) return null;
  return ctx.siteUrl ? new URL(url.pathname + url.search + url.hash, ctx.siteUrl).href : null;
}

/** Rewrites the href of every <a> in a page's HTML by `pdfHref`. */
export function rewriteLinksForPdf(html: string, ctx: LinkContext): string {
  return html.replace(/(<a\b[^>]*?)\shref="([^"]*)"/g, (_, start: string, raw: string) => {
    const next = pdfHref(raw.replace(/&amp;/g, '&'), ctx);
    return next === null ? start : `${start} href="${next.replace(/&/g, '&amp;')}"`;
  });
}
