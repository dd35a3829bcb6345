// The robustness-curves panel's state: which models and attacks to measure, on how many digits, and
// the run itself (one curve after another in the model host, with progress; cancel stops it within
// one chunk and keeps the points finished so far). Markup in CurvesPanel.svelte.
import { isAbortError } from '../../lib/jobs.ts';
import { CURVE_EPSILONS, comparisons, type CurveAttack, type Series } from './curves.ts';
import type { CurveRunner } from './attack-lab.svelte.ts';
import type { ModelName } from './lab-state.ts';

export class CurvesRun {
  models: ModelName[] = $state([]);
  attacks: CurveAttack[] = $state([]);
  count = $state(500);
  steps = $state(20);
  /** Curves measured here, the last one possibly still growing. */
  live: Series[] = $state([]);
  running = $state(false);
  progress = $state({ done: 0, total: 1, label: '' });
  status = $state('');
  /** Sentences comparing the finished curves with the published points. */
  notes = $derived(comparisons(this.live.filter((s) => s.points.length === CURVE_EPSILONS.length)));

  #run: CurveRunner;
  #controller: AbortController | null = null;

  constructor(run: CurveRunner, initial: { models: ModelName[]; attacks: CurveAttack[]; digitCount: number }) {
    this.#run = run;
    this.models = initial.models;
    this.attacks = initial.attacks;
    // PGD costs K gradient steps per digit and ε, so a panel that starts with PGD starts on fewer digits.
    this.count = Math.min(initial.attacks.includes('pgd') ? 250 : 500, initial.digitCount);
  }

  async start(): Promise<void> {
    this.#controller?.abort();
    const controller = (this.#controller = new AbortController());
    const jobs = this.models.flatMap((model) => this.attacks.map((attack) => ({ model, attack })));
    const { count, steps } = this;
    this.live = [];
    this.running = true;
    this.status = '';
    const started = performance.now();
    const perJob = count * CURVE_EPSILONS.length;
    const setLast = (points: Series['points']) =>
      (this.live = this.live.map((s, i) => (i === this.live.length - 1 ? { ...s, points } : s)));
    try {
      for (const [j, job] of jobs.entries()) {
        this.live = [
          ...this.live,
          { ...job, source: 'live', count, steps: job.attack === 'pgd' ? steps : undefined, points: [] },
        ];
        const label = `${job.model}, ${job.attack === 'pgd' ? `PGD-${steps}` : 'FGSM'}`;
        const points = await this.#run(
          { ...job, epsilons: CURVE_EPSILONS, count, steps },
          (p) => {
            if (controller.signal.aborted) return;
            this.progress = {
              done: j * perJob + p.done,
              total: jobs.length * perJob,
              label: `${label}, ε = ${p.epsilon}`,
            };
            setLast(p.points);
          },
          controller.signal,
        );
        setLast(points);
      }
      const seconds = (performance.now() - started) / 1000;
      this.status = `Done: ${jobs.length} curve${jobs.length === 1 ? '' : 's'} on ${count} digits in ${seconds.toFixed(1)} s.`;
    } catch (e) {
      this.status = isAbortError(e)
        ? 'Cancelled; the points finished so far are kept.'
        : `The run failed: ${(e as Error).message}`;
    } finally {
      if (this.#controller === controller) {
        this.running = false;
        this.#controller = null;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
