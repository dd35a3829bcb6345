import { describe, expect, it } from 'vitest';
import { readState, writeState } from '../../lib/url-state.ts';
import { encodeDigit } from '../../lib/digit-code.ts';
import { effectiveAlpha, labSchema, prefixFor } from './lab-state.ts';

describe('prefixFor', () => {
  it('gives the chapter 5 lab "lab" and chapter 7 a prefix of its own', () => {
    expect(prefixFor('fig-attack-lab')).toBe('lab');
    expect(prefixFor('fig-attack-lab-robust')).toBe('lab-robust');
    expect(prefixFor('fig-other')).toBe('lab-other');
    expect(prefixFor('Fig Attack<Lab>')).toMatch(/^lab-[a-z0-9-]+$/);
  });
});

describe('lab state in the URL', () => {
  const schema = labSchema();
  it('has defaults when the URL says nothing, robust focus opens on cnn-robust and PGD', () => {
    const s = readState(schema, 'lab', new URLSearchParams());
    expect(s).toMatchObject({
      digit: 1,
      model: 'cnn',
      attack: 'fgsm',
      eps: 0.15,
      k: 10,
      alpha: 0,
      target: 3,
      rs: true,
    });
    expect(readState(labSchema('robust'), 'lab-robust', new URLSearchParams())).toMatchObject({
      model: 'cnn-robust',
      attack: 'pgd',
    });
  });
  it('keeps a drawing only when its code is well formed', () => {
    const ink = encodeDigit(new Float32Array(784).fill(0.4));
    expect(readState(schema, 'lab', new URLSearchParams(`lab.drawn=1&lab.ink=${ink}`)).ink).toBe(ink);
    expect(readState(schema, 'lab', new URLSearchParams('lab.drawn=1&lab.ink=1%3Cscript%3E')).ink).toBe('');
  });
  it('clamps or ignores bad values', () => {
    const s = readState(
      schema,
      'lab',
      new URLSearchParams('lab.eps=9&lab.model=resnet&lab.k=-3&lab.target=x&lab.attack=pgd&lab.rs=0'),
    );
    expect(s).toMatchObject({ eps: 0.5, model: 'cnn', k: 1, target: 3, attack: 'pgd', rs: false });
  });
  it('round-trips a state through the URL, writing only what differs from the defaults', () => {
    const state = {
      digit: 42,
      model: 'linear',
      attack: 'fgsm-targeted',
      eps: 0.235,
      k: 40,
      alpha: 0.01,
      target: 8,
      rs: false,
      drawn: true,
      ink: encodeDigit(new Float32Array(784).fill(0.2)),
    };
    const params = writeState(schema, 'lab', state, new URLSearchParams('other=1'));
    expect(params.get('other')).toBe('1');
    expect(readState(schema, 'lab', params)).toEqual(state);
    expect(
      writeState(schema, 'lab', readState(schema, 'lab', new URLSearchParams()), new URLSearchParams()).toString(),
    ).toBe('');
  });
});

describe('effectiveAlpha', () => {
  it('is 2.5·ε/T when automatic, else the chosen α', () => {
    expect(effectiveAlpha({ alpha: 0, eps: 0.3, k: 10 })).toBeCloseTo(0.075);
    expect(effectiveAlpha({ alpha: 0.01, eps: 0.3, k: 10 })).toBe(0.01);
  });
});
