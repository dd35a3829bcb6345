/** Backend set-up for Node scripts and tests: tfjs pure-JS cpu, or wasm with the missing kernel added. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// The layers bundle registers tfjs-core's gradient functions (the core Node bundle has none).
import '@tensorflow/tfjs-layers';
import { registerWasmConvFilterGrad } from './wasm-conv-grad.ts';

export type BackendName = 'cpu' | 'wasm';

/** Switches to the backend and waits until it is ready (importing wasm makes it the default). */
export async function useBackend(name: BackendName): Promise<void> {
  registerWasmConvFilterGrad();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
}
