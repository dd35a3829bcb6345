/**
 * The per-example losses the strong attacks climb, all written so that larger means closer to (or
 * past) a mistake. z are the logits of one example, y its true class, t a target class, and
 * z_π1 ≥ z_π2 ≥ … the logits sorted in decreasing order.
 *
 * - `ce`: cross-entropy J = −log softmax(z)_y (Goodfellow et al. 2015; Madry et al. 2018).
 * - `margin`: max_{j≠y} z_j − z_y, the margin loss of Carlini & Wagner, "Towards Evaluating the
 *   Robustness of Neural Networks", IEEE S&P 2017 (κ = 0); positive exactly when the digit is misread.
 * - `dlr`: the Difference of Logits Ratio of Croce & Hein, "Reliable evaluation of adversarial
 *   robustness with an ensemble of diverse parameter-free attacks", ICML 2020, eq. 5:
 *   −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3 + 1e-12), invariant to shifting and scaling the logits.
 * - targeted, towards class t: `ce` becomes −J(z, t); `margin` becomes z_t − z_y (the multi-targeted
 *   loss of Gowal et al., "An Alternative Surrogate Loss for PGD-based Adversarial Testing", 2019);
 *   `dlr` becomes −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12) (Croce & Hein 2020, eq. 6).
 *
 * Only ops with registered gradients are used: tfjs has none for TopK, so the sorted logits are
 * picked out with argMax and one-hot masks (argMax's gradient is zero, which is right for an index).
 */
import * as tf from '@tensorflow/tfjs-core';

export type LossName = 'ce' | 'margin' | 'dlr';

/** Far below any logit: added to masked classes so that max() never picks them. */
const MASKED = -1e9;

const oneHotF = (labels: tf.Tensor1D, classes: number) =>
  tf.cast(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes), 'float32') as tf.Tensor2D;

/** z_y of each row. */
const pick = (z: tf.Tensor2D, mask: tf.Tensor2D) => tf.sum(tf.mul(z, mask), 1) as tf.Tensor1D;

/** max_{j≠y} z_j of each row. */
const bestOther = (z: tf.Tensor2D, yMask: tf.Tensor2D) => tf.max(tf.add(z, tf.mul(yMask, MASKED)), 1) as tf.Tensor1D;

/** The k largest logits of each row, largest first, each [N] and differentiable in z. */
export function largestLogits(z: tf.Tensor2D, k: number): tf.Tensor1D[] {
  const classes = z.shape[1];
  const out: tf.Tensor1D[] = [];
  let rest: tf.Tensor2D = z;
  for (let i = 0; i < k; i++) {
    const mask = oneHotF(tf.argMax(rest, 1) as tf.Tensor1D, classes);
    out.push(pick(z, mask));
    rest = tf.add(rest, tf.mul(mask, MASKED));
  }
  return out;
}

/** The untargeted loss of each example, [N]. */
export function untargetedLoss(loss: LossName, z: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const yMask = oneHotF(labels, z.shape[1]);
    if (loss === 'ce') return tf.neg(tf.sum(tf.mul(yMask, tf.logSoftmax(z)), 1)) as tf.Tensor1D;
    const margin = tf.sub(bestOther(z, yMask), pick(z, yMask));
    if (loss === 'margin') return margin as tf.Tensor1D;
    const [z1, , z3] = largestLogits(z, 3) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    return tf.div(margin, tf.add(tf.sub(z1, z3), 1e-12)) as tf.Tensor1D;
  });
}

/** The loss of each example towards its target class, [N] (larger = closer to reading the target). */
export function targetedLoss(loss: LossName, z: tf.Tensor2D, labels: tf.Tensor1D, targets: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = z.shape[1];
    const tMask = oneHotF(targets, classes);
    if (loss === 'ce') return tf.sum(tf.mul(tMask, tf.logSoftmax(z)), 1) as tf.Tensor1D;
    const gap = tf.sub(pick(z, tMask), pick(z, oneHotF(labels, classes)));
    if (loss === 'margin') return gap as tf.Tensor1D;
    const [z1, , z3, z4] = largestLogits(z, 4) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    return tf.div(gap, tf.add(tf.sub(z1, tf.mul(tf.add(z3, z4), 0.5)), 1e-12)) as tf.Tensor1D;
  });
}

/** Indices of the k classes with the largest logits other than the true one, [N] each, best first. */
export function topOtherClasses(z: tf.Tensor2D, labels: tf.Tensor1D, k: number): tf.Tensor1D[] {
  return tf.tidy(() => {
    const classes = z.shape[1];
    let rest: tf.Tensor2D = tf.add(z, tf.mul(oneHotF(labels, classes), MASKED));
    const out: tf.Tensor1D[] = [];
    for (let i = 0; i < k; i++) {
      const idx = tf.argMax(rest, 1) as tf.Tensor1D;
      out.push(idx);
      rest = tf.add(rest, tf.mul(oneHotF(idx, classes), MASKED));
    }
    return out;
  });
}
