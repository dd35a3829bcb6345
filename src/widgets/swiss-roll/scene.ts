// The Swiss roll's three.js scene: a point cloud (one THREE.Points, one BufferGeometry, a small shader),
// an orbiting camera driven by mouse, touch and keyboard, the unrolling morph, and picking. It draws
// only when something changed and never while off-screen. Imported with `import()` by SwissRoll.svelte,
// so three.js reaches only the pages that show the figure. Lines and labels for the picked pair are
// not drawn here: the scene reports their screen positions (`onOverlay`) and the view draws them in SVG,
// crisp at any pixel ratio and in the page's theme colours.
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
import { viridis } from '../../lib/colormap.ts';
import {
  HEIGHT,
  T_MAX,
  T_MIN,
  bentCurve,
  curveAt,
  tAtArcLength,
  type CurveTable,
  type SwissRoll,
} from '../../lib/swiss-roll.ts';
import { observeSize, observeVisibility, prefersReducedMotion } from '../../runtime/observe.ts';
import { createRenderer, type RendererHandle } from '../../runtime/three-renderer.ts';
import { pickNearest } from './pairs.ts';
import { DEFAULT_VIEW, wrapDegrees } from './state.ts';
import { FOV, fitCamera } from './camera.ts';

export interface View {
  yaw: number;
  pitch: number;
  zoom: number;
}

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
  setData(roll: SwissRoll): void;
  setView(view: View): void;
  setUnrolled(unrolled: boolean, animate: boolean): void;
  setPair(pair: [number, number] | null, path: PathSpec | null): void;
  /** Frames drawn so far. */
  readonly frames: number;
  dispose(): void;
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

/**
 * Builds the scene in `container` (which must have a size), or returns null when WebGL2 is missing.
 * `preserveDrawingBuffer` is for tests that read pixels back.
 */
export async function createRollScene(
  container: HTMLElement,
  callbacks: SceneCallbacks,
  initial: { view: View; unrolled: boolean },
  options: { preserveDrawingBuffer?: boolean } = {},
): Promise<RollScene | null> {
  const handle: RendererHandle | null = createRenderer(container, WebGLRenderer, {
    alpha: true,
    preserveDrawingBuffer: options.preserveDrawingBuffer,
  });
  if (!handle) return null;
  const { renderer, canvas } = handle;
  renderer.setClearColor(0x000000, 0);
  renderer.setPixelRatio(Math.min(devicePixelRatio || 1, 2));

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

  let roll: SwissRoll | null = null;
  let noise = new Float32Array(0); // per point: (x, y, z) minus its place on the noiseless roll
  let drawn = new Float32Array(0); // current world positions
  let view: View = { ...initial.view };
  let alpha = initial.unrolled ? 1 : 0;
  let morph: { from: number; to: number; start: number } | null = null;
  let table: CurveTable = bentCurve(alpha);
  let pair: [number, number] | null = null;
  let path: PathSpec | null = null;
  let pathWorld: Float32Array = new Float32Array(0);
  const box = { min: new Vector3(), max: new Vector3(), center: new Vector3() };
  box.min.set(-15, -15, -11);
  box.max.set(15, 15, 11);
  let width = 0;
  let height = 0;
  let visible = false;
  let dirty = true;
  let raf = 0;
  let frames = 0;
  let disposed = false;

  // ----- geometry -----
  const place = (t: number, h: number, nx: number, ny: number, nz: number, out: Float32Array, o: number) => {
    let cx: number;
    let cz: number;
    if (alpha === 0) {
      cx = t * Math.cos(t);
      cz = t * Math.sin(t);
    } else {
      const c = curveAt(table, t, scratch2);
      cx = c[0];
      cz = c[1];
    }
    // Data (x, y = height, z) → world: the spiral in the screen plane, the height axis towards the
    // camera; while unrolling, a quarter turn about x stands the flat sheet up to face the camera.
    const X = cx + nx;
    const Y = cz + nz;
    const Z = h + ny - HEIGHT / 2;
    const th = (-alpha * Math.PI) / 2;
    const c = Math.cos(th);
    const s = Math.sin(th);
    out[o] = X;
    out[o + 1] = Y * c - Z * s;
    out[o + 2] = Y * s + Z * c;
  };
  const scratch2: [number, number] = [0, 0];

  function updatePositions() {
    if (!roll) return;
    if (alpha !== 0) table = bentCurve(alpha, 2049, table);
    const n = roll.count;
    for (let i = 0; i < n; i++)
      place(roll.t[i]!, roll.height[i]!, noise[3 * i]!, noise[3 * i + 1]!, noise[3 * i + 2]!, drawn, 3 * i);
    const attr = geometry.getAttribute('position') as BufferAttribute;
    attr.needsUpdate = true;
    box.min.set(Infinity, Infinity, Infinity);
    box.max.set(-Infinity, -Infinity, -Infinity);
    for (let i = 0; i < n; i++) {
      const x = drawn[3 * i]!,
        y = drawn[3 * i + 1]!,
        z = drawn[3 * i + 2]!;
      if (x < box.min.x) box.min.x = x;
      if (x > box.max.x) box.max.x = x;
      if (y < box.min.y) box.min.y = y;
      if (y > box.max.y) box.max.y = y;
      if (z < box.min.z) box.min.z = z;
      if (z > box.max.z) box.max.z = z;
    }
    updatePathWorld();
  }

  function updatePathWorld() {
    if (!roll || !path) {
      pathWorld = new Float32Array(0);
      return;
    }
    if (path.kind === 'graph') {
      pathWorld = new Float32Array(path.nodes.length * 3);
      path.nodes.forEach((i, k) => pathWorld.set(drawn.subarray(3 * i, 3 * i + 3), 3 * k));
      return;
    }
    // Sample the sheet polyline every ~0.4 units, map (s, h) → (t, h) → world.
    const samples: number[] = [];
    const pts = path.points;
    for (let k = 0; k + 1 < pts.length; k++) {
      const [s0, h0] = pts[k]!;
      const [s1, h1] = pts[k + 1]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(s1 - s0, h1 - h0) / 0.4));
      for (let j = k === 0 ? 0 : 1; j <= steps; j++)
        samples.push(s0 + ((s1 - s0) * j) / steps, h0 + ((h1 - h0) * j) / steps);
    }
    pathWorld = new Float32Array((samples.length / 2) * 3);
    for (let j = 0; j < samples.length / 2; j++)
      place(tAtArcLength(samples[2 * j]!), samples[2 * j + 1]!, 0, 0, 0, pathWorld, 3 * j);
  }

  function setData(next: SwissRoll) {
    roll = next;
    const n = next.count;
    noise = new Float32Array(3 * n);
    const colors = new Uint8Array(3 * n);
    const rgb: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const t = next.t[i]!;
      const h = next.height[i]!;
      noise[3 * i] = next.positions[3 * i]! - t * Math.cos(t);
      noise[3 * i + 1] = next.positions[3 * i + 1]! - h;
      noise[3 * i + 2] = next.positions[3 * i + 2]! - t * Math.sin(t);
      viridis((t - T_MIN) / (T_MAX - T_MIN), rgb);
      colors.set(rgb, 3 * i);
    }
    drawn = new Float32Array(3 * n);
    // New arrays, new buffers: drop the old ones from the GPU first.
    geometry.dispose();
    geometry.setAttribute('position', new BufferAttribute(drawn, 3));
    geometry.setAttribute('aColor', new BufferAttribute(colors, 3, true));
    geometry.setDrawRange(0, n);
    pair = null;
    path = null;
    updatePositions();
    invalidate();
  }

  // ----- camera -----
  function updateCamera() {
    const pose = fitCamera(view, { min: box.min.toArray(), max: box.max.toArray() }, width / Math.max(height, 1));
    camera.aspect = pose.aspect;
    camera.near = pose.near;
    camera.far = pose.far;
    camera.position.fromArray(pose.eye);
    camera.lookAt(box.center.fromArray(pose.target));
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();
  }

  function pointSize(): number {
    const n = roll?.count ?? 1000;
    const css =
      Math.min(7, Math.max(1.6, 3.1 * (2000 / n) ** 0.3)) *
      Math.sqrt(view.zoom) *
      Math.min(1.2, Math.max(0.75, Math.sqrt(width / 720)));
    return css * renderer.getPixelRatio();
  }

  // ----- drawing on demand -----
  function invalidate() {
    dirty = true;
    if (!raf && visible && !disposed) raf = requestAnimationFrame(frame);
  }

  function frame(now: number) {
    raf = 0;
    if (disposed) return;
    if (morph) {
      const f = Math.min(1, (now - morph.start) / MORPH_MS);
      const e = f < 0.5 ? 4 * f * f * f : 1 - (-2 * f + 2) ** 3 / 2; // ease in and out
      alpha = morph.from + (morph.to - morph.from) * e;
      if (f >= 1) {
        alpha = morph.to;
        morph = null;
      }
      updatePositions();
      dirty = true;
    }
    if (!dirty || !visible || width === 0) return;
    dirty = false;
    updateCamera();
    material.uniforms.uSize!.value = pointSize();
    renderer.render(scene, camera);
    frames++;
    container.dataset.frames = String(frames);
    reportOverlay();
    callbacks.onFrame?.();
    if (morph) invalidate();
  }

  const v = new Vector3();
  function toScreen(x: number, y: number, z: number): [number, number] | null {
    v.set(x, y, z).project(camera);
    if (v.z > 1 || v.z < -1) return null;
    return [((v.x + 1) / 2) * width, ((1 - v.y) / 2) * height];
  }

  function reportOverlay() {
    const overlay: Overlay = { width, height, a: null, b: null, path: [], unrolled: alpha };
    if (roll && pair) {
      const [a, b] = pair;
      overlay.a = toScreen(drawn[3 * a]!, drawn[3 * a + 1]!, drawn[3 * a + 2]!);
      overlay.b = toScreen(drawn[3 * b]!, drawn[3 * b + 1]!, drawn[3 * b + 2]!);
      for (let k = 0; k < pathWorld.length / 3; k++) {
        const p = toScreen(pathWorld[3 * k]!, pathWorld[3 * k + 1]!, pathWorld[3 * k + 2]!);
        if (p) overlay.path.push(p);
      }
    }
    callbacks.onOverlay(overlay);
  }

  // ----- input: mouse, touch, keyboard -----
  const pointers = new Map<number, { x: number; y: number }>();
  let press: { x: number; y: number; time: number; moved: number } | null = null;
  let pinch = 0;

  function changeView(next: View) {
    view = {
      yaw: wrapDegrees(next.yaw),
      pitch: Math.min(85, Math.max(-85, next.pitch)),
      zoom: Math.min(6, Math.max(0.5, next.zoom)),
    };
    callbacks.onView({ ...view });
    invalidate();
  }

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    press = pointers.size === 1 ? { x: e.clientX, y: e.clientY, time: performance.now(), moved: 0 } : null;
    if (pointers.size === 2) pinch = pinchDistance();
  };
  const pinchDistance = () => {
    const [p, q] = [...pointers.values()];
    return Math.hypot(p!.x - q!.x, p!.y - q!.y);
  };
  const onPointerMove = (e: PointerEvent) => {
    const last = pointers.get(e.pointerId);
    if (!last) return;
    const dx = e.clientX - last.x;
    const dy = e.clientY - last.y;
    last.x = e.clientX;
    last.y = e.clientY;
    if (press) press.moved += Math.abs(dx) + Math.abs(dy);
    if (pointers.size === 1) changeView({ ...view, yaw: view.yaw - dx * 0.4, pitch: view.pitch + dy * 0.4 });
    else if (pointers.size === 2) {
      const d = pinchDistance();
      changeView({ ...view, zoom: view.zoom * (d / (pinch || d)), pitch: view.pitch + (dy / 2) * 0.4 });
      pinch = d;
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!pointers.delete(e.pointerId)) return;
    if (e.type === 'pointerup' && press && press.moved < 6 && performance.now() - press.time < 600 && roll) {
      const rect = canvas.getBoundingClientRect();
      camera.updateMatrixWorld();
      const m = camera.projectionMatrix.clone().multiply(camera.matrixWorldInverse).elements;
      const hit = pickNearest(
        drawn,
        roll.count,
        m,
        rect.width,
        rect.height,
        e.clientX - rect.left,
        e.clientY - rect.top,
        e.pointerType === 'mouse' ? 10 : 20,
      );
      if (hit >= 0) callbacks.onPick(hit);
    }
    press = null;
  };
  const onWheel = (e: WheelEvent) => {
    // Zoom with the wheel only when the reader is working with the figure (focused) or pinching on a
    // trackpad (ctrl+wheel); otherwise let the page scroll.
    if (document.activeElement !== canvas && !e.ctrlKey) return;
    e.preventDefault();
    changeView({ ...view, zoom: view.zoom * Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const step = e.shiftKey ? 15 : 5;
    const actions: Record<string, () => View> = {
      ArrowLeft: () => ({ ...view, yaw: view.yaw - step }),
      ArrowRight: () => ({ ...view, yaw: view.yaw + step }),
      ArrowUp: () => ({ ...view, pitch: view.pitch + step }),
      ArrowDown: () => ({ ...view, pitch: view.pitch - step }),
      '+': () => ({ ...view, zoom: view.zoom * 1.15 }),
      '=': () => ({ ...view, zoom: view.zoom * 1.15 }),
      '-': () => ({ ...view, zoom: view.zoom / 1.15 }),
      _: () => ({ ...view, zoom: view.zoom / 1.15 }),
      '0': () => ({ ...DEFAULT_VIEW }),
      Home: () => ({ ...DEFAULT_VIEW }),
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    changeView(action());
  };
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('keydown', onKey);
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
      alpha = morph.to;
      morph = null;
      updatePositions();
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
    setData,
    setView(next) {
      if (next.yaw === view.yaw && next.pitch === view.pitch && next.zoom === view.zoom) return;
      view = { ...next };
      invalidate();
    },
    setUnrolled(unrolled, animate) {
      const to = unrolled ? 1 : 0;
      if ((morph ? morph.to : alpha) === to) return;
      if (!animate || !visible || prefersReducedMotion()) {
        morph = null;
        alpha = to;
        updatePositions();
      } else morph = { from: alpha, to, start: performance.now() };
      invalidate();
    },
    setPair(next, nextPath) {
      pair = next;
      path = next ? nextPath : null;
      updatePathWorld();
      invalidate();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (raf) cancelAnimationFrame(raf);
      stopSize();
      stopVisibility();
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerup', onPointerUp);
      canvas.removeEventListener('pointercancel', onPointerUp);
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('keydown', onKey);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      geometry.dispose();
      material.dispose();
      handle.dispose();
      delete container.dataset.frames;
    },
  };
}
