/**
 * `node scripts/gen/make-tables.ts`: fits figure 6.x's three pixel models (src/lib/gen/pixel-models.ts)
 * on the 8,000 training digits, binarised as src/lib/gen/pixels.ts says, and writes the tables with
 * their log-likelihood per pixel on the 2,000 held-out digits to src/lib/gen/pixel-tables.json.
 * Deterministic: the same split and data give the same file (scripts/gen/tables.test.ts checks it).
 */
import { writeFileSync } from 'node:fs';
import { PIXEL_TREATMENT } from '../../src/lib/gen/pixels.ts';
import { PIXEL_MODELS } from '../../src/lib/gen/pixel-models.ts';
import { makeTables } from './tables.ts';

const out = 'src/lib/gen/pixel-tables.json';
const file = makeTables();
writeFileSync(out, JSON.stringify(file) + '\n');
console.log(
  `${out}: ${PIXEL_TREATMENT}; held-out log-likelihood per pixel: ` +
    PIXEL_MODELS.map((m) => `${m} ${file.heldOut[m].toFixed(4)}`).join(', '),
);
