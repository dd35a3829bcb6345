/**
 * The evaluation panel's model work, run by the page's model worker: the whole strong-suite
 * evaluation of one model (src/lib/robust/evaluate.ts, as `npm run eval` runs it) on a stratified
 * sample of the held-out digits (the 800 every page ships, or all 2,000 with the other 1,200 fetched), reporting progress and stopping at the next slice when
 * cancelled (one attack iteration on one batch). Tensors: the suite frees what it holds, also on cancel.
 */
import type { DigitSet } from '../digit-set.ts';
import { fetchDigits, joinDigitSets, REST_FILES } from '../digits.ts';
import type { JobContext } from '../jobs.ts';
import { evaluateModel, plannedWork, type FullEvaluation } from './evaluate.ts';
import { sampleIndices } from './sample.ts';
import { attackCost } from './suite.ts';
import { CURVE_SUITE, STRONG_SUITE } from './strong-suite.ts';
import { TRANSFER_SOURCE } from './transfer.ts';

/** Digits per batch: small enough that one slice (an attack iteration on a batch) stays short. */
export const PANEL_BATCH = 100;
/** Least time between two progress messages. */
const PROGRESS_MS = 100;

export interface PanelRequest {
  model: string;
  /** Digits to evaluate: the stratified sample of this size (src/lib/robust/sample.ts). */
  count: number;
}

export interface PanelProgress {
  done: number;
  total: number;
  epsilon: number;
  attack: string;
}

export interface PanelResult {
  model: string;
  count: number;
  /** Held-out positions of the digits evaluated, in order. */
  positions: number[];
  evaluation: FullEvaluation;
  ms: number;
}

function restOfHeldOut(ctx: JobContext<PanelProgress>): Promise<DigitSet> {
  const file = ctx.file;
  if (!file) throw new Error('this job host serves no files');
  return fetchDigits(file, REST_FILES);
}

export async function evaluate(ctx: JobContext<PanelProgress>, req: PanelRequest): Promise<PanelResult> {
  const [m, shipped, source] = await Promise.all([
    ctx.model(req.model),
    ctx.digits(),
    req.model === TRANSFER_SOURCE ? null : ctx.model(TRANSFER_SOURCE),
  ]);
  // More digits than every page ships: the rest of the 2,000 held out, fetched for this run only.
  const digits = req.count > shipped.count ? joinDigitSets(shipped, await restOfHeldOut(ctx)) : shipped;
  const positions = digits.heldOutPositions;
  if (!positions) throw new Error('the shipped digits do not say which held-out digits they are');
  const count = Math.max(1, Math.min(Math.round(req.count), digits.count));
  const picked = sampleIndices(positions, digits.labels, count);
  const size = digits.width * digits.height;
  const pixels = new Float32Array(count * size);
  picked.forEach((d, i) => pixels.set(digits.pixels.subarray(d * size, (d + 1) * size), i * size));
  const ids = picked.map((d) => positions[d]!);
  const labels = picked.map((d) => digits.labels[d]!);

  const t0 = performance.now();
  const total = plannedWork(count);
  const costs = { main: STRONG_SUITE, curve: CURVE_SUITE };
  let finished = 0;
  let lastReport = -Infinity;
  const evaluation = await evaluateModel(
    { logits: m.logits, bpda: m.net.preprocessing ? m.net.bpdaLogits : null, transferSource: source?.logits ?? null },
    { pixels, shape: [digits.height, digits.width, 1], labels, ids },
    {
      batchSize: PANEL_BATCH,
      between: () => ctx.checkpoint(),
      onEvent: (e, phase) => {
        const spec = costs[phase].find((s) => s.id === (e.type === 'attack' ? e.result.id : e.attack));
        const slot = spec ? attackCost(spec) * count : 0;
        let done = finished;
        if (e.type === 'attack') done = finished += slot;
        else if (e.total > 0) done = finished + (slot * e.done) / e.total;
        const now = performance.now();
        if (e.type === 'progress' && now - lastReport < PROGRESS_MS) return;
        lastReport = now;
        ctx.progress({
          done: Math.min(done, total),
          total,
          epsilon: e.epsilon,
          attack: e.type === 'attack' ? e.result.id : e.attack,
        });
      },
    },
  );
  return { model: req.model, count, positions: ids, evaluation, ms: performance.now() - t0 };
}
