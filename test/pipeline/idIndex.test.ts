import { describe, expect, it } from 'vitest';
import { IdIndex, strictlyAscending } from '../../pipeline/derive/idIndex.js';

describe('IdIndex', () => {
  it('finds identifiers in sequence, past gaps, out of order and not at all', () => {
    const index = new IdIndex(['S1', 'S2', 'S3', 'S4']);
    expect(Array.from(index.positions(['S1', 'S1', 'S2', 'S4', null, 'S9', 'S3', 'S1']))).toEqual([0, 0, 1, 3, -1, -1, 2, 0]);
    expect(index.get('S3')).toBe(2);
    expect(index.get('S0')).toBeUndefined();
  });

  it('works the same when the identifiers are not sorted (a Map then)', () => {
    const index = new IdIndex(['B', 'A', 'C']);
    expect(Array.from(index.positions(['A', 'C', 'B', 'Z']))).toEqual([1, 2, 0, -1]);
  });

  it('strictlyAscending', () => {
    expect(strictlyAscending(['A', 'B', 'C'])).toBe(true);
    expect(strictlyAscending(['A', 'A'])).toBe(false);
    expect(strictlyAscending(['B', 'A'])).toBe(false);
    expect(strictlyAscending(['A', null])).toBe(false);
  });
});
