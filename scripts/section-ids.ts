// Prints (or with --write, puts into README.md) the list of every chapter's section ids, read from
// the chapters' source. Instructors link to these ids; tests/e2e/content.test.ts checks the README.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { STUDY_HEADINGS, collectLabels, headingsOf, labelNumber } from '../src/lib/labels.ts';
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
  const source = readFileSync(`content/chapters/${file}`, 'utf8');
  for (const h of headingsOf(source, file)) {
    lines.push(`${h.depth === 3 ? '  ' : ''}- \`#${h.id}\`: ${h.text}`);
  }
  // The chapter's takeaways and exercises, each exercise with its own id (content/exercises/).
  const exercisesFile = `content/exercises/${file}`;
  if (existsSync(exercisesFile)) {
    const exercises = readFileSync(exercisesFile, 'utf8');
    for (const h of STUDY_HEADINGS) lines.push(`- \`#${h.id}\`: ${h.text}`);
    const labels = collectLabels([{ number: chapter.number, slug: chapter.slug, source: source + '\n' + exercises }]);
    for (const label of labels.values())
      if (label.exercise) lines.push(`  - \`#${label.id}\`: ${labelNumber(label)}, ${label.exercise.title}`);
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
