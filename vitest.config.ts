import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './tests/setup/sequencer.ts';

// Four projects: pure units in Node (beside the code they test); Svelte components and state modules in a
// simulated DOM (happy-dom: `*.dom.test.ts`, still no browser); the figures' state modules compiled for the
// client in Node (`*.svelte.test.ts`); and end-to-end tests in Chromium against the built site (tests/e2e),
// which build and serve the site once in a global setup.
export default defineConfig({
  test: {
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/lint/**/*.test.ts'],
          exclude: ['src/**/*.dom.test.ts', '**/*.svelte.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // Runes need the compiler, and $effect runs only in Svelte's client build.
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          include: ['src/**/*.dom.test.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      {
        // The figures' state modules (*.svelte.ts) use runes: Svelte compiles them for the client (its
        // server output never runs $effect), in Node.
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'unit-svelte',
          include: ['src/**/*.svelte.test.ts'],
          environment: './tests/setup/svelte-client-environment.ts',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // expect.poll's one-second default is too short for a browser on a loaded 2-core CI machine.
          expect: { poll: { timeout: 15_000 } },
          // Two files at a time, one Chromium each: most of a browser test is one busy renderer thread
          // (axe, a model in its worker) while the other core waits. Override with E2E_WORKERS=1.
          maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
        },
      },
    ],
  },
});
