import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTables } from './tables.ts';

describe('figure 6.x pixel tables', () => {
  it('the committed file is what fitting the training digits gives now', () => {
    const committed = JSON.parse(readFileSync('src/lib/gen/pixel-tables.json', 'utf8')) as unknown;
    expect(makeTables()).toEqual(committed);
  });
});
