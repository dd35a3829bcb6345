// The held-out sample digits (public/data/digits.json + digits.u8.gz), fetched and decoded once per
// page and shared by every figure on it.
import type { DigitSet } from '../lib/digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from '../lib/digits.ts';

let loading: Promise<DigitSet> | null = null;

/** `base` is the site's base path (a worker is told it); `fetchFn` lets a test serve files from disk. */
export function loadDigits(
  base: string = import.meta.env.BASE_URL,
  fetchFn: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<DigitSet> {
  loading ??= (async () => {
    const dir = `${base.replace(/\/?$/, '/')}data`;
    const metaUrl = `${dir}/digits.json`;
    const [metaRes, dataRes] = await Promise.all([fetchFn(metaUrl), fetchFn(`${dir}/digits.u8.gz`)]);
    if (!metaRes.ok) throw new Error(`${metaUrl}: HTTP ${metaRes.status}`);
    if (!dataRes.ok) throw new Error(`${dir}/digits.u8.gz: HTTP ${dataRes.status}`);
    const meta = (await metaRes.json()) as unknown;
    const raw = await gunzipIfNeeded(new Uint8Array(await dataRes.arrayBuffer()));
    return decodeDigits(meta, raw, { meta: metaUrl, data: `${dir}/digits.u8.gz` });
  })();
  loading.catch(() => (loading = null));
  return loading;
}
