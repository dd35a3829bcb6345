// Builds the production site once under a non-root base path and serves it for every end-to-end
// test, as a course server would. Set E2E_SITE_DIR to reuse a site built earlier with the same base
// and SITE_URL, or E2E_BUILD_DIR to build somewhere else than .cache/e2e-site (parallel runs must
// not share it).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveSite } from '../../scripts/serve.mjs';
import { BUILD_LOCK } from './build-lock.ts';

export const E2E_BASE = '/courses/ml/aside/';
/** Where the e2e site says it lives (canonical links, link previews, sitemap), as a deployment would. */
export const E2E_SITE_URL = 'https://aside.example';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteDir: string;
    basePath: string;
  }
}

export default async function setup(project: TestProject) {
  // A build lock left by a killed run would hold every later run's builds back.
  rmSync(BUILD_LOCK, { recursive: true, force: true });
  let dir = process.env.E2E_SITE_DIR;
  if (!dir) {
    dir = resolve(process.env.E2E_BUILD_DIR ?? '.cache/e2e-site');
    const started = Date.now();
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      // NODE_ENV: Vitest sets it to "test", which would make this a build with import.meta.env.PROD false.
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BASE_PATH: E2E_BASE,
        SITE_URL: E2E_SITE_URL,
        OUT_DIR: dir,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    console.log(`e2e: built the site under ${E2E_BASE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`e2e: no built site in ${dir}`);
  const server = await serveSite({ dir, base: E2E_BASE, port: 0 });
  project.provide('siteUrl', server.url);
  project.provide('siteDir', dir);
  project.provide('basePath', E2E_BASE);
  return async () => {
    await server.close();
  };
}
