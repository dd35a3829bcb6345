// A macrotask without the 4 ms clamp that nested timers get: a message to ourselves. Used between
// chunks of model work (the host) and between the parts of a figure's start, so that each part is a
// task of its own and a click or a frame can come in between. (Node, where the unit tests run, would
// deliver such messages back to back and starve its other ports: setImmediate there.)

let yielder: MessageChannel | null = null;
const resumes: (() => void)[] = [];

/** Lets the event loop run (queued messages first), then resumes in a new task. */
export function yieldTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  yielder ??= (() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resumes.shift()?.();
    return channel;
  })();
  const channel = yielder;
  return new Promise((resolve) => {
    resumes.push(resolve);
    channel.port2.postMessage(null);
  });
}

/**
 * Shows a figure's parts one task after another: calls `show(k)` for k = from + 1 … to, each after a
 * yieldTask, so that mounting them is several tasks rather than one long one. Returns a stop.
 */
export function showInTurns(from: number, to: number, show: (k: number) => void): () => void {
  let stopped = false;
  void (async () => {
    for (let k = from + 1; k <= to; k++) {
      await yieldTask();
      if (stopped) return;
      show(k);
    }
  })();
  return () => void (stopped = true);
}

const turns: (() => void)[] = [];
let taking = false;

/**
 * Runs `job` in a task of its own, after the jobs queued before it (one queue for the page): for small
 * drawings, each cheap alone, that made a long task together (twelve thumbnails' 2D contexts).
 */
export function inItsOwnTask(job: () => void): void {
  turns.push(job);
  if (taking) return;
  taking = true;
  void (async () => {
    while (turns.length) {
      await yieldTask();
      const next = turns.shift();
      // One job that throws must not stop the ones queued after it; its error still reaches the console.
      try {
        next?.();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    taking = false;
  })();
}

/**
 * A Svelte action for a small canvas or image: `paint(element, value)` runs in a task of its own
 * (inItsOwnTask), again with the newest value after each update, and never once the element is gone.
 */
export function paintInTurn<E extends Element, T>(paint: (element: E, value: T) => void) {
  return (element: E, value: T) => {
    let latest = value;
    let queued = false;
    let gone = false;
    const run = () => {
      queued = false;
      if (!gone) paint(element, latest);
    };
    const ask = () => {
      if (queued) return;
      queued = true;
      inItsOwnTask(run);
    };
    ask();
    return {
      update(next: T) {
        latest = next;
        ask();
      },
      destroy: () => void (gone = true),
    };
  };
}
