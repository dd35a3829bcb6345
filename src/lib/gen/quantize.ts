/**
 * 8-bit affine quantisation of a weight tensor, in the format tfjs's weights manifest uses
 * (`quantization: { dtype: 'uint8', scale, min }`, value = min + scale · q): four times smaller
 * than float32, at most scale / 2 from the original value.
 */
export interface Uint8Quantization {
  dtype: 'uint8';
  scale: number;
  min: number;
}

export function quantizeUint8(values: ArrayLike<number>): { bytes: Uint8Array; quantization: Uint8Quantization } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (!Number.isFinite(min)) min = max = 0;
  // Math.fround: the manifest's numbers must decode to exactly the float32 values used when measuring.
  const scale = Math.fround(max > min ? (max - min) / 255 : 1);
  const min32 = Math.fround(min);
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    bytes[i] = Math.min(255, Math.max(0, Math.round((values[i]! - min32) / scale)));
  }
  return { bytes, quantization: { dtype: 'uint8', scale, min: min32 } };
}

export function dequantizeUint8(bytes: Uint8Array, q: Uint8Quantization): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = q.min + q.scale * bytes[i]!;
  return out;
}
