import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';

describe('TextColumn', () => {
  it('encodes values with null as code 0 and equal values as equal codes', () => {
    const c = TextColumn.from(['NGS', null, 'NGF', 'NGS']);
    expect(Array.from(c.codes)).toEqual([1, 0, 2, 1]);
    expect(c.dict).toEqual([null, 'NGS', 'NGF']);
    expect(c.codeOf('NGF')).toBe(2);
    expect(c.codeOf('PCR')).toBe(-1);
    expect(c.codeOf(null)).toBe(0);
    expect(Array.from(c.codeMask((v) => v !== null && v.startsWith('NG')))).toEqual([0, 1, 1]);
    expect(c.take([3, 1, 2]).toArray()).toEqual(['NGS', null, 'NGF']);
    expect([...c]).toEqual(['NGS', null, 'NGF', 'NGS']);
    expect(c.equalAt(0, 3)).toBe(true);
    expect(c.equalAt(0, 2)).toBe(false);
  });

  it('reads a bytes column in place: text, equality, rows taken, and codes built only when asked for', () => {
    const pool = Buffer.from('M1受试者M1M22');
    // rows: 'M1', null, '受试者', 'M1', 'M22', '' (empty but not null)
    const from = Int32Array.from([0, -1, 2, 11, 13, 16]);
    const to = Int32Array.from([2, -1, 11, 13, 16, 16]);
    const c = TextColumn.fromBytes(pool, from, to);
    expect(c.length).toBe(6);
    expect(c.distinct).toBe(false);
    expect(c.toArray()).toEqual(['M1', null, '受试者', 'M1', 'M22', '']);
    expect(c.equalAt(0, 3)).toBe(true);
    expect(c.equalAt(0, 4)).toBe(false); // prefix
    expect(c.equalAt(1, 1)).toBe(true);
    expect(c.equalAt(1, 5)).toBe(false); // null is not ''
    expect(c.take([4, 2]).toArray()).toEqual(['M22', '受试者']);
    expect(() => c.codeOf('M1')).toThrow(/distinct/);
    expect(Array.from(c.codes)).toEqual([1, 0, 2, 3, 4, 5]);
    expect(c.dict).toEqual([null, 'M1', '受试者', 'M1', 'M22', '']);
  });
});
