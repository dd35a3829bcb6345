// Changes to the page address that wait for the reader to pause: `replaceState` cost 30-40 ms of main
// thread at 4× CPU slow-down here, once per idle moment of a slider drag or of arrow-key steps. No
// imports. The page's own scripts (a copied link, a citation) dispatch READ_ADDRESS on the window before
// they read the address, which writes what is waiting at once.

/** The window event that asks for the address to be written now. */
export const READ_ADDRESS = 'aside:read-address';

/** How long the address must be left unchanged before it is written. */
export const QUIET_MS = 250;

/** The writes waiting, by key (a figure's prefix), applied in turn to the address's query. */
const pending = new Map<string, (params: URLSearchParams) => URLSearchParams>();
let quietTimer: ReturnType<typeof setTimeout> | undefined;
let listening = false;

/** Writes what is waiting into the address now, keeping its #fragment. */
export function flushAddressWrites(): void {
  clearTimeout(quietTimer);
  quietTimer = undefined;
  if (pending.size === 0) return;
  let params = new URLSearchParams(location.search);
  for (const write of pending.values()) params = write(params);
  pending.clear();
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
}

/**
 * Queues `write` under `key` (replacing what that key queued before). It reaches the address once
 * nothing has been queued for QUIET_MS and the browser is idle (within 100 ms; Safari has no
 * requestIdleCallback), or at a flush: READ_ADDRESS, leaving the page or the tab, the window losing focus.
 */
export function queueAddressWrite(key: string, write: (params: URLSearchParams) => URLSearchParams): void {
  pending.set(key, write);
  if (!listening && typeof addEventListener === 'function') {
    listening = true;
    addEventListener(READ_ADDRESS, flushAddressWrites);
    // Leaving the page, the tab (a phone may discard it), or the page for the address bar.
    addEventListener('pagehide', flushAddressWrites);
    addEventListener('blur', flushAddressWrites);
    addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flushAddressWrites();
    });
  }
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => {
    quietTimer = undefined;
    // Something queued meanwhile has its own quiet period; a second idle flush finds nothing to write.
    const flushWhenIdle = () => {
      if (quietTimer === undefined) flushAddressWrites();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(flushWhenIdle, { timeout: 100 });
    else flushWhenIdle();
  }, QUIET_MS);
}
