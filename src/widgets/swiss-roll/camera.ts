// The orbiting camera as plain numbers, shared by the live scene (which hands them to three's
// PerspectiveCamera) and the build-time picture (which projects with them), so both show the same view.

import type { Box } from '../../lib/bounds.ts';

export const FOV = 35;

/** The reader's view: degrees about the vertical (yaw) and above the horizon (pitch), and a zoom factor. */
export interface View {
  yaw: number;
  pitch: number;
  zoom: number;
}

export type { Box };

export interface CameraPose {
  eye: [number, number, number];
  target: [number, number, number];
  near: number;
  far: number;
  fov: number;
  aspect: number;
}

/**
 * Where the camera stands: on a sphere around the box's centre at angles yaw (about the vertical, 0 =
 * on +z) and pitch (above the horizon), far enough for the box to fit whatever the yaw (horizontally its
 * x–z diagonal, vertically its height), then `zoom` times closer.
 */
export function fitCamera(view: View, box: Box, aspect: number): CameraPose {
  const tanV = Math.tan(((FOV / 2) * Math.PI) / 180);
  const tanH = tanV * aspect;
  const ex = box.max[0] - box.min[0] || 1;
  const ey = box.max[1] - box.min[1] || 1;
  const ez = box.max[2] - box.min[2] || 1;
  const pitch = (view.pitch * Math.PI) / 180;
  const yaw = (view.yaw * Math.PI) / 180;
  const horiz = Math.hypot(ex, ez) / 2;
  const vert = Math.max((ey / 2) * Math.cos(pitch) + horiz * Math.abs(Math.sin(pitch)) * 0.8, ey / 2);
  const fit = Math.max(horiz / tanH, vert / tanV) * 1.02 + horiz * 0.35;
  const distance = fit / view.zoom;
  const c: [number, number, number] = [
    (box.min[0] + box.max[0]) / 2,
    (box.min[1] + box.max[1]) / 2,
    (box.min[2] + box.max[2]) / 2,
  ];
  return {
    eye: [
      c[0] + distance * Math.sin(yaw) * Math.cos(pitch),
      c[1] + distance * Math.sin(pitch),
      c[2] + distance * Math.cos(yaw) * Math.cos(pitch),
    ],
    target: c,
    near: Math.max(0.1, distance - 3 * horiz - ey),
    far: distance + 3 * horiz + ey,
    fov: FOV,
    aspect,
  };
}

/**
 * Projects world points as three's PerspectiveCamera.lookAt (up = +y) would: returns screen x, y in
 * [0, width] × [0, height] (y down) and the depth along the view direction.
 */
export function projector(pose: CameraPose, width: number, height: number) {
  const [ex, ey, ez] = pose.eye;
  let fx = pose.target[0] - ex,
    fy = pose.target[1] - ey,
    fz = pose.target[2] - ez;
  const fl = Math.hypot(fx, fy, fz);
  fx /= fl;
  fy /= fl;
  fz /= fl;
  // right = forward × up(0, 1, 0); up' = right × forward
  let rx = -fz,
    rz = fx;
  const rl = Math.hypot(rx, rz) || 1;
  rx /= rl;
  rz /= rl;
  const ux = -rz * fy,
    uy = rz * fx - rx * fz,
    uz = rx * fy;
  const tanV = Math.tan(((pose.fov / 2) * Math.PI) / 180);
  const tanH = tanV * pose.aspect;
  return (x: number, y: number, z: number): [number, number, number] => {
    const px = x - ex,
      py = y - ey,
      pz = z - ez;
    const xc = px * rx + pz * rz;
    const yc = px * ux + py * uy + pz * uz;
    const depth = px * fx + py * fy + pz * fz;
    return [(0.5 + xc / (2 * depth * tanH)) * width, (0.5 - yc / (2 * depth * tanV)) * height, depth];
  };
}

/**
 * The view-projection matrix of three's PerspectiveCamera at `pose` (looking at the target, up = +y),
 * column-major like three's `Matrix4.elements`: for picking and the overlay on the main thread, which
 * loads no three.js when the scene is painted by a worker.
 */
export function viewProjection(pose: CameraPose): Float64Array {
  const [ex, ey, ez] = pose.eye;
  // Camera axes as three's Matrix4.lookAt makes them: z from the target to the eye, x = up × z, y = z × x.
  let zx = ex - pose.target[0],
    zy = ey - pose.target[1],
    zz = ez - pose.target[2];
  const zl = Math.hypot(zx, zy, zz) || 1;
  zx /= zl;
  zy /= zl;
  zz /= zl;
  let xx = zz,
    xz = -zx;
  const xl = Math.hypot(xx, xz) || 1;
  xx /= xl;
  xz /= xl;
  const yx = zy * xz,
    yy = zz * xx - zx * xz,
    yz = -zy * xx;
  // View: rows are the axes, then the eye moved to the origin.
  const view = [
    [xx, 0, xz, -(xx * ex + xz * ez)],
    [yx, yy, yz, -(yx * ex + yy * ey + yz * ez)],
    [zx, zy, zz, -(zx * ex + zy * ey + zz * ez)],
  ] as const;
  const tan = Math.tan(((pose.fov / 2) * Math.PI) / 180);
  const { near: n, far: f } = pose;
  const sx = 1 / (tan * pose.aspect),
    sy = 1 / tan,
    c = -(f + n) / (f - n),
    d = (-2 * f * n) / (f - n);
  const out = new Float64Array(16);
  for (let col = 0; col < 4; col++) {
    const v0 = view[0][col]!,
      v1 = view[1][col]!,
      v2 = view[2][col]!;
    const v3 = col === 3 ? 1 : 0;
    out[col * 4] = sx * v0;
    out[col * 4 + 1] = sy * v1;
    out[col * 4 + 2] = c * v2 + d * v3;
    out[col * 4 + 3] = -v2;
  }
  return out;
}
