/**
 * SVG path data for the markers that tell a chart's series apart by shape as well as colour, shared
 * by every chart in the book. Coordinates are rounded to 0.1 px to keep the HTML short.
 */
/** A chart's size and the margins around its plot area, in SVG units. */
export interface PlotFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Path of a marker of the given shape centred at (cx, cy). */
export function markerPath(shape: MarkerShape, cx: number, cy: number, r = 4): string {
  switch (shape) {
    case 'circle':
      return `M${r1(cx - r)},${r1(cy)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case 'square':
      return `M${r1(cx - r)},${r1(cy - r)}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${r1(cx)},${r1(cy - r * 1.2)}L${r1(cx + r * 1.1)},${r1(cy + r * 0.8)}L${r1(cx - r * 1.1)},${r1(cy + r * 0.8)}Z`;
    case 'diamond':
      return `M${r1(cx)},${r1(cy - r * 1.4)}L${r1(cx + r)},${r1(cy)}L${r1(cx)},${r1(cy + r * 1.4)}L${r1(cx - r)},${r1(cy)}Z`;
  }
}
