// tfjs-core, then its gradients. Static imports run in the order written; two dynamic imports started
// together run in whichever order their files arrive, so the order is fixed here, not in tfjs.ts.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
