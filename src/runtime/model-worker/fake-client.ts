// For tests only: a ModelClient whose jobs wait until the test answers or fails them, so that the
// figures' state modules (src/widgets/*/*.svelte.ts) can be driven without a worker. It keeps the
// real channel's one promise: cancel() rejects the channel's unsettled runs with an AbortError.
import type { DigitSet } from '../../lib/digit-set.ts';
import { AbortError } from '../../lib/jobs.ts';
import type { JobName, ModelClient } from './client.ts';

/** One job sent to the fake; `answer` and `fail` settle it as the worker would. */
export interface FakeRun<Input = Record<string, unknown>, Output = unknown, Progress = unknown> {
  channel: string;
  job: JobName;
  input: Input;
  progress?: (value: Progress) => void;
  settled: boolean;
  answer(out: Output): void;
  fail(e: Error): void;
}

/** `count` blank 28 × 28 digits, labelled by `label` (default: all 0). */
export function blankDigits(count: number, label: (i: number) => number = () => 0): DigitSet {
  return {
    count,
    width: 28,
    height: 28,
    pixels: new Float32Array(count * 784),
    labels: Uint8Array.from({ length: count }, (_, i) => label(i)),
  };
}

export interface FakeClient<Input, Output, Progress> {
  client: ModelClient;
  /** Every job sent, oldest first. */
  runs: FakeRun<Input, Output, Progress>[];
  /** The runs of one job, oldest first. */
  of(job: string): FakeRun<Input, Output, Progress>[];
  /** "cancel <channel>", "release <prefix>" and "close", in the order the figure called them. */
  log: string[];
}

export function fakeModelClient<Input = Record<string, unknown>, Output = unknown, Progress = unknown>(
  options: { digits?: () => Promise<DigitSet> } = {},
): FakeClient<Input, Output, Progress> {
  const runs: FakeRun<Input, Output, Progress>[] = [];
  const log: string[] = [];
  const digits = options.digits ?? (async () => blankDigits(800));
  const client: ModelClient = {
    where: async () => ({ mode: 'worker', note: null }),
    backend: async () => ({ backend: 'wasm', fallbackReason: null }),
    digits,
    numTensors: async () => 0,
    release: async (prefix) => void log.push(`release ${prefix}`),
    close: () => void log.push('close'),
    channel: (channel) => ({
      run: ((job: JobName, input: Input, progress?: (value: Progress) => void) =>
        new Promise<Output>((resolve, reject) => {
          const run: FakeRun<Input, Output, Progress> = {
            channel,
            job,
            input,
            progress,
            settled: false,
            answer: (out) => {
              run.settled = true;
              resolve(out);
            },
            fail: (e) => {
              run.settled = true;
              reject(e);
            },
          };
          runs.push(run);
        })) as never,
      cancel: () => {
        log.push(`cancel ${channel}`);
        for (const run of runs) if (run.channel === channel && !run.settled) run.fail(new AbortError());
      },
    }),
  };
  return { client, runs, log, of: (job) => runs.filter((r) => r.job === job) };
}
