/** The three-kinds figure's opening state (its digit is chosen by scripts/three-kinds/make-static.ts). */
export const KINDS_DEFAULTS = { model: 'cnn', seed: 1 } as const;
/** The models the static file precomputes the opening digit for, so that the prose can compare them. */
export const KINDS_MODELS = ['linear', 'cnn', 'cnn-robust'] as const;
