/** An axis-aligned box in 3-D: the smallest and largest x, y and z. */
export interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

/** The bounding box of the first `count` points of interleaved x, y, z. */
export function boundsOf(xyz: ArrayLike<number>, count: number): Box {
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity,
    z1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xyz[3 * i] ?? 0,
      y = xyz[3 * i + 1] ?? 0,
      z = xyz[3 * i + 2] ?? 0;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  return { min: [x0, y0, z0], max: [x1, y1, z1] };
}
