// The jobs the model worker can run, by name: each is a pure function in src/lib (`(ctx, input) =>
// output`), loaded the first time it is asked for. A figure (or a panel to come, such as a strong
// attack suite) adds its jobs here; the host, the client and their types follow from this list.
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
export type JobProgress<K extends JobName> = Parameters<JobFn<K>>[0] extends { progress(value: infer P): void }
  ? P
  : never;
