// tfjs-core before the wasm backend: the backend reads core's flags (`DEBUG`) when it is evaluated,
// and fails for good ("Cannot evaluate flag 'DEBUG'") if it runs first. The binaries are Vite assets.
import '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { WASM_FILES, handOverPrefetchedWasm } from './wasm-files.ts';

setWasmPaths(WASM_FILES);
handOverPrefetchedWasm();
