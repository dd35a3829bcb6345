// The files a lab exercise's answer is computed from, and their SHA-256: make-answers records them in
// content/exercises/answers.json, and answers.test.ts fails when one has changed since (retrained
// weights, a remade static figure, an edited lab) without the answers being made again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LabSpec } from '../../src/lib/exercise-labs.ts';

export const ANSWERS_FILE = 'content/exercises/answers.json';
export const LABS_FILE = 'content/exercises/labs.json';
export const REGENERATE = 'npm run exercises:answers';

const MODELS = ['linear', 'cnn', 'cnn-robust'];
const DIGITS = ['public/data/digits.json', 'public/data/digits.u8.gz'];
const modelFiles = (name: string) => [`public/models/${name}/model.json`, `public/models/${name}/weights.bin`];

/** Repository paths an answer of this lab depends on. */
export function inputsOf(lab: LabSpec): string[] {
  switch (lab.measure) {
    case 'smallest-flip':
      return [...modelFiles(String(lab.state.model ?? 'cnn')), ...DIGITS];
    case 'shift-below-half':
      // The static curves are made from all three models (scripts/shift-lab/make-static.ts).
      return ['src/widgets/shift-lab/static-curves.json', ...MODELS.flatMap(modelFiles)];
    case 'pixel-feature-opening':
      return ['src/widgets/pixel-feature/static-example.json', 'public/models/cnn/manifest.json', ...modelFiles('cnn')];
    case 'attack-lab-opening':
      return ['src/widgets/attack-lab/static-example.json', ...modelFiles('cnn'), ...DIGITS];
    case 'training-cost':
      return ['public/models/cnn/manifest.json', 'public/models/cnn-robust/manifest.json'];
    case 'held-out-classes':
      return DIGITS;
    case undefined:
      return [];
  }
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every input of every lab, plus the lab list itself, with its current hash, sorted by path. */
export function currentInputs(labs: Record<string, LabSpec>): Record<string, string> {
  const paths = new Set([LABS_FILE, ...Object.values(labs).flatMap(inputsOf)]);
  return Object.fromEntries([...paths].sort().map((p) => [p, sha256(p)]));
}
