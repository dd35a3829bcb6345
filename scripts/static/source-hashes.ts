// Each figure's precomputed default state (its static JSON) records the SHA-256 of the committed
// files it was computed from, so that a test notices when a model is retrained or the digits change
// and the JSON has not been remade.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 (hex) of each file, keyed by its path from the project root. */
export function sourceHashes(files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, createHash('sha256').update(readFileSync(f)).digest('hex')]));
}

/** The figures' precomputed files and the script that remakes each. */
export const STATIC_DATA = [
  { json: 'src/widgets/attack-lab/static-example.json', script: 'scripts/attack-lab/make-static.ts' },
  { json: 'src/widgets/shift-lab/static-curves.json', script: 'scripts/shift-lab/make-static.ts' },
  { json: 'src/widgets/pixel-feature/static-example.json', script: 'scripts/pixel-feature/make-static.ts' },
  { json: 'src/widgets/sampling/static-example.json', script: 'scripts/gen/make-static.ts' },
  { json: 'src/widgets/three-kinds/static-example.json', script: 'scripts/three-kinds/make-static.ts' },
  { json: 'src/widgets/where-points/static-data.json', script: 'scripts/where-points/make-static.ts' },
  { json: 'src/widgets/inside-outside/static-example.json', script: 'scripts/inside-outside/make-static.ts' },
] as const;
