// Fails when a chapter shares a run of 12 or more words with the source text in ../shared/seed/
// (the chapters are written afresh). The source stays outside the project; pass another path as
// the first argument. Titles of cited works are allowed, so they are removed from the source first.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { proseOfMdx, sharedRuns } from '../src/lib/originality.ts';

const seedDir = process.argv[2] ?? '../shared/seed';
if (!existsSync(seedDir)) {
  console.error(`check-originality: no source at ${seedDir}`);
  process.exit(2);
}
const references = JSON.parse(readFileSync('content/references.json', 'utf8')) as { title: string }[];
let source = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(seedDir, f), 'utf8'))
  .join('\n');
for (const r of references) source = source.split(r.title).join(' | ');

const files = ['content/front.mdx', ...readdirSync('content/chapters').map((f) => join('content/chapters', f))]
  .filter((f) => f.endsWith('.mdx') && existsSync(f));
let failures = 0;
for (const file of files) {
  for (const run of sharedRuns(proseOfMdx(readFileSync(file, 'utf8')), source, 12)) {
    failures++;
    console.log(`${file}: "${run}"`);
  }
}
console.log(failures === 0 ? `check-originality: ${files.length} files, no shared run of 12 words` : `check-originality: ${failures} shared runs`);
process.exit(failures === 0 ? 0 : 1);
