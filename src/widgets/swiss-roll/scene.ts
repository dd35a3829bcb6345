// The Swiss roll's three.js scene: a point cloud (one THREE.Points, one BufferGeometry, a small shader)
// seen by an orbiting camera, the unrolling morph, and picking. It draws only when something changed
// and never while off-screen. Imported with `import()` by the figure's state module, so three.js
// reaches only the pages that show the figure. Where points go is geometry.ts; how the reader turns
// the view is orbit-input.ts; lines and labels for the picked pair are drawn by the view in SVG (the
// scene reports their screen positions through `onOverlay`), crisp at any pixel ratio and in the
// page's theme colours.
//
// For tests and the bench, the container carries what the last frame showed: data-points (how many),
// data-alpha (how far unrolled, 0 to 1), data-frames (frames drawn) and data-idle ("true" once nothing
// is left to draw: no morph running, no change waiting for a frame).
import {
  BufferAttribute,
  BufferGeometry,
  PerspectiveCamera,
  Points,
  Scene,
  ShaderMaterial,
  Vector3,
  WebGLRenderer,
} from 'three';
import { observeSize, observeVisibility, prefersReducedMotion } from '../../runtime/observe.ts';
import { createRenderer, type RendererHandle } from '../../runtime/three-renderer.ts';
import { FOV, fitCamera, type Box, type View } from './camera.ts';
import { Placer, nodesPath, type RollData } from './geometry.ts';
import { attachOrbitInput } from './orbit-input.ts';
import { pickNearest } from './pairs.ts';

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

export interface SceneOptions {
  /** Keeps the last frame readable (tests that read pixels back). */
  preserveDrawingBuffer?: boolean;
  /** Id of the element that explains the keys, for the canvas's aria-describedby. */
  describedBy?: string;
}

const MORPH_MS = 1200;
const VERTEX = /* glsl */ `
  attribute vec3 aColor;
  uniform float uSize;
  varying vec3 vColor;
  void main() {
    vColor = aColor;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = uSize;
  }
`;
const FRAGMENT = /* glsl */ `
  varying vec3 vColor;
  void main() {
    vec2 c = gl_PointCoord * 2.0 - 1.0;
    float r2 = dot(c, c);
    if (r2 > 1.0) discard;
    // A slightly darker rim separates overlapping points.
    gl_FragColor = vec4(vColor * (1.0 - 0.28 * r2 * r2), 1.0);
  }
`;
const ease = (f: number) => (f < 0.5 ? 4 * f * f * f : 1 - (-2 * f + 2) ** 3 / 2);

/** Builds the scene in `container` (which must have a size), or returns null when WebGL2 is missing. */
export async function createRollScene(
  container: HTMLElement,
  callbacks: SceneCallbacks,
  initial: { view: View; unrolled: boolean },
  options: SceneOptions = {},
): Promise<RollScene | null> {
  const handle: RendererHandle | null = createRenderer(container, WebGLRenderer, {
    alpha: true,
    preserveDrawingBuffer: options.preserveDrawingBuffer,
  });
  if (!handle) return null;
  const { renderer, canvas } = handle;
  renderer.setClearColor(0x000000, 0);
  renderer.setPixelRatio(Math.min(devicePixelRatio || 1, 2));
  canvas.classList.add('sr-canvas');
  canvas.setAttribute('role', 'img');
  canvas.tabIndex = 0;
  if (options.describedBy) canvas.setAttribute('aria-describedby', options.describedBy);

  const scene = new Scene();
  const camera = new PerspectiveCamera(FOV, 1.5, 0.5, 2000);
  const geometry = new BufferGeometry();
  const material = new ShaderMaterial({
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    uniforms: { uSize: { value: 3 } },
  });
  const points = new Points(geometry, material);
  points.frustumCulled = false;
  scene.add(points);

  let data: RollData | null = null;
  let drawn = new Float32Array(0); // current world positions
  let view: View = { ...initial.view };
  let placer = new Placer(initial.unrolled ? 1 : 0);
  let morph: { from: number; to: number; start: number } | null = null;
  let pair: [number, number] | null = null;
  let path: PathSpec | null = null;
  let pathWorld: Float32Array = new Float32Array(0);
  let box: Box = { min: [-15, -15, -11], max: [15, 15, 11] };
  let width = 0;
  let height = 0;
  let visible = false;
  let dirty = true;
  let raf = 0;
  let frames = 0;
  let disposed = false;

  function placePoints(alpha: number) {
    placer = new Placer(alpha, placer.curve);
    if (!data) return;
    box = placer.placeAll(data, drawn);
    (geometry.getAttribute('position') as BufferAttribute).needsUpdate = true;
    placePath();
  }

  function placePath() {
    if (!data || !path) pathWorld = new Float32Array(0);
    else pathWorld = path.kind === 'graph' ? nodesPath(path.nodes, drawn) : placer.sheetPath(path.points);
  }

  function updateCamera() {
    const pose = fitCamera(view, box, width / Math.max(height, 1));
    camera.aspect = pose.aspect;
    camera.near = pose.near;
    camera.far = pose.far;
    camera.position.fromArray(pose.eye);
    camera.lookAt(new Vector3().fromArray(pose.target));
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();
  }

  function pointSize(): number {
    const n = data?.count ?? 1000;
    const css =
      Math.min(7, Math.max(1.6, 3.1 * (2000 / n) ** 0.3)) *
      Math.sqrt(view.zoom) *
      Math.min(1.2, Math.max(0.75, Math.sqrt(width / 720)));
    return css * renderer.getPixelRatio();
  }

  // ----- drawing on demand -----
  function invalidate() {
    dirty = true;
    container.dataset.idle = 'false';
    if (!raf && visible && !disposed) raf = requestAnimationFrame(frame);
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
    if (!dirty || !visible || width === 0) return;
    dirty = false;
    updateCamera();
    material.uniforms.uSize!.value = pointSize();
    renderer.render(scene, camera);
    frames++;
    container.dataset.frames = String(frames);
    container.dataset.points = String(data?.count ?? 0);
    container.dataset.alpha = placer.alpha.toFixed(3);
    reportOverlay();
    callbacks.onFrame?.();
    if (morph) invalidate();
    else container.dataset.idle = 'true';
  }

  const v = new Vector3();
  function toScreen(x: number, y: number, z: number): [number, number] | null {
    v.set(x, y, z).project(camera);
    if (v.z > 1 || v.z < -1) return null;
    return [((v.x + 1) / 2) * width, ((1 - v.y) / 2) * height];
  }

  function reportOverlay() {
    const overlay: Overlay = { width, height, a: null, b: null, path: [], unrolled: placer.alpha };
    if (data && pair) {
      const at = (i: number) => toScreen(drawn[3 * i] ?? 0, drawn[3 * i + 1] ?? 0, drawn[3 * i + 2] ?? 0);
      overlay.a = at(pair[0]);
      overlay.b = at(pair[1]);
      for (let k = 0; k + 2 < pathWorld.length; k += 3) {
        const p = toScreen(pathWorld[k]!, pathWorld[k + 1]!, pathWorld[k + 2]!);
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
      if (!data) return;
      camera.updateMatrixWorld();
      const m = camera.projectionMatrix.clone().multiply(camera.matrixWorldInverse).elements;
      const hit = pickNearest(drawn, data.count, m, width, height, x, y, radius);
      if (hit >= 0) callbacks.onPick(hit);
    },
  });
  const onRestored = () => invalidate();
  canvas.addEventListener('webglcontextrestored', onRestored);

  const stopSize = observeSize(container, (w, h) => {
    width = Math.round(w);
    height = Math.round(h);
    renderer.setSize(width, height, false);
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
      // New arrays, new buffers: drop the old ones from the GPU first.
      geometry.dispose();
      geometry.setAttribute('position', new BufferAttribute(drawn, 3));
      geometry.setAttribute('aColor', new BufferAttribute(next.colors, 3, true));
      geometry.setDrawRange(0, next.count);
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
      canvas.removeEventListener('webglcontextrestored', onRestored);
      geometry.dispose();
      material.dispose();
      handle.dispose();
      for (const key of ['frames', 'points', 'alpha', 'idle']) delete container.dataset[key];
    },
  };
}
