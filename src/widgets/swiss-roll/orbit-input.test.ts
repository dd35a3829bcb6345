import { describe, expect, it } from 'vitest';
import { clampView, keyView } from './orbit-input.ts';
import { DEFAULT_VIEW } from './state.ts';

const view = { yaw: 10, pitch: 20, zoom: 1 };

describe('orbit input', () => {
  it('turns by 5° per arrow key, 15° with Shift, and zooms by 15 % per + or −', () => {
    expect(keyView(view, 'ArrowLeft', false)).toEqual({ yaw: 5, pitch: 20, zoom: 1 });
    expect(keyView(view, 'ArrowRight', true)).toEqual({ yaw: 25, pitch: 20, zoom: 1 });
    expect(keyView(view, 'ArrowUp', false)?.pitch).toBe(25);
    expect(keyView(view, 'ArrowDown', false)?.pitch).toBe(15);
    expect(keyView(view, '+', false)?.zoom).toBeCloseTo(1.15);
    expect(keyView(view, '=', false)?.zoom).toBeCloseTo(1.15);
    expect(keyView(view, '-', false)?.zoom).toBeCloseTo(1 / 1.15);
    expect(keyView(view, '0', false)).toEqual(DEFAULT_VIEW);
    expect(keyView(view, 'Home', false)).toEqual(DEFAULT_VIEW);
    expect(keyView(view, 'a', false)).toBeNull();
  });

  it('keeps the view within bounds: yaw wraps, pitch and zoom clamp', () => {
    expect(clampView({ yaw: 190, pitch: 100, zoom: 20 })).toEqual({ yaw: -170, pitch: 85, zoom: 6 });
    expect(clampView({ yaw: -181, pitch: -90, zoom: 0.1 })).toEqual({ yaw: 179, pitch: -85, zoom: 0.5 });
  });
});
