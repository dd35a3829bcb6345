// Node, with modules transformed as for the browser: the figures' state modules (*.svelte.ts) are then
// compiled by Svelte for the client, whose effects run ($effect never runs in Svelte's server output).
import type { Environment } from 'vitest/runtime';

export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
