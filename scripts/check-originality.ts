// Fails when a chapter (or the front page, an exercises file, the notation table or the glossary)
// shares a run of 12 or more words with the source text in ../shared/seed/ (they are written afresh).
// The source stays outside the project; pass another path as the first argument. Titles of cited
// works are allowed, so they are removed from the source first.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { proseOfMdx, sharedRuns } from '../src/lib/originality.ts';

export const DEFAULT_SEED_DIR = '../shared/seed';

/** Every passage of 12+ words that a chapter (or the front page) shares with the source. */
export function findSharedRuns(seedDir = DEFAULT_SEED_DIR): { files: string[]; runs: { file: string; run: string }[] } {
  const references = JSON.parse(readFileSync('content/references.json', 'utf8')) as { title: string }[];
  let source = readdirSync(seedDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(seedDir, f), 'utf8'))
    .join('\n');
  for (const r of references) source = source.split(r.title).join(' | ');
  const inFolder = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : []);
  const files = [
    'content/front.mdx',
    'content/notation.mdx',
    ...inFolder('content/chapters'),
    ...inFolder('content/exercises'),
  ].filter((f) => f.endsWith('.mdx') && existsSync(f));
  const runs = files.flatMap((file) =>
    sharedRuns(proseOfMdx(readFileSync(file, 'utf8')), source, 12).map((run) => ({ file, run })),
  );
  // The glossary's definitions are prose too.
  const glossary = 'content/glossary.json';
  if (existsSync(glossary)) {
    const definitions = (JSON.parse(readFileSync(glossary, 'utf8')) as { definition: string }[])
      .map((e) => e.definition)
      .join('\n\n');
    runs.push(...sharedRuns(definitions, source, 12).map((run) => ({ file: glossary, run })));
    files.push(glossary);
  }
  return { files, runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seedDir = process.argv[2] ?? DEFAULT_SEED_DIR;
  if (!existsSync(seedDir)) {
    console.error(`check-originality: no source at ${seedDir}`);
    process.exit(2);
  }
  const { files, runs } = findSharedRuns(seedDir);
  for (const { file, run } of runs) console.log(`${file}: "${run}"`);
  console.log(
    runs.length === 0
      ? `check-originality: ${files.length} files, no shared run of 12 words`
      : `check-originality: ${runs.length} shared runs`,
  );
  process.exit(runs.length === 0 ? 0 : 1);
}
