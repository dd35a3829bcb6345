import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png.ts';

describe('encodePng', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('writes a signature, IHDR with the size and colour type, and filter-0 rows', () => {
    const png = encodePng(Uint8Array.from([1, 2, 3, 4, 5, 6]), 2, 1, 3);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(2);
    expect(view.getUint32(20)).toBe(1);
    expect(png[25]).toBe(2);
    const idatLen = view.getUint32(33);
    expect(new TextDecoder().decode(png.subarray(37, 41))).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 41 + idatLen))]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it('rejects a wrong byte count', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(/5 bytes/);
  });
});
