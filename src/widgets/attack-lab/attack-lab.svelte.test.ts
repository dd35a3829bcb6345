// The attack lab's state and effects without a browser: a fake model client answers when the test
// says so. What a reader would notice: the opening state shows the build-time numbers at once and
// keeps them when the worker agrees; a link's state is attacked; the newest change wins; a broken
// model says what failed; leaving the page releases the client and the debug hook.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../lib/jobs.ts';
import { outcomeOf, type PrecomputedAttack } from '../../lib/attack-lab/precomputed.ts';
import type { AttackOutcome, AttackParams } from '../../lib/attack-lab/types.ts';
import { blankDigits, fakeModelClient } from '../../runtime/model-worker/fake-client.ts';
import { settle } from '../../../tests/setup/settle.ts';
import { AttackLabModel, type LabEnvironment } from './attack-lab.svelte.ts';
import { examples } from './static-example.json';

const built = outcomeOf(examples.attack as PrecomputedAttack);

function environment(search = '') {
  const fake = fakeModelClient<AttackParams, AttackOutcome>({ digits: async () => blankDigits(3) });
  const saved: unknown[] = [];
  const hooks: Record<string, unknown> = {};
  const env: LabEnvironment = { search, save: (s) => saved.push(s), connect: () => fake.client, hooks };
  return { env, requests: fake.runs, log: fake.log, saved, hooks };
}

describe('attack lab state', () => {
  it('shows the build-time outcome at once, and keeps it when the worker shows the same', async () => {
    const lab = new AttackLabModel('fig-attack-lab', 'attack', ['linear', 'cnn', 'cnn-robust']);
    const { env, requests } = environment();
    const stop = lab.start(env);
    flushSync();
    expect(lab.result?.source).toBe('build');
    expect(lab.result?.adv.label).toBe(examples.attack.adv.label);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.input).toMatchObject({ model: 'cnn', attack: 'fgsm', digit: 1, eps: 0.15 });
    expect(lab.busy).toBe(true);
    // The build-time numbers are shown, but the worker has not answered yet: not warm.
    expect(lab.warm).toBe(false);
    requests[0]!.answer({ ...built, ms: 2.5 });
    await settle();
    expect(lab.result).toMatchObject({ source: 'build', confirmedMs: 2.5 });
    expect(lab.busy).toBe(false);
    expect(lab.warm).toBe(true);
    stop();
  });

  it('replaces the build-time outcome when the worker shows something else', async () => {
    const lab = new AttackLabModel('fig-attack-lab', 'attack', ['linear', 'cnn', 'cnn-robust']);
    const { env, requests } = environment();
    const stop = lab.start(env);
    flushSync();
    const probs = Float32Array.from(built.adv.probs);
    probs[built.adv.label] = built.adv.confidence - 0.2;
    requests[0]!.answer({ ...built, adv: { ...built.adv, probs }, ms: 2 });
    await settle();
    expect(lab.result?.source).toBe('live');
    expect(lab.warm).toBe(true);
    stop();
  });

  it("attacks a link's state, lets the newest change win and writes the state back", async () => {
    const lab = new AttackLabModel('fig-attack-lab', 'attack', ['linear', 'cnn']);
    const { env, requests, saved } = environment('?lab.eps=0.3&lab.model=cnn-robust&lab.digit=9');
    const stop = lab.start(env);
    flushSync();
    // Not the opening state: nothing to show until the worker answers. cnn-robust was not shipped.
    expect(lab.result).toBeNull();
    expect(requests[0]!.input).toMatchObject({ eps: 0.3, model: 'cnn', digit: 9 });
    await settle(); // the digits arrived: only 3 of them
    expect(lab.lab.digit).toBe(2);
    lab.lab.eps = 0.1;
    flushSync();
    const [, older, newer] = requests;
    expect(newer!.input).toMatchObject({ eps: 0.1, digit: 2 });
    newer!.answer({ ...built, params: { ...built.params, eps: 0.1 }, ms: 1 });
    older!.answer({ ...built, params: { ...built.params, eps: 0.3 }, ms: 1 });
    await settle();
    expect(lab.result?.params.eps).toBe(0.1);
    expect(saved.at(-1)).toMatchObject({ eps: 0.1, digit: 2 });
    stop();
  });

  it('says what failed: a model file, or the attack itself', async () => {
    const lab = new AttackLabModel('fig-attack-lab', 'attack', ['linear', 'cnn']);
    const { env, requests } = environment('?lab.model=linear');
    const stop = lab.start(env);
    flushSync();
    requests[0]!.fail(new LoadError('the linear model could not be loaded: /models/linear/weights.bin: HTTP 404'));
    await settle();
    expect(lab.error).toBe('The linear model could not be loaded: /models/linear/weights.bin: HTTP 404');
    lab.lab.model = 'cnn';
    flushSync();
    requests[1]!.fail(new Error('out of memory'));
    await settle();
    expect(lab.error).toBe('The attack failed: out of memory');
    stop();
  });

  it('leaves nothing behind: client released and closed, debug hook removed', async () => {
    const lab = new AttackLabModel('fig-attack-lab', 'attack', ['cnn']);
    const { env, log, hooks } = environment('?lab.debug=1');
    const stop = lab.start(env);
    flushSync();
    expect(Object.keys(hooks.__attackLab as object)).toEqual(['fig-attack-lab']);
    stop();
    expect(hooks.__attackLab).toBeUndefined();
    expect(log).toEqual(['cancel fig-attack-lab/attack', 'release fig-attack-lab/', 'close']);
  });
});
