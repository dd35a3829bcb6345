// The URL state of each interactive figure (its schema and prefix, as the figure itself reads them),
// so that a link made at build time (an exercise's lab link) opens the figure in exactly the state it
// names, and a field that the figure would clamp or ignore stops the build instead.
import type { Label } from '../lib/labels.ts';
import { readState, writeState, type Schema } from '../lib/url-state.ts';
import { labSchema, prefixFor, type Focus } from '../widgets/attack-lab/lab-state.ts';
import { shiftPrefixFor, shiftSchema } from '../widgets/shift-lab/shift-state.ts';
import { PREFIX as PF_PREFIX, pfSchema } from '../widgets/pixel-feature/state.ts';
import { samplingPrefixFor, samplingSchema } from '../widgets/sampling/sampling-state.ts';
import { LATENT_PREFIX, latentSchema } from '../widgets/latent-plane/latent-state.ts';
import { PREFIX as KINDS_PREFIX, kindsSchema } from '../widgets/three-kinds/kinds-state.ts';
import { PREFIX as GEO_PREFIX, geoSchema } from '../widgets/where-points/state.ts';
import { PREFIX as SR_PREFIX, makeSchema as swissRollSchema } from '../widgets/swiss-roll/state.ts';
import { PREFIX as EVAL_PREFIX, panelSchema } from '../widgets/eval-panel/panel-state.ts';
import { PREFIX as IO_PREFIX, ioSchema } from '../widgets/inside-outside/io-state.ts';

export interface FigureState {
  schema: Schema;
  prefix: string;
  /** How a reader would name each field ("ε", "held-out digit"); fields not listed use their key. */
  names: Record<string, string>;
}

/** The state schema and prefix of an interactive figure's label. */
export function figureState(label: Label): FigureState {
  const widget = label.widget;
  if (!widget) throw new Error(`${label.id} is not an interactive figure`);
  switch (widget.component) {
    case 'AttackLabFigure':
      return {
        schema: labSchema((widget.props.focus as Focus | undefined) ?? 'attack'),
        prefix: prefixFor(label.id),
        names: {
          digit: 'held-out digit',
          eps: 'ε',
          k: 'steps K',
          alpha: 'step α',
          target: 'target class',
          rs: 'random start',
        },
      };
    case 'ShiftLabFigure':
      return { schema: shiftSchema, prefix: shiftPrefixFor(label.id), names: { kind: 'shift', level: 'severity' } };
    case 'PixelFeatureFigure':
      return { schema: pfSchema, prefix: PF_PREFIX, names: { a: 'anchor digit', dx: 'shift right', dy: 'shift down' } };
    case 'ThreeKindsFigure':
      return { schema: kindsSchema, prefix: KINDS_PREFIX, names: { digit: 'held-out digit', seed: 'negative seed' } };
    case 'WherePointsFigure':
      return {
        schema: geoSchema,
        prefix: GEO_PREFIX,
        names: { n: 'thousands of noise images', d: 'dimension D', eps: 'ε', dim: 'shell dimension D' },
      };
    case 'SwissRollFigure':
      return {
        schema: swissRollSchema(Number(widget.props.points ?? 2000)),
        prefix: SR_PREFIX,
        names: { n: 'points', unroll: 'unrolled' },
      };
    case 'SamplingFigure':
      return { schema: samplingSchema, prefix: samplingPrefixFor(label.id), names: { seed: 'seed' } };
    case 'LatentPlaneFigure':
      return { schema: latentSchema, prefix: LATENT_PREFIX, names: { z1: 'z₁', z2: 'z₂' } };
    case 'InsideOutsideFigure':
      return {
        schema: ioSchema,
        prefix: IO_PREFIX,
        names: { a: 'first digit', b: 'second digit', t: 't', f: 'function', lo: 'range from', hi: 'range to' },
      };
    case 'EvalPanelFigure':
      return { schema: panelSchema, prefix: EVAL_PREFIX, names: { eps: 'ε', digits: 'held-out digits' } };
    default:
      throw new Error(
        `${label.id}: no URL state known for <${widget.component}>; add it to src/build/figure-states.ts`,
      );
  }
}

/**
 * The query string that puts a figure in `state` (fields not named keep their defaults). Throws when a
 * field does not exist or its value would not survive the figure's own parsing unchanged.
 */
export function stateQuery(fig: FigureState, state: Record<string, unknown>, where: string): URLSearchParams {
  for (const key of Object.keys(state)) {
    if (!Object.hasOwn(fig.schema, key))
      throw new Error(`${where}: the figure has no field "${key}"; it has ${Object.keys(fig.schema).join(', ')}`);
  }
  const full = { ...readState(fig.schema, fig.prefix, new URLSearchParams()), ...state };
  // Written with defaults left out, then written again for the fields the exercise names, so a link
  // that sets a field to its default still says so (the figure's own writes would drop it).
  const params = writeState(fig.schema, fig.prefix, full as never, new URLSearchParams());
  for (const [key, value] of Object.entries(state)) {
    if (!params.has(`${fig.prefix}.${key}`))
      params.set(`${fig.prefix}.${key}`, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const back = readState(fig.schema, fig.prefix, params) as Record<string, unknown>;
  for (const [key, value] of Object.entries(state)) {
    if (back[key] !== value)
      throw new Error(
        `${where}: ${fig.prefix}.${key}=${String(value)} would open as ${String(back[key])}; use a value the figure accepts`,
      );
  }
  return params;
}

/** "held-out digit = 60, model = cnn, attack = fgsm, ε = 0": the named fields, in the schema's order. */
export function describeState(fig: FigureState, state: Record<string, unknown>): string {
  return Object.keys(fig.schema)
    .filter((key) => Object.hasOwn(state, key))
    .map((key) => {
      const value = state[key];
      const shown = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
      return `${fig.names[key] ?? key} = ${shown}`;
    })
    .join(', ');
}
