// Off the main thread: the Swiss roll's samples and neighbour-graph paths (roll-jobs.ts), their arrays
// transferred back rather than copied.
import { answer, createRollJobs, type RollRequest } from './roll-jobs.ts';

const jobs = createRollJobs();

self.onmessage = (event: MessageEvent<RollRequest>) => {
  const { reply, transfer } = answer(jobs, event.data);
  self.postMessage(reply, { transfer });
};
