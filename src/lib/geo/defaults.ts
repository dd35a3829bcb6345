/** The figure's opening state, shared by its URL schema and the script that precomputes it. */
export const GEO_DEFAULTS = {
  /** Seed of the noise images and of the distance samples. */
  seed: 1,
  /** The model whose answers the grid shows. */
  model: 'cnn',
} as const;
