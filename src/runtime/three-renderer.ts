// The one owner of a figure's WebGL context. `createRenderer` asks for a WebGL2 context itself, before
// three.js is involved, so that a browser without WebGL gets a clean "no" (null) and no console error;
// then it wraps the context in a WebGLRenderer. The canvas may be a page canvas or an OffscreenCanvas
// in a worker (a figure that paints off the main thread), so nothing here touches the document: the
// caller places and removes its canvas. The caller passes three's WebGLRenderer class: the caller is
// itself loaded with import() after mount, and a named import there lets the bundler drop the parts of
// three nobody uses. `dispose()` frees every GPU object three made and forces the context to be lost
// (browsers keep only about 16 live contexts per process).
import type { WebGLRenderer } from 'three';

export interface RendererHandle {
  renderer: WebGLRenderer;
  /** True once dispose() ran; every later call is a no-op. */
  readonly disposed: boolean;
  dispose(): void;
}

export interface RendererOptions {
  /** Multisampling; by default only below 2 device pixels per CSS pixel. */
  antialias?: boolean;
  /** A transparent canvas lets the page's own background (and theme) show through. */
  alpha?: boolean;
  /** Keeps the last frame readable (tests and screenshots only; it costs a copy per frame). */
  preserveDrawingBuffer?: boolean;
  /** The page's devicePixelRatio (a worker has none of its own). */
  pixelRatio: number;
}

/** The context attributes a figure's renderer asks for. */
export function contextAttributes(options: RendererOptions): WebGLContextAttributes {
  return {
    alpha: options.alpha ?? true,
    // Multisampling costs fill rate and adds little on high-density screens.
    antialias: options.antialias ?? options.pixelRatio < 2,
    depth: true,
    stencil: false,
    premultipliedAlpha: true,
    preserveDrawingBuffer: options.preserveDrawingBuffer ?? false,
    powerPreference: 'high-performance',
  };
}

/** A renderer on `canvas`, or null when WebGL2 is missing (disabled, blocklisted GPU, context limit). */
export function createRenderer(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  Renderer: typeof WebGLRenderer,
  options: RendererOptions,
): RendererHandle | null {
  const attributes = contextAttributes(options);
  const gl = canvas.getContext('webgl2', attributes) as WebGL2RenderingContext | null;
  if (!gl) return null;
  let renderer: WebGLRenderer;
  try {
    renderer = new Renderer({ canvas, context: gl, ...attributes });
  } catch (error) {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    throw error;
  }
  renderer.setPixelRatio(Math.min(options.pixelRatio || 1, 2));
  let disposed = false;
  return {
    renderer,
    get disposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      renderer.dispose();
      renderer.forceContextLoss();
    },
  };
}
