// The held-out sample digits (public/data/digits.json + digits.u8.gz), fetched and decoded once per
// page and shared by every figure on it.
import type { DigitSet } from '../lib/digit-set.ts';
import { decodeDigits, gunzipIfNeeded } from '../lib/digits.ts';
import { parseJsonFile } from '../lib/json-file.ts';

let loading: Promise<DigitSet> | null = null;

/** `base` is the site's base path (a worker is told it); `fetchFn` lets a test serve files from disk. */
export function loadDigits(
  base: string = import.meta.env.BASE_URL,
  fetchFn: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<DigitSet> {
  loading ??= (async () => {
    const dir = `${base.replace(/\/?$/, '/')}data`;
    const metaUrl = `${dir}/digits.json`;
    const dataUrl = `${dir}/digits.u8.gz`;
    const [metaRes, dataRes] = await Promise.all([fetchFn(metaUrl), fetchFn(dataUrl)]);
    if (!metaRes.ok) throw new Error(`${metaUrl}: HTTP ${metaRes.status}`);
    if (!dataRes.ok) throw new Error(`${dataUrl}: HTTP ${dataRes.status}`);
    const meta = parseJsonFile(await metaRes.text(), metaUrl);
    const raw = await gunzipIfNeeded(new Uint8Array(await dataRes.arrayBuffer()), dataUrl);
    return decodeDigits(meta, raw, { meta: metaUrl, data: dataUrl });
  })();
  loading.catch(() => (loading = null));
  return loading;
}
