// For the state-module tests: lets answered promises run their callbacks (one macrotask), then
// flushes Svelte's pending effects, as the next frame in a browser would.
import { flushSync } from 'svelte';

export async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}
