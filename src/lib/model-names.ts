/**
 * The book's three classifiers (scripts/train.ts, public/models/<name>/) and how a control names
 * them. One list for the runtime's model cache and every figure that offers a choice of model.
 */
export const MODEL_NAMES = ['linear', 'cnn', 'cnn-robust'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const MODEL_LABELS: Record<ModelName, string> = {
  linear: 'linear (softmax regression)',
  cnn: 'cnn (normally trained)',
  'cnn-robust': 'cnn-robust (adversarially trained)',
};
