import { describe, expect, it } from 'vitest';
import { mayLoadAhead } from './load-ahead.ts';

describe('mayLoadAhead', () => {
  it('loads ahead when the browser says nothing about the connection', () => {
    expect(mayLoadAhead(undefined)).toBe(true);
    expect(mayLoadAhead({})).toBe(true);
  });
  it('loads ahead on fast connections', () => {
    expect(mayLoadAhead({ effectiveType: '4g', saveData: false })).toBe(true);
    expect(mayLoadAhead({ effectiveType: '3g' })).toBe(true);
  });
  it('waits for the reader when data saving is on or the connection is 2G', () => {
    expect(mayLoadAhead({ saveData: true, effectiveType: '4g' })).toBe(false);
    expect(mayLoadAhead({ effectiveType: '2g' })).toBe(false);
    expect(mayLoadAhead({ effectiveType: 'slow-2g' })).toBe(false);
  });
});
