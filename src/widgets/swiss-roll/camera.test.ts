import { Matrix4, PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { fitCamera, viewProjection } from './camera.ts';

const box = { min: [-12, -10, -9] as [number, number, number], max: [14, 11, 10] as [number, number, number] };

/** What the painter does with a pose: three's own camera, its projection times its view. */
function threeViewProjection(pose: ReturnType<typeof fitCamera>): number[] {
  const camera = new PerspectiveCamera(pose.fov, pose.aspect, pose.near, pose.far);
  camera.position.fromArray(pose.eye);
  camera.lookAt(new Vector3().fromArray(pose.target));
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld();
  return new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
}

describe('viewProjection', () => {
  it.each([
    { yaw: 0, pitch: 0, zoom: 1 },
    { yaw: -35, pitch: 20, zoom: 1 },
    { yaw: 170, pitch: -60, zoom: 2.5 },
    { yaw: 90, pitch: 85, zoom: 0.5 },
  ])('equals three.js’s camera matrices at %o', (view) => {
    const pose = fitCamera(view, box, 1.6);
    const ours = [...viewProjection(pose)];
    const theirs = threeViewProjection(pose);
    for (let k = 0; k < 16; k++) expect(ours[k]).toBeCloseTo(theirs[k]!, 9);
  });
});
