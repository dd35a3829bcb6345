/**
 * Joins the site's base path (Astro's `import.meta.env.BASE_URL`, e.g. "/" or "/courses/ml/aside/")
 * with a site-relative path. Every internal link and asset goes through this, so the site works
 * from any sub-path. Absolute URLs, fragments-only and protocol-relative links are returned as is.
 */
export function withBase(base: string, path = ''): string {
  if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(path)) return path;
  const root = '/' + base.replace(/^\/+|\/+$/g, '');
  const prefix = root === '/' ? '' : root;
  const rest = path.replace(/^\/+/, '');
  return rest === '' ? `${prefix}/` : `${prefix}/${rest}`;
}

/** Normalises a base path given on the command line ("courses/ml" → "/courses/ml/"). */
export function normaliseBase(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  if (!/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/.test(trimmed))
    throw new Error(`BASE_PATH has characters not allowed in a URL path: ${raw}`);
  return `/${trimmed}/`;
}
