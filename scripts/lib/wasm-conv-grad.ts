/**
 * The wasm backend of tfjs 4.22 has no kernel for a convolution's filter gradient
 * (`Conv2DBackpropFilter`), so training a CNN on it fails. This registers one made of ops the
 * backend has: the filter gradient is itself a convolution, of the input with the output gradient,
 * with the batch acting as the channel axis.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b, oh, ow, co]
 * (NHWC input, filter [fh, fw, Cin, Cout], dilation 1).
 */
export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { top, bottom, left, right } = info.padInfo;
    const [fh, fw] = filterShape;
    const xp = tf.pad(x, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
    // Input channels become the batch and the batch becomes the channels.
    const xt = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, Hp, Wp, N]
    const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [OH, OW, N, Cout]
    // The forward stride becomes the dilation of this convolution.
    const out = tf.conv2d(xt, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    const cropped = tf.slice(out, [0, 0, 0, 0], [-1, fh, fw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]) as tf.Tensor4D; // [fh, fw, Cin, Cout]
  });
}

/** Registers the kernel for the wasm backend (once; later calls do nothing). */
export function registerWasmConvFilterGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
      // Returning a Tensor (not a TensorInfo) lets the engine adopt it as the kernel's output.
      return tf.tidy(() => {
        const engine = tf.engine();
        // Wrapping an input as a Tensor shares its buffer: take a reference first, or disposing the
        // wrapper would free the caller's data.
        const wrap = (info: tf.TensorInfo) => {
          (backend as unknown as { incRef(id: object): void }).incRef(info.dataId);
          return engine.makeTensorFromTensorInfo(info) as tf.Tensor4D;
        };
        const x = wrap(inputs.x!);
        const dy = wrap(inputs.dy!);
        return conv2dFilterGrad(x, dy, a.filterShape, a.strides, a.pad, a.dimRoundingMode);
      }) as unknown as tf.TensorInfo;
    },
  });
}
