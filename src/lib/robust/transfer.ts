/** Transfer attacks are made on this model (the panel's and scripts/eval.ts's); it is not attacked with its own. */
export const TRANSFER_SOURCE = 'cnn';
