// Precomputes the attack lab's opening states with the lab's own job (src/lib/attack-lab/jobs.ts), in
// Node on the wasm backend as a browser runs it: chapter 5's (FGSM on cnn) and chapter 7's (PGD on
// cnn-robust). The live figure shows these numbers before its model worker has answered, and keeps
// them when the worker agrees; without JavaScript and in print the figure shows them as a static
// example. Writes src/widgets/attack-lab/static-example.json (with the SHA-256 of the files used)
// and three 28 × 28 PNGs per state to public/attack-lab/. Rerun after retraining:
//   node scripts/attack-lab/make-static.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { attack } from '../../src/lib/attack-lab/jobs.ts';
import { LAB_DEFAULTS, paramsFor, type Focus } from '../../src/lib/attack-lab/defaults.ts';
import { diverging, parseHex } from '../../src/lib/attack-lab/perturbation-colours.ts';
import { inkRgba } from '../../src/lib/colormap.ts';
import { encodePixels } from '../../src/lib/attack-lab/precomputed.ts';
import { DIGITS_FILES, modelFiles, nodeJobs } from '../static/node-jobs.ts';
import { sourceHashes } from '../static/source-hashes.ts';
import { encodePng } from './png.ts';

const css = readFileSync('src/styles/tokens.css', 'utf8');
// The light theme's colour: `--name: #hex` or `--name: light-dark(#light, #dark)`.
const cssColour = (name: string) => {
  const hex = new RegExp(`${name}:\\s*(?:light-dark\\(\\s*)?(#[0-9a-fA-F]{3,6})`).exec(css)?.[1];
  if (!hex) throw new Error(`src/styles/tokens.css: no colour ${name}`);
  return parseHex(hex);
};
const [neg, zero, pos] = [cssColour('--c-div-neg'), cssColour('--c-div-zero'), cssColour('--c-div-pos')];
const grey = (rgba: Uint8ClampedArray) => Uint8Array.from({ length: 784 }, (_, i) => rgba[4 * i]!);
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

const { ctx, backend, dispose } = await nodeJobs();
const examples: Record<string, unknown> = {};
const used = new Set(DIGITS_FILES);
mkdirSync('public/attack-lab', { recursive: true });
for (const focus of ['attack', 'robust'] as Focus[]) {
  const defaults = LAB_DEFAULTS[focus];
  if (!existsSync(`public/models/${defaults.model}/manifest.json`)) continue;
  modelFiles(defaults.model).forEach((f) => used.add(f));
  const params = paramsFor(defaults);
  const out = await attack(ctx, params);
  const png = (what: string) => `public/attack-lab/example${focus === 'attack' ? '' : `-${focus}`}-${what}.png`;
  const rgb = new Uint8Array(784 * 3);
  out.delta.forEach((d, i) => rgb.set(diverging(d / params.eps, neg, zero, pos), 3 * i));
  writeFileSync(png('original'), encodePng(grey(inkRgba(out.original)), 28, 28, 1));
  writeFileSync(png('adversarial'), encodePng(grey(inkRgba(out.adversarial)), 28, 28, 1));
  writeFileSync(png('perturbation'), encodePng(rgb, 28, 28, 3));
  const prediction = (p: typeof out.clean) => ({
    label: p.label,
    confidence: p.confidence,
    probs: Array.from(p.probs),
  });
  examples[focus] = {
    params: out.params,
    trueLabel: out.trueLabel,
    clean: prediction(out.clean),
    adv: prediction(out.adv),
    linf: out.linf,
    l2: out.l2,
    // 8-bit, as the page draws them; the numbers above are the job's own, unrounded.
    original: encodePixels(out.original),
    adversarial: encodePixels(out.adversarial),
  };
  console.log(
    `${focus}: digit ${params.digit} (a ${out.trueLabel}), ${params.model} ${params.attack} ε = ${params.eps}: ` +
      `${out.clean.label} at ${r4(out.clean.confidence)} → ${out.adv.label} at ${r4(out.adv.confidence)}`,
  );
}
dispose();
writeFileSync(
  'src/widgets/attack-lab/static-example.json',
  JSON.stringify(
    {
      note: 'Made by scripts/attack-lab/make-static.ts from the files in `source`; rerun after retraining.',
      backend,
      source: sourceHashes([...used]),
      examples,
    },
    null,
    1,
  ) + '\n',
);
