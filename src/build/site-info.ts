// Build-time facts about this edition of the site: its version (package.json), the date of that
// version (the last commit; the build date when git or the history is missing, e.g. when built from
// a tarball), its authors, and its public address (SITE_URL, only when the deployer gave one).
import { execFileSync } from 'node:child_process';
import pkg from '../../package.json';
import { isoDay } from '../lib/citation.ts';

export interface SiteInfo {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  /** Where `date` comes from: the last commit, SOURCE_DATE_EPOCH, or the build itself. */
  dateSource: 'commit' | 'source-date-epoch' | 'build';
  authors: string[];
  /** Absolute origin (and path prefix) of the public site, e.g. "https://uni.example", or undefined. */
  siteUrl?: string;
}

export const DEFAULT_AUTHORS = ['highdim-aside contributors'];

function lastCommitDay(): string | undefined {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%cI'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return /^\d{4}-\d{2}-\d{2}/.test(out) ? out.slice(0, 10) : undefined;
  } catch {
    return undefined; // no git, or not a repository
  }
}

/** The date of this version: the last commit's day (as committed, UTC offset kept). */
function versionDate(): Pick<SiteInfo, 'date' | 'dateSource'> {
  const commit = lastCommitDay();
  if (commit) return { date: commit, dateSource: 'commit' };
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isFinite(epoch) && epoch > 0)
    return { date: new Date(epoch * 1000).toISOString().slice(0, 10), dateSource: 'source-date-epoch' };
  return { date: isoDay(new Date()), dateSource: 'build' };
}

/** "highdim-aside contributors", or the package's author(s) when package.json names them. */
function authors(): string[] {
  const named = (a: unknown) => (typeof a === 'string' ? a.replace(/\s*[<(].*$/, '').trim() : undefined);
  const p = pkg as { author?: unknown; contributors?: unknown };
  const list = [p.author, ...(Array.isArray(p.contributors) ? p.contributors : [])]
    .map((a) => named(typeof a === 'object' && a && 'name' in a ? a.name : a))
    .filter((a): a is string => !!a);
  return list.length > 0 ? list : DEFAULT_AUTHORS;
}

/** SITE_URL when it is an absolute http(s) address; anything else means "no public address". */
export function publicSiteUrl(raw = process.env.SITE_URL): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return /^https?:$/.test(url.protocol) ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

let cached: SiteInfo | undefined;
export function siteInfo(): SiteInfo {
  const siteUrl = publicSiteUrl();
  cached ??= { version: pkg.version, ...versionDate(), authors: authors(), ...(siteUrl && { siteUrl }) };
  return cached;
}

/**
 * The public address of a site path ("/courses/ml/aside/feature-space/"), or undefined without
 * SITE_URL. The path already carries the base path, so only SITE_URL's origin is used.
 */
export function publicUrl(path: string): string | undefined {
  const site = siteInfo().siteUrl;
  return site ? new URL(path, site).href : undefined;
}
