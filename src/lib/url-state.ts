/**
 * Figure state in the URL, so an instructor's link opens a figure exactly as it was: each figure
 * declares its fields once (type, range, default) and owns a prefix, e.g. `?sr.points=2000&sr.unroll=1`.
 * Parsing never throws: values out of range are clamped, garbage is ignored (the default stays).
 * Only values that differ from their default are written, so links stay short.
 */
export type Field =
  | { kind: 'int'; min: number; max: number; default: number }
  | { kind: 'float'; min: number; max: number; default: number; /** decimals kept in the URL */ digits?: number }
  | { kind: 'bool'; default: boolean }
  | { kind: 'enum'; values: readonly string[]; default: string }
  | { kind: 'ints'; min: number; max: number; length: number; default: readonly number[] | null }
  /**
   * Free text that must match `pattern` (e.g. a drawn digit's code); anything else is ignored. With
   * `decode`, text that matches but decodes to null or undefined (a truncated code) is ignored too.
   */
  | { kind: 'code'; pattern: RegExp; maxLength: number; default: string; decode?: (text: string) => unknown };

export type Schema = Record<string, Field>;

type ValueOf<F extends Field> = F extends { kind: 'int' | 'float' }
  ? number
  : F extends { kind: 'bool' }
    ? boolean
    : F extends { kind: 'enum' | 'code' }
      ? string
      : F extends { kind: 'ints' }
        ? readonly number[] | null
        : never;

// `-readonly`: a schema declared `as const` must not make the state it describes read-only.
export type StateOf<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function parseNumber(raw: string): number | undefined {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw)) return undefined;
  const x = Number(raw);
  return Number.isFinite(x) ? x : undefined;
}

/** A URL value that cannot be read as its field's kind (as opposed to one that is only clamped). */
const UNREADABLE = Symbol('unreadable');

function parseField(field: Field, raw: string): unknown {
  switch (field.kind) {
    case 'int': {
      const x = parseNumber(raw);
      return x === undefined ? UNREADABLE : clamp(Math.round(x), field.min, field.max);
    }
    case 'float': {
      const x = parseNumber(raw);
      return x === undefined ? UNREADABLE : clamp(x, field.min, field.max);
    }
    case 'bool':
      return raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : UNREADABLE;
    case 'enum':
      return field.values.includes(raw) ? raw : UNREADABLE;
    case 'code':
      if (raw.length > field.maxLength || !field.pattern.test(raw)) return UNREADABLE;
      return field.decode && field.decode(raw) == null ? UNREADABLE : raw;
    case 'ints': {
      const parts: number[] = [];
      for (const part of raw.split(/[,_]/)) {
        const x = parseNumber(part);
        if (x === undefined) return UNREADABLE;
        parts.push(clamp(Math.round(x), field.min, field.max));
      }
      return parts.length === field.length ? parts : UNREADABLE;
    }
  }
}

function formatField(field: Field, value: unknown): string | null {
  switch (field.kind) {
    case 'int':
      return value === field.default ? null : String(value);
    case 'float': {
      const digits = field.digits ?? 3;
      const fixed = Number(value).toFixed(digits);
      // Trailing zeros go only after a decimal point: with digits = 0, "40" must stay "40".
      const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
      return Number(text) === Number(field.default.toFixed(digits)) ? null : text;
    }
    case 'bool':
      return value === field.default ? null : value ? '1' : '0';
    case 'enum':
    case 'code':
      return value === field.default ? null : String(value);
    case 'ints': {
      const v = value as readonly number[] | null;
      if (v === null || (field.default && v.join() === field.default.join())) return null;
      return v.join('_');
    }
  }
}

/**
 * Reads a figure's state from URL search params; every field gets a valid value. `unreadable` lists
 * the parameters (with their prefix) whose value could not be read and was replaced by the default,
 * for the caller to drop from the address.
 */
export function readStateChecked<S extends Schema>(
  schema: S,
  prefix: string,
  params: URLSearchParams,
): { state: StateOf<S>; unreadable: string[] } {
  const state = {} as Record<string, unknown>;
  const unreadable: string[] = [];
  for (const [name, field] of Object.entries(schema)) {
    const key = `${prefix}.${name}`;
    const raw = params.get(key);
    const value = raw === null ? field.default : parseField(field, raw);
    if (value === UNREADABLE) unreadable.push(key);
    state[name] = value === UNREADABLE ? field.default : value;
  }
  return { state: state as StateOf<S>, unreadable };
}

/** Reads a figure's state from URL search params; every field gets a valid value. */
export function readState<S extends Schema>(schema: S, prefix: string, params: URLSearchParams): StateOf<S> {
  return readStateChecked(schema, prefix, params).state;
}

/** Writes a figure's state into a copy of `params`: non-default values set, default ones removed. */
export function writeState<S extends Schema>(
  schema: S,
  prefix: string,
  state: StateOf<S>,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, field] of Object.entries(schema)) {
    const text = formatField(field, (state as Record<string, unknown>)[name]);
    if (text === null) next.delete(`${prefix}.${name}`);
    else next.set(`${prefix}.${name}`, text);
  }
  return next;
}

/** Every field at its default: a figure's state before the URL has been read. */
export function defaultState<S extends Schema>(schema: S): StateOf<S> {
  return readState(schema, '', new URLSearchParams());
}
