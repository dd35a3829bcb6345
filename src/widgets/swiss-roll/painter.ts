// What draws the Swiss roll: a three.js point cloud (one THREE.Points, one BufferGeometry, a small
// shader) on a canvas, from a camera pose and positions it is handed. It knows nothing of the page, so
// it runs in the paint worker (paint-worker.ts, on an OffscreenCanvas, the usual case) or, where that
// cannot start, in the page itself. Everything else about the scene (what to draw, when, the morph,
// picking) is scene.ts on the main thread.
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
import { createRenderer, type RendererOptions } from '../../runtime/three-renderer.ts';
import type { CameraPose } from './camera.ts';

export interface Painter {
  /** The drawing area in CSS pixels. */
  setSize(width: number, height: number): void;
  /** A new sample: its colours (RGB bytes) and how many points; positions follow with setPositions. */
  setData(colors: Uint8Array, count: number): void;
  setPositions(positions: Float32Array): void;
  /** Draws one frame; `pointSize` is in CSS pixels. */
  draw(pose: CameraPose, pointSize: number): void;
  dispose(): void;
}

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

/** A painter on `canvas`, or null without WebGL2. */
export function createPainter(canvas: HTMLCanvasElement | OffscreenCanvas, options: RendererOptions): Painter | null {
  const handle = createRenderer(canvas, WebGLRenderer, options);
  if (!handle) return null;
  const { renderer } = handle;
  renderer.setClearColor(0x000000, 0);
  const scene = new Scene();
  const camera = new PerspectiveCamera();
  const target = new Vector3();
  const geometry = new BufferGeometry();
  const material = new ShaderMaterial({
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    uniforms: { uSize: { value: 3 } },
  });
  const points = new Points(geometry, material);
  points.frustumCulled = false;
  scene.add(points);

  return {
    setSize(width, height) {
      renderer.setSize(width, height, false);
    },
    setData(colors, count) {
      // New arrays, new buffers: drop the old ones from the GPU first.
      geometry.dispose();
      geometry.deleteAttribute('position');
      geometry.setAttribute('aColor', new BufferAttribute(colors, 3, true));
      geometry.setDrawRange(0, count);
    },
    setPositions(positions) {
      // The first positions of a sample make its buffer; later ones (a morph) update it in place.
      const current = geometry.getAttribute('position') as BufferAttribute | undefined;
      if (!current) geometry.setAttribute('position', new BufferAttribute(positions, 3));
      else {
        if (current.array !== positions) current.copyArray(positions);
        current.needsUpdate = true;
      }
    },
    draw(pose, pointSize) {
      if (!geometry.getAttribute('position')) return;
      camera.fov = pose.fov;
      camera.aspect = pose.aspect;
      camera.near = pose.near;
      camera.far = pose.far;
      camera.position.fromArray(pose.eye);
      camera.lookAt(target.fromArray(pose.target));
      camera.updateProjectionMatrix();
      camera.updateMatrixWorld();
      material.uniforms.uSize!.value = pointSize * renderer.getPixelRatio();
      renderer.render(scene, camera);
    },
    dispose() {
      geometry.dispose();
      material.dispose();
      handle.dispose();
    },
  };
}
