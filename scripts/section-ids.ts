// Prints (or with --write, puts into README.md) the list of every chapter's section ids, read from
// the chapters' source. Instructors link to these ids; tests/e2e/content.test.ts checks the README.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { headingsOf } from '../src/lib/labels.ts';
import book from '../content/book.json' with { type: 'json' };

const files = readdirSync('content/chapters');
const lines = [
  '## Section ids',
  '',
  'Link to a section as `<base>/<chapter>/#<id>`. These ids never change once published.',
  '',
];
for (const chapter of book.chapters) {
  const file = files.find((f) => f === `${String(chapter.number).padStart(2, '0')}-${chapter.slug}.mdx`);
  if (!file) continue;
  lines.push(`### ${chapter.number}. ${chapter.title} (\`${chapter.slug}/\`)`, '');
  for (const h of headingsOf(readFileSync(`content/chapters/${file}`, 'utf8'), file)) {
    lines.push(`${h.depth === 3 ? '  ' : ''}- \`#${h.id}\`: ${h.text}`);
  }
  lines.push('');
}
const list = lines.join('\n');
if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const at = readme.indexOf('## Section ids');
  if (at < 0) throw new Error('README.md has no "## Section ids" heading');
  const after = readme.indexOf('\n## ', at + 1);
  writeFileSync('README.md', readme.slice(0, at) + list + (after >= 0 ? readme.slice(after) : ''));
  console.log('README.md: section ids updated');
} else console.log(list);
