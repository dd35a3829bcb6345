// Off the main thread: paints the Swiss roll on the OffscreenCanvas the page handed over (surface.ts).
// Creating the WebGL context, compiling the shader and every frame's drawing happen here, so the page
// stays free to answer the reader while the figure starts.
import { createPainter, type Painter } from './painter.ts';
import type { PaintReply, PaintRequest } from './surface.ts';

let painter: Painter | null = null;
const reply = (message: PaintReply) => self.postMessage(message);

self.onmessage = (event: MessageEvent<PaintRequest>) => {
  const m = event.data;
  try {
    if (m.kind === 'init') {
      painter = createPainter(m.canvas, m.options);
      if (!painter) return reply({ kind: 'no-webgl' });
      m.canvas.addEventListener('webglcontextrestored', () => reply({ kind: 'restored' }));
      return reply({ kind: 'ready' });
    }
    if (m.kind === 'settle') {
      // The canvas's last frame goes to the screen when this task ends; by the second animation frame
      // after it, the compositor has taken it (one alone can come before it is shown: a flaky screenshot).
      const settled = () => reply({ kind: 'settled', frame: m.frame });
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => requestAnimationFrame(settled));
      else setTimeout(settled, 0);
      return;
    }
    if (!painter) return;
    if (m.kind === 'size') painter.setSize(m.width, m.height);
    else if (m.kind === 'data') painter.setData(m.colors, m.count);
    else if (m.kind === 'positions') painter.setPositions(m.positions);
    else {
      painter.draw(m.pose, m.pointSize);
      reply({ kind: 'drawn', frame: m.frame });
    }
  } catch (error) {
    reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
