// The section redirect table, served for src/scripts/section-redirects.ts, which fetches it only
// when a page is opened at a fragment that the page does not have.
import { checkedRedirects } from '../build/redirects.ts';

export function GET(): Response {
  return new Response(JSON.stringify(checkedRedirects()), { headers: { 'content-type': 'application/json' } });
}
