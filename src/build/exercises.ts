// Build-time data of the exercises: the lab links (content/exercises/labs.json), the answers measured
// from the committed models (content/exercises/answers.json), and whether solutions are printed.
import labsJson from '../../content/exercises/labs.json';
import answersJson from '../../content/exercises/answers.json';
import { answersFileSchema, labsFileSchema, parseWith, type AnswersFile, type LabSpec } from '../lib/exercise-labs.ts';

let cached: { labs: Record<string, LabSpec>; answers: AnswersFile } | undefined;
function load() {
  cached ??= {
    labs: parseWith(labsFileSchema, labsJson, 'content/exercises/labs.json'),
    answers: parseWith(answersFileSchema, answersJson, 'content/exercises/answers.json'),
  };
  return cached;
}

export function getLab(id: string, where: string): LabSpec {
  const lab = load().labs[id];
  if (!lab) throw new Error(`${where}: no lab "${id}" in content/exercises/labs.json`);
  return lab;
}

export function getAnswers(): AnswersFile {
  return load().answers;
}

/**
 * `SOLUTIONS=hidden npm run build` leaves every solution out of the site (for a course that releases
 * them later); unset or `shown` prints them. Anything else is a typo that must not publish solutions.
 */
export function solutionsHidden(value = process.env.SOLUTIONS): boolean {
  if (value === undefined || value === '' || value === 'shown') return false;
  if (value === 'hidden') return true;
  throw new Error(`SOLUTIONS=${value}: use SOLUTIONS=hidden to leave solutions out, or leave it unset`);
}
