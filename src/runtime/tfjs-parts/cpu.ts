// tfjs-core before the backend that registers into it (see wasm.ts).
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
