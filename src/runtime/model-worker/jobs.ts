// The jobs the model worker can run, by name: each is a pure function in src/lib (`(ctx, input) =>
// output`), loaded the first time it is asked for. A figure (or a panel to come, such as a strong
// attack suite) adds its jobs here; the host, the client and their types follow from this list.
import { TRANSFER_SOURCE } from '../../lib/robust/transfer.ts';

const attackLab = () => import('../../lib/attack-lab/jobs.ts');
const shiftLab = () => import('../../lib/shift-lab/jobs.ts');
const pixelFeature = () => import('../../lib/pixel-feature/jobs.ts');
const gen = () => import('../../lib/gen/jobs.ts');
const threeKinds = () => import('../../lib/kinds/jobs.ts');
const robust = () => import('../../lib/robust/jobs.ts');
const geo = () => import('../../lib/geo/jobs.ts');
const insideOutside = () => import('../../lib/interp/jobs.ts');

export const JOBS = {
  'attack-lab/attack': () => attackLab().then((m) => m.attack),
  'attack-lab/curve': () => attackLab().then((m) => m.curve),
  'shift-lab/evaluate': () => shiftLab().then((m) => m.evaluate),
  'shift-lab/curve': () => shiftLab().then((m) => m.curve),
  'pixel-feature/prepare': () => pixelFeature().then((m) => m.prepare),
  'pixel-feature/analyse': () => pixelFeature().then((m) => m.analyse),
  'pixel-feature/nearest-neighbours': () => pixelFeature().then((m) => m.nearestNeighbours),
  'gen/sample': () => gen().then((m) => m.sample),
  'gen/decode': () => gen().then((m) => m.decodePoint),
  'three-kinds/compare': () => threeKinds().then((m) => m.compare),
  'eval-panel/evaluate': () => robust().then((m) => m.evaluate),
  'geo/noise-batch': () => geo().then((m) => m.noiseBatch),
  'geo/grid': () => geo().then((m) => m.grid),
  'geo/distances': () => geo().then((m) => m.distances),
  'inside-outside/interpolate': () => insideOutside().then((m) => m.interpolate),
  'inside-outside/fit': () => insideOutside().then((m) => m.fit),
};

export type JobRegistry = Record<string, () => Promise<(...args: never[]) => Promise<unknown>>>;

type Jobs = typeof JOBS;
export type JobName = keyof Jobs;
type JobFn<K extends JobName> = Awaited<ReturnType<Jobs[K]>>;
export type JobInput<K extends JobName> = Parameters<JobFn<K>>[1];
export type JobOutput<K extends JobName> = Awaited<ReturnType<JobFn<K>>>;
/**
 * The shipped models a request names: the host starts fetching their files as the request arrives,
 * beside tfjs and the job's code, rather than once the job asks for them (on a cold start they were
 * the last step of a waterfall: tfjs, its wasm binary, then the model's three files one after another).
 */
export const MODELS_NAMED: { [K in JobName]?: (input: JobInput<K>) => readonly string[] } = {
  'attack-lab/attack': (i) => [i.model],
  'attack-lab/curve': (i) => [i.model],
  'shift-lab/evaluate': (i) => [i.model],
  'shift-lab/curve': (i) => [i.model],
  'three-kinds/compare': (i) => [i.model],
  'eval-panel/evaluate': (i) => [i.model, TRANSFER_SOURCE],
  'geo/grid': (i) => [i.model],
  'geo/noise-batch': (i) => i.models,
};

/** The models `input` names for `job` (none for a job not listed or an input without them). */
export function modelsNamed(job: string, input: unknown): readonly string[] {
  const named = (MODELS_NAMED as Record<string, ((i: unknown) => readonly string[]) | undefined>)[job];
  try {
    return named?.(input).filter((m) => typeof m === 'string') ?? [];
  } catch {
    return [];
  }
}

export type JobProgress<K extends JobName> = Parameters<JobFn<K>>[0] extends { progress(value: infer P): void }
  ? P
  : never;
