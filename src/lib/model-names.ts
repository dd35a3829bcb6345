/**
 * The book's classifiers (scripts/train.ts, public/models/<name>/) and how a control names them.
 * `MODEL_NAMES` are the three the figures' model pickers offer (the runtime's model cache and the
 * views read it); `ALL_MODEL_NAMES` adds the two models kept for the robustness evaluation: the
 * FGSM-trained exhibit and the gradient-masking trap.
 */
export const MODEL_NAMES = ['linear', 'cnn', 'cnn-robust'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const ALL_MODEL_NAMES = [...MODEL_NAMES, 'cnn-fgsm', 'cnn-binarized'] as const;
export type AnyModelName = (typeof ALL_MODEL_NAMES)[number];

export const MODEL_LABELS: Record<AnyModelName, string> = {
  linear: 'linear (softmax regression)',
  cnn: 'cnn (normally trained)',
  'cnn-robust': 'cnn-robust (adversarially trained)',
  'cnn-fgsm': 'cnn-fgsm (fast adversarial training, ε = 0.25)',
  'cnn-binarized': 'cnn-binarized (a gradient-masking trap)',
};
