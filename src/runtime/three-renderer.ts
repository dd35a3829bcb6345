// The one owner of a figure's WebGL context. `createRenderer` asks the browser for a WebGL2 context
// itself, before three.js is involved, so that a browser without WebGL gets a clean "no" (null) and
// no console error; then it wraps the context in a WebGLRenderer. The caller passes three's
// WebGLRenderer class: the caller is itself loaded with import() after mount, and a named import
// there lets the bundler drop the parts of three nobody uses (a dynamic `import('three')` here would
// keep all of it). `dispose()` frees every GPU object three made, forces the
// context to be lost (browsers keep only about 16 live contexts per process), and removes the canvas.
import type { WebGLRenderer } from 'three';

export interface RendererHandle {
  renderer: WebGLRenderer;
  canvas: HTMLCanvasElement;
  /** True once dispose() ran; every later call is a no-op. */
  readonly disposed: boolean;
  dispose(): void;
}

export interface RendererOptions {
  antialias?: boolean;
  /** A transparent canvas lets the page's own background (and theme) show through. */
  alpha?: boolean;
  /** Keeps the last frame readable (tests and screenshots only; it costs a copy per frame). */
  preserveDrawingBuffer?: boolean;
}

/**
 * A renderer on a new canvas appended to `container`, or null when WebGL2 is missing (disabled,
 * blocklisted GPU, context limit).
 */
export function createRenderer(
  container: HTMLElement,
  Renderer: typeof WebGLRenderer,
  options: RendererOptions = {},
): RendererHandle | null {
  const canvas = document.createElement('canvas');
  const attributes: WebGLContextAttributes = {
    alpha: options.alpha ?? true,
    // Multisampling costs fill rate and adds little on high-density screens.
    antialias: options.antialias ?? devicePixelRatio < 2,
    depth: true,
    stencil: false,
    premultipliedAlpha: true,
    preserveDrawingBuffer: options.preserveDrawingBuffer ?? false,
    powerPreference: 'high-performance',
  };
  const gl = canvas.getContext('webgl2', attributes);
  if (!gl) return null;
  let renderer: WebGLRenderer;
  try {
    renderer = new Renderer({ canvas, context: gl, ...attributes });
  } catch (error) {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    throw error;
  }
  container.append(canvas);
  let disposed = false;
  return {
    renderer,
    canvas,
    get disposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      renderer.dispose();
      renderer.forceContextLoss();
      canvas.remove();
    },
  };
}
