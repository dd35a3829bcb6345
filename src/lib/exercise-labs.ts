/**
 * Lab exercises: a problem that opens an interactive figure in a given state (content/exercises/labs.json)
 * and whose numeric answer is measured from the committed models by scripts/exercises/make-answers.ts
 * into content/exercises/answers.json, never typed by hand. That file records a SHA-256 of every input
 * it was computed from, so a test notices retrained weights that were not followed by a rerun.
 */
import { z } from 'zod';

/** What make-answers measures for a lab (see scripts/exercises/make-answers.ts). */
export const LAB_MEASURES = [
  /** Attack lab: the smallest ε on the slider's grid at which the attack changes the prediction. */
  'smallest-flip',
  /** Shift lab: the first severity of the curve at which the model's accuracy is below one half. */
  'shift-below-half',
  /** Pixel vs feature figure: the distances of its opening state (its static example). */
  'pixel-feature-opening',
  /** Attack lab: the sizes of its opening example's perturbation (its static example). */
  'attack-lab-opening',
  /** No figure: what the manifests record about training cnn and cnn-robust (epochs, CPU time). */
  'training-cost',
  /** No figure: how the held-out digits shipped with the site divide into classes. */
  'held-out-classes',
] as const;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const labSpecSchema = z
  .object({
    /** The interactive figure's label id, e.g. "fig-attack-lab"; none for a fact about the models. */
    figure: z
      .string()
      .regex(/^fig-[a-z0-9-]+$/)
      .optional(),
    /** The figure's URL fields (without prefix) that the link sets; the rest keep their defaults. */
    state: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** What make-answers measures; a lab with nothing to measure (a question about a picture) has none. */
    measure: z.enum(LAB_MEASURES).optional(),
  })
  .strict();
export type LabSpec = z.infer<typeof labSpecSchema>;

export const labsFileSchema = z.record(
  z.string().regex(ID, 'lab ids are lowercase words joined by hyphens'),
  labSpecSchema,
);
export type LabsFile = z.infer<typeof labsFileSchema>;

export type AnswerValue = number | string | null;

export const answersFileSchema = z
  .object({
    note: z.string(),
    /** Repository path → SHA-256 (hex) of the file when the answers were made. */
    inputs: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
    /** Lab id → its measured values, by name. */
    answers: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string(), z.null()]))),
  })
  .strict();
export type AnswersFile = z.infer<typeof answersFileSchema>;

/** Parses a JSON file with a schema; a mistake names the file and the entry. */
export function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** One measured value; a missing lab or value is an authoring mistake that stops the build. */
export function answerValue(answers: AnswersFile, lab: string, value: string): AnswerValue {
  const entry = answers.answers[lab];
  if (!entry)
    throw new Error(`no answers for lab "${lab}" in content/exercises/answers.json (run npm run exercises:answers)`);
  if (!(value in entry))
    throw new Error(`lab "${lab}" has no value "${value}"; it has ${Object.keys(entry).join(', ')}`);
  return entry[value]!;
}

/**
 * A value as prose prints it: `percent` multiplies by 100 ("97.4%"), otherwise the number is shown
 * with `digits` decimals (or as stored). Null (e.g. "never flips") prints as `none`.
 */
export function formatAnswer(value: AnswerValue, options: { percent?: boolean; digits?: number; none?: string } = {}) {
  if (value === null) return options.none ?? 'never';
  if (typeof value === 'string') return value;
  if (options.percent) return `${(value * 100).toFixed(options.digits ?? 0)}%`;
  return options.digits === undefined ? String(value) : value.toFixed(options.digits);
}
