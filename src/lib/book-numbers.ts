/**
 * Numbers that the prose quotes from our models and data, looked up at build time in the committed
 * files instead of typed by hand (src/build/book-numbers.ts assembles the files into one tree).
 *
 * A path names one number in the tree: `cnn.cleanAccuracy.heldOut`, `shift.cnn.fade@0.625.accuracy`.
 * `.name` steps into an object; `@v` picks the element of an array whose `level` or `epsilon` is v;
 * `[i]` picks element i. An expression combines paths and numbers with + − × ÷ and parentheses
 * (`cnn-robust.training.seconds / cnn.training.seconds`; a binary minus needs spaces, since names may
 * contain hyphens); a condition compares two expressions (`a > b`, `a != b`, `a <= 0.5 and b > a`).
 * Everything that does not resolve throws an Error naming the path, so a renamed field fails the
 * build and the tests instead of printing a stale or empty number. Pure: no DOM, no framework.
 */

export type DataTree = Readonly<Record<string, unknown>>;

const SEGMENT = /\.([A-Za-z_][\w-]*)|@(-?\d+(?:\.\d+)?)|\[(\d+)\]/y;
const HEAD = /[A-Za-z_][\w-]*/y;

/** The keys an array element may be picked by with `@v`. */
const PICK_KEYS = ['level', 'epsilon'] as const;

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value && typeof value === 'object') return `an object with ${Object.keys(value).slice(0, 8).join(', ')}`;
  return JSON.stringify(value);
}

/** The number at `path` in `tree`; throws naming the first step that does not exist. */
export function resolvePath(tree: DataTree, path: string): number {
  HEAD.lastIndex = 0;
  const head = HEAD.exec(path);
  if (!head) throw new Error(`"${path}": a path starts with a name`);
  if (!(head[0] in tree))
    throw new Error(`"${path}": no data named "${head[0]}" (there are ${Object.keys(tree).join(', ')})`);
  let value: unknown = tree[head[0]];
  let at = head[0].length;
  while (at < path.length) {
    SEGMENT.lastIndex = at;
    const m = SEGMENT.exec(path);
    if (!m) throw new Error(`"${path}": cannot read "${path.slice(at)}"`);
    const here = path.slice(0, SEGMENT.lastIndex);
    const [, key, pick, index] = m;
    if (key !== undefined) {
      if (!value || typeof value !== 'object' || Array.isArray(value) || !(key in value))
        throw new Error(`"${here}": no field "${key}" in ${describe(value)}`);
      value = (value as Record<string, unknown>)[key];
    } else if (pick !== undefined) {
      const wanted = Number(pick);
      const found = Array.isArray(value)
        ? value.find(
            (el: unknown) =>
              !!el &&
              typeof el === 'object' &&
              PICK_KEYS.some((k) => {
                const v = (el as Record<string, unknown>)[k];
                return typeof v === 'number' && Math.abs(v - wanted) < 1e-9;
              }),
          )
        : undefined;
      if (found === undefined)
        throw new Error(`"${here}": no element with level or epsilon ${pick} in ${describe(value)}`);
      value = found;
    } else {
      const i = Number(index);
      if (!Array.isArray(value) || i >= value.length)
        throw new Error(`"${here}": no element [${i}] in ${describe(value)}`);
      value = value[i];
    }
    at = SEGMENT.lastIndex;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`"${path}": is ${describe(value)}, not a number`);
  return value;
}

type Token = { kind: 'num'; value: number } | { kind: 'path'; path: string } | { kind: 'op'; op: string };

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|@-?\d+(?:\.\d+)?|\[\d+\])*)|(<=|>=|!=|==|[-+*/()<>]))/y;

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expr);
    if (!m) throw new Error(`"${expr}": cannot read "${expr.slice(at).trim()}"`);
    const [, num, path, op] = m;
    if (num !== undefined) tokens.push({ kind: 'num', value: Number(num) });
    else if (path === 'and') tokens.push({ kind: 'op', op: 'and' });
    else if (path !== undefined) tokens.push({ kind: 'path', path });
    else tokens.push({ kind: 'op', op: op! });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Recursive descent over: conj := cmp ('and' cmp)*; cmp := sum (op sum)?; sum := term (± term)*; … */
function parser(expr: string, tree: DataTree) {
  const tokens = tokenize(expr);
  let i = 0;
  const peekOp = () => {
    const t = tokens[i];
    return t?.kind === 'op' ? t.op : undefined;
  };
  const fail = (what: string): never => {
    throw new Error(`"${expr}": ${what}`);
  };
  function atom(): number {
    const t = tokens[i++];
    if (!t) return fail('ends too early');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'path') return resolvePath(tree, t.path);
    if (t.op === '-') return -atom();
    if (t.op === '(') {
      const v = sum();
      if (peekOp() !== ')') fail('a bracket is not closed');
      i++;
      return v;
    }
    return fail(`unexpected "${t.op}"`);
  }
  function term(): number {
    let v = atom();
    for (let op = peekOp(); op === '*' || op === '/'; op = peekOp()) {
      i++;
      const r = atom();
      v = op === '*' ? v * r : v / r;
    }
    return v;
  }
  function sum(): number {
    let v = term();
    for (let op = peekOp(); op === '+' || op === '-'; op = peekOp()) {
      i++;
      const r = term();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  function comparison(): boolean {
    const a = sum();
    const op = peekOp();
    const compare: Record<string, (x: number, y: number) => boolean> = {
      '<': (x, y) => x < y,
      '>': (x, y) => x > y,
      '<=': (x, y) => x <= y,
      '>=': (x, y) => x >= y,
      '==': (x, y) => x === y,
      '!=': (x, y) => x !== y,
    };
    const test = op === undefined ? undefined : compare[op];
    if (!test) return fail('a condition needs <, >, <=, >=, == or !=');
    i++;
    return test(a, sum());
  }
  const done = () => {
    if (i < tokens.length) fail(`unexpected "${JSON.stringify(tokens[i])}"`);
  };
  return {
    value(): number {
      const v = sum();
      done();
      if (!Number.isFinite(v)) fail('is not a finite number');
      return v;
    },
    condition(): boolean {
      let ok = comparison();
      while (peekOp() === 'and') {
        i++;
        ok = comparison() && ok;
      }
      done();
      return ok;
    },
  };
}

/** The value of an expression of paths and numbers. */
export function evaluate(expr: string, tree: DataTree): number {
  return parser(expr, tree).value();
}

/** Whether a condition such as `a > b and c < 0.5` holds for the data. */
export function holds(condition: string, tree: DataTree): boolean {
  return parser(condition, tree).condition();
}

export type NumberStyle = 'percent' | 'number' | 'times';

/**
 * A number as the prose prints it: `percent` (a fraction, shown ×100 with %), `number` (grouped
 * thousands, en-GB) or `times` (a ratio with ×). `digits` fixes the decimals (percent: 1 by default).
 */
export function formatNumber(value: number, style: NumberStyle = 'percent', digits?: number): string {
  switch (style) {
    case 'percent': {
      const d = digits ?? 1;
      return `${(value * 100).toFixed(d)}%`;
    }
    case 'times':
      return `${value.toFixed(digits ?? 1)}×`;
    case 'number': {
      const d = digits ?? 0;
      return value.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
    }
  }
}

/**
 * The word that compares a with b: `more` when a exceeds b by more than `tolerance`, `less` when it
 * falls short by more than that, `same` otherwise. The prose gets its comparatives from the data too.
 */
export function compareWord(
  a: number,
  b: number,
  words: { more: string; less: string; same: string },
  tolerance = 0,
): string {
  if (a - b > tolerance) return words.more;
  if (b - a > tolerance) return words.less;
  return words.same;
}
