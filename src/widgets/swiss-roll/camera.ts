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
