// happy-dom has no canvas drawing: a 2-D context that records nothing and reads back blank pixels,
// enough for components that draw (DrawPad, DigitGrid's thumbnails) to run in unit tests.
import { vi } from 'vitest';

export function fakeCanvas2d(): void {
  const noop = () => {};
  const context = new Proxy(
    {
      getImageData: (_x: number, _y: number, w: number, h: number) => ({
        data: new Uint8ClampedArray(w * h * 4),
        width: w,
        height: h,
      }),
    } as Record<string | symbol, unknown>,
    { get: (target, key) => (key in target ? target[key] : noop), set: () => true },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    (() => context) as unknown as HTMLCanvasElement['getContext'],
  );
  if (!('ImageData' in globalThis))
    vi.stubGlobal(
      'ImageData',
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
}
