// A clock for unit tests of code that is handed its timers (a figure's environment, the quiet wait):
// time moves only when the test says so, and the timers that come due run in time order, each seeing
// the time it was due at (and those they set run too, if due). Vitest's fake timers would also stop the
// real ones that tests/setup/settle.ts needs.

export interface FakeClock {
  now(): number;
  setTimeout(f: () => void, ms: number): number;
  clearTimeout(id: unknown): void;
  /** Moves time on by `ms`, running the timers that come due. */
  advance(ms: number): void;
  /** Timers set and not yet run or cleared. */
  pending(): number;
}

export function fakeClock(start = 0): FakeClock {
  let now = start;
  let ids = 0;
  const timers = new Map<number, { at: number; f: () => void }>();
  const next = () => [...timers].sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
  return {
    now: () => now,
    setTimeout(f, ms) {
      timers.set(++ids, { at: now + ms, f });
      return ids;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      const until = now + ms;
      for (let due = next(); due && due[1].at <= until; due = next()) {
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
