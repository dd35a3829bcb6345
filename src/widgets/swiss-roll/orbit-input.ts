// Turning, zooming and picking on the Swiss roll's canvas, by mouse, touch, pen and keyboard. It knows
// nothing of three.js: it reports a new view (clamped) and where a tap landed, and the scene decides
// what that means. Pure view arithmetic (`clampView`, `keyView`) is exported for tests.
import type { View } from './camera.ts';
import { DEFAULT_VIEW, wrapDegrees } from './state.ts';

export interface OrbitCallbacks {
  /** The view now shown. */
  view(): View;
  /** The reader turned or zoomed: the next view, already clamped. */
  onView(view: View): void;
  /** A short press without a drag, at CSS pixels relative to the canvas, with a pick radius for the pointer type. */
  onTap(x: number, y: number, radius: number): void;
}

/** Keeps a view within what the figure allows: any yaw (wrapped), pitch ±85°, zoom 0.5 to 6. */
export function clampView(v: View): View {
  return {
    yaw: wrapDegrees(v.yaw),
    pitch: Math.min(85, Math.max(-85, v.pitch)),
    zoom: Math.min(6, Math.max(0.5, v.zoom)),
  };
}

/** The view after a key press on the focused canvas, or null when the key is not the figure's. */
export function keyView(view: View, key: string, shift: boolean): View | null {
  const step = shift ? 15 : 5;
  switch (key) {
    case 'ArrowLeft':
      return { ...view, yaw: view.yaw - step };
    case 'ArrowRight':
      return { ...view, yaw: view.yaw + step };
    case 'ArrowUp':
      return { ...view, pitch: view.pitch + step };
    case 'ArrowDown':
      return { ...view, pitch: view.pitch - step };
    case '+':
    case '=':
      return { ...view, zoom: view.zoom * 1.15 };
    case '-':
    case '_':
      return { ...view, zoom: view.zoom / 1.15 };
    case '0':
    case 'Home':
      return { ...DEFAULT_VIEW };
    default:
      return null;
  }
}

/** Listens on `canvas`; returns the function that stops listening. */
export function attachOrbitInput(canvas: HTMLCanvasElement, callbacks: OrbitCallbacks): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let press: { x: number; y: number; time: number; moved: number } | null = null;
  let pinch = 0;

  const change = (next: View) => callbacks.onView(clampView(next));
  const pinchDistance = () => {
    const [p, q] = [...pointers.values()];
    return p && q ? Math.hypot(p.x - q.x, p.y - q.y) : 0;
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    press = pointers.size === 1 ? { x: e.clientX, y: e.clientY, time: performance.now(), moved: 0 } : null;
    if (pointers.size === 2) pinch = pinchDistance();
  };
  const onPointerMove = (e: PointerEvent) => {
    const last = pointers.get(e.pointerId);
    if (!last) return;
    const dx = e.clientX - last.x;
    const dy = e.clientY - last.y;
    last.x = e.clientX;
    last.y = e.clientY;
    if (press) press.moved += Math.abs(dx) + Math.abs(dy);
    const view = callbacks.view();
    if (pointers.size === 1) change({ ...view, yaw: view.yaw - dx * 0.4, pitch: view.pitch + dy * 0.4 });
    else if (pointers.size === 2) {
      const d = pinchDistance();
      change({ ...view, zoom: view.zoom * (d / (pinch || d)), pitch: view.pitch + (dy / 2) * 0.4 });
      pinch = d;
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!pointers.delete(e.pointerId)) return;
    // A tap: little movement, released soon.
    if (e.type === 'pointerup' && press && press.moved < 6 && performance.now() - press.time < 600) {
      const rect = canvas.getBoundingClientRect();
      callbacks.onTap(e.clientX - rect.left, e.clientY - rect.top, e.pointerType === 'mouse' ? 10 : 20);
    }
    press = null;
  };
  const onWheel = (e: WheelEvent) => {
    // Zoom with the wheel only when the reader is working with the figure (focused) or pinching on a
    // trackpad (ctrl+wheel); otherwise let the page scroll.
    if (document.activeElement !== canvas && !e.ctrlKey) return;
    e.preventDefault();
    const view = callbacks.view();
    change({ ...view, zoom: view.zoom * Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const next = keyView(callbacks.view(), e.key, e.shiftKey);
    if (!next) return;
    e.preventDefault();
    change(next);
  };

  const listeners: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', onPointerDown as EventListener],
    ['pointermove', onPointerMove as EventListener],
    ['pointerup', onPointerUp as EventListener],
    ['pointercancel', onPointerUp as EventListener],
    ['wheel', onWheel as EventListener, { passive: false }],
    ['keydown', onKey as EventListener],
  ];
  for (const [type, listener, options] of listeners) canvas.addEventListener(type, listener, options);
  return () => {
    for (const [type, listener] of listeners) canvas.removeEventListener(type, listener);
  };
}
