// The page's model worker: one dedicated module worker that runs every figure's model work
// (host.ts), reached from the page through Comlink (client.ts). tfjs is imported here, never on the
// page's main thread.
import { expose } from 'comlink';
import { ModelHost } from './host.ts';

expose(new ModelHost());
