// The held-out sample digits (public/data/digits.json + digits.u8.gz), fetched and decoded once per
// page and shared by every figure on it.
import type { DigitSet } from '../lib/digit-set.ts';
import { fetchDigits } from '../lib/digits.ts';

let loading: Promise<DigitSet> | null = null;

/** `base` is the site's base path (a worker is told it); `fetchFn` lets a test serve files from disk. */
export function loadDigits(
  base: string = import.meta.env.BASE_URL,
  fetchFn: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<DigitSet> {
  loading ??= (async () => {
    const dir = `${base.replace(/\/?$/, '/')}data`;
    return fetchDigits(fetchFn, { meta: `${dir}/digits.json`, data: `${dir}/digits.u8.gz` });
  })();
  loading.catch(() => (loading = null));
  return loading;
}
