// The shift lab's state and effects without a browser, against a fake model client: the build's
// opening score and curves are drawn at once and kept when the worker agrees, a differing curve
// replaces the build's, the newest change wins, and leaving releases the client and the hook.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import type { ShiftCurvePoint, ShiftOutcome } from '../../lib/shift-lab/jobs.ts';
import {
  RESULT_NOTE_ROOM,
  ShiftLabModel,
  curveStatusRoom,
  curveStatusText,
  resultNote,
  type ShiftEnvironment,
} from './shift-lab.svelte.ts';
import { curves, opening } from './static-curves.json';

function environment(search = '') {
  const fake = fakeModelClient();
  const hooks: Record<string, unknown> = {};
  const env: ShiftEnvironment = { search, save: () => {}, connect: () => fake.client, hooks };
  return { env, requests: fake.runs, pending: fake.of, log: fake.log, hooks };
}

const builtCurve = curves.cnn.rotate as ShiftCurvePoint[];
const builtOpening = (): ShiftOutcome => {
  const { level: _, ...score } = builtCurve.find((p) => p.level === opening.level)!;
  return { model: 'cnn', kind: 'rotate', level: opening.level, score, samples: opening.samples, ms: 40 };
};

describe('shift lab state', () => {
  it('keeps room for every form its small print can take (digits as wide as 8s)', () => {
    const widest = (room: string[]) => Math.max(...room.map((words) => words.length));
    const asEights = (words: string) => words.replace(/\d/g, '8').length;
    for (const source of ['build', 'live', undefined] as const)
      for (const ms of [null, 0, 7, 412, 12_345])
        expect(asEights(resultNote(source, ms))).toBeLessThanOrEqual(widest(RESULT_NOTE_ROOM));
    for (const n of [800, 2000])
      for (const stage of ['measuring', 'live', 'checking', 'checked'] as const)
        for (const done of [0, 4, 9])
          expect(asEights(curveStatusText(n, stage, done))).toBeLessThanOrEqual(widest(curveStatusRoom(n)));
  });

  it('draws the opening score and curve from the build, and keeps them when the worker agrees', async () => {
    const lab = new ShiftLabModel('fig-shift-lab', ['linear', 'cnn', 'cnn-robust']);
    const { env, pending } = environment();
    const stop = lab.start(env);
    flushSync();
    expect(lab.result?.source).toBe('build');
    expect(lab.curve).toMatchObject({ source: 'build', checked: false });
    expect(lab.curveStatus).toMatch(/measured when the site was built; checking it/);
    pending('shift-lab/evaluate')[0]!.answer(builtOpening());
    pending('shift-lab/curve')[0]!.answer(builtCurve.map((p) => ({ ...p })));
    await settle();
    expect(lab.result).toMatchObject({ source: 'build', confirmedMs: 40 });
    expect(lab.curve).toMatchObject({ source: 'build', checked: true });
    stop();
  });

  it('replaces a build curve the worker draws otherwise, and lets the newest change win', async () => {
    const lab = new ShiftLabModel('fig-shift-lab', ['linear', 'cnn']);
    const { env, pending } = environment('?shift.kind=fade&shift.level=0.3');
    const stop = lab.start(env);
    flushSync();
    expect(lab.result).toBeNull(); // not the opening state
    expect(lab.curve?.source).toBe('build'); // but fade's curve was measured at build time
    const fade = curves.cnn.fade as ShiftCurvePoint[];
    // One point a percent lower: the worker's curve draws otherwise.
    const other = fade.map((p, i) => (i === 3 ? { ...p, accuracy: p.accuracy - 0.01 } : p));
    pending('shift-lab/curve')[0]!.answer(other);
    lab.shift.level = 0.4;
    flushSync();
    const [older, newer] = pending('shift-lab/evaluate');
    newer!.answer({ ...builtOpening(), kind: 'fade', level: 0.4 });
    older!.answer({ ...builtOpening(), kind: 'fade', level: 0.3 });
    await settle();
    expect(lab.result).toMatchObject({ source: 'live', level: 0.4 });
    expect(lab.curve).toMatchObject({ source: 'live', checked: true });
    expect(pending('shift-lab/curve')).toHaveLength(1); // the same pair: measured once
    stop();
  });

  it('leaves nothing behind', () => {
    const lab = new ShiftLabModel('fig-shift-lab', ['cnn']);
    const { env, log, hooks } = environment('?shift.debug=1');
    const stop = lab.start(env);
    expect(Object.keys(hooks.__shiftLab as object)).toEqual(['fig-shift-lab']);
    stop();
    expect(hooks.__shiftLab).toBeUndefined();
    expect(log).toEqual([
      'cancel fig-shift-lab/evaluate',
      'cancel fig-shift-lab/curve',
      'release fig-shift-lab/',
      'close',
    ]);
  });
});
