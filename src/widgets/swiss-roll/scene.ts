// The Swiss roll's scene on the main thread: what is drawn and when (the sample, the orbiting camera,
// the unrolling morph), picking, and where the picked pair sits on screen. It loads no three.js: the
// drawing itself is the surface's (surface.ts), usually a worker painting an OffscreenCanvas, so the
// WebGL context, the shader and each frame cost the page nothing. It draws only when something changed
// and never while off-screen. Where points go is geometry.ts; how the reader turns the view is
// orbit-input.ts; lines and labels for the picked pair are drawn by the view in SVG (the scene reports
// their screen positions through `onOverlay`), crisp at any pixel ratio and in the page's theme colours.
//
// For tests and the bench, the container carries what the last frame showed: data-points (how many),
// data-alpha (how far unrolled, 0 to 1), data-frames (frames drawn), data-idle ("true" once nothing
// is left to draw: no morph running, no change waiting for a frame, no frame still being painted) and
// data-painter ("worker" or "page").
import { observeSize, observeVisibility, prefersReducedMotion } from '../../runtime/observe.ts';
import { fitCamera, viewProjection, type Box, type CameraPose, type View } from './camera.ts';
import { Placer, nodesPath, type RollData } from './geometry.ts';
import { attachOrbitInput } from './orbit-input.ts';
import { pickNearest } from './pairs.ts';
import { openSurface, type SurfaceOptions } from './surface.ts';

/** Where the view should draw the pair: screen positions in CSS pixels of the drawing area. */
export interface Overlay {
  width: number;
  height: number;
  a: [number, number] | null;
  b: [number, number] | null;
  /** The path along the manifold, as screen points. */
  path: [number, number][];
  /** How far unrolled (0 rolled … 1 flat): the straight line through space means little on the flat sheet. */
  unrolled: number;
}

export type PathSpec =
  /** The exact path: a polyline in unrolled sheet coordinates (arc length s, height). */
  | { kind: 'sheet'; points: [number, number][] }
  /** A path through the neighbour graph: indices of sample points. */
  | { kind: 'graph'; nodes: number[] };

export interface SceneCallbacks {
  /** The reader turned or zoomed the view (pointer, wheel or keys). */
  onView(view: View): void;
  /** The reader clicked or tapped a point. */
  onPick(index: number): void;
  onOverlay(overlay: Overlay): void;
  /** After each drawn frame. */
  onFrame?(): void;
  /** The drawing stopped working after it had started (its worker failed): a sentence for the reader. */
  onError?(error: Error): void;
}

export interface RollScene {
  canvas: HTMLCanvasElement;
  setData(data: RollData): void;
  setView(view: View): void;
  setUnrolled(unrolled: boolean, animate: boolean): void;
  setPair(pair: [number, number] | null, path: PathSpec | null): void;
  /** The canvas's text alternative. */
  setLabel(text: string): void;
  /** Frames drawn so far. */
  readonly frames: number;
  dispose(): void;
}

export interface SceneOptions extends SurfaceOptions {
  /** Id of the element that explains the keys, for the canvas's aria-describedby. */
  describedBy?: string;
}

const MORPH_MS = 1200;
const ease = (f: number) => (f < 0.5 ? 4 * f * f * f : 1 - (-2 * f + 2) ** 3 / 2);

/** Builds the scene in `container` (which must have a size), or returns null when WebGL2 is missing. */
export async function createRollScene(
  container: HTMLElement,
  callbacks: SceneCallbacks,
  initial: { view: View; unrolled: boolean },
  options: SceneOptions = {},
): Promise<RollScene | null> {
  const opened = await openSurface(options);
  if (!opened) return null;
  const surface = opened;
  const { canvas } = surface;
  canvas.classList.add('sr-canvas');
  canvas.setAttribute('role', 'img');
  canvas.tabIndex = 0;
  if (options.describedBy) canvas.setAttribute('aria-describedby', options.describedBy);
  container.append(canvas);
  container.dataset.painter = surface.where;

  let data: RollData | null = null;
  let drawn = new Float32Array(0); // current world positions
  let view: View = { ...initial.view };
  let placer = new Placer(initial.unrolled ? 1 : 0);
  let morph: { from: number; to: number; start: number } | null = null;
  let pair: [number, number] | null = null;
  let path: PathSpec | null = null;
  let pathWorld: Float32Array = new Float32Array(0);
  let box: Box = { min: [-15, -15, -11], max: [15, 15, 11] };
  let pose: CameraPose | null = null;
  let width = 0;
  let height = 0;
  let visible = false;
  let dirty = true;
  /** Positions changed since they were last handed to the surface. */
  let moved = false;
  /** A frame is being painted (by the worker): the next waits for it, so frames never queue up. */
  let painting = false;
  let raf = 0;
  let frames = 0;
  let disposed = false;

  function placePoints(alpha: number) {
    placer = new Placer(alpha, placer.curve);
    if (!data) return;
    box = placer.placeAll(data, drawn);
    moved = true;
    placePath();
  }

  function placePath() {
    if (!data || !path) pathWorld = new Float32Array(0);
    else pathWorld = path.kind === 'graph' ? nodesPath(path.nodes, drawn) : placer.sheetPath(path.points);
  }

  function pointSize(): number {
    const n = data?.count ?? 1000;
    return (
      Math.min(7, Math.max(1.6, 3.1 * (2000 / n) ** 0.3)) *
      Math.sqrt(view.zoom) *
      Math.min(1.2, Math.max(0.75, Math.sqrt(width / 720)))
    );
  }

  // ----- drawing on demand -----
  function invalidate() {
    dirty = true;
    container.dataset.idle = 'false';
    if (!raf && !painting && visible && !disposed) raf = requestAnimationFrame(frame);
  }

  function frame(now: number) {
    raf = 0;
    if (disposed) return;
    if (morph) {
      const f = Math.min(1, (now - morph.start) / MORPH_MS);
      const alpha = f >= 1 ? morph.to : morph.from + (morph.to - morph.from) * ease(f);
      if (f >= 1) morph = null;
      placePoints(alpha);
      dirty = true;
    }
    if (!dirty || !visible || width === 0 || !data) return;
    dirty = false;
    pose = fitCamera(view, box, width / Math.max(height, 1));
    if (moved) surface.setPositions(drawn);
    moved = false;
    painting = true;
    const shown = { points: data.count, alpha: placer.alpha };
    void surface.draw(pose, pointSize()).then(() => {
      painting = false;
      if (disposed) return;
      frames++;
      container.dataset.frames = String(frames);
      container.dataset.points = String(shown.points);
      container.dataset.alpha = shown.alpha.toFixed(3);
      callbacks.onFrame?.();
      if (morph || dirty) invalidate();
      else
        void surface.settled().then(() => {
          if (!dirty && !morph && !painting && !disposed) container.dataset.idle = 'true';
        });
    });
    reportOverlay();
  }

  function toScreen(m: Float64Array, x: number, y: number, z: number): [number, number] | null {
    const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
    const depth = (m[2]! * x + m[6]! * y + m[10]! * z + m[14]!) / w;
    if (w <= 0 || depth > 1 || depth < -1) return null;
    return [
      (((m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w + 1) / 2) * width,
      ((1 - (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w) / 2) * height,
    ];
  }

  function reportOverlay() {
    const overlay: Overlay = { width, height, a: null, b: null, path: [], unrolled: placer.alpha };
    if (data && pair && pose) {
      const m = viewProjection(pose);
      const at = (i: number) => toScreen(m, drawn[3 * i] ?? 0, drawn[3 * i + 1] ?? 0, drawn[3 * i + 2] ?? 0);
      overlay.a = at(pair[0]);
      overlay.b = at(pair[1]);
      for (let k = 0; k + 2 < pathWorld.length; k += 3) {
        const p = toScreen(m, pathWorld[k]!, pathWorld[k + 1]!, pathWorld[k + 2]!);
        if (p) overlay.path.push(p);
      }
    }
    callbacks.onOverlay(overlay);
  }

  const stopInput = attachOrbitInput(canvas, {
    view: () => view,
    onView(next) {
      view = next;
      callbacks.onView({ ...view });
      invalidate();
    },
    onTap(x, y, radius) {
      if (!data || !pose) return;
      const hit = pickNearest(drawn, data.count, viewProjection(pose), width, height, x, y, radius);
      if (hit >= 0) callbacks.onPick(hit);
    },
  });
  surface.onRestored(() => {
    // A new context holds none of the old buffers.
    if (data) surface.setData(data.colors, data.count);
    moved = true;
    invalidate();
  });
  surface.onFailure((error) => callbacks.onError?.(error));

  const stopSize = observeSize(container, (w, h) => {
    width = Math.round(w);
    height = Math.round(h);
    surface.setSize(width, height);
    invalidate();
  });
  const stopVisibility = observeVisibility(container, (on) => {
    visible = on;
    if (!on && morph) {
      // No animation off-screen: finish the morph at once.
      const to = morph.to;
      morph = null;
      placePoints(to);
    }
    if (on && dirty) invalidate();
    if (!on && raf) {
      cancelAnimationFrame(raf);
      raf = 0;
    }
  });

  return {
    canvas,
    get frames() {
      return frames;
    },
    setData(next) {
      data = next;
      drawn = new Float32Array(3 * next.count);
      surface.setData(next.colors, next.count);
      pair = null;
      path = null;
      placePoints(placer.alpha);
      invalidate();
    },
    setView(next) {
      if (next.yaw === view.yaw && next.pitch === view.pitch && next.zoom === view.zoom) return;
      view = { ...next };
      invalidate();
    },
    setUnrolled(unrolled, animate) {
      const to = unrolled ? 1 : 0;
      if ((morph ? morph.to : placer.alpha) === to) return;
      if (!animate || !visible || prefersReducedMotion()) {
        morph = null;
        placePoints(to);
      } else morph = { from: placer.alpha, to, start: performance.now() };
      invalidate();
    },
    setPair(next, nextPath) {
      pair = next;
      path = next ? nextPath : null;
      placePath();
      invalidate();
    },
    setLabel(text) {
      canvas.setAttribute('aria-label', text);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (raf) cancelAnimationFrame(raf);
      stopSize();
      stopVisibility();
      stopInput();
      surface.dispose();
      canvas.remove();
      for (const key of ['frames', 'points', 'alpha', 'idle', 'painter']) delete container.dataset[key];
    },
  };
}
