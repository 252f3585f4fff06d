import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import { concatText } from '../../pipeline/ingest/concatTables.js';

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

  it('shares equal strings of another array without changing a value: entries at -1 or not equal stay', () => {
    const c = TextColumn.from(['S2', 'S1', null, 'S3', 'S2']);
    const t = c.take([4, 0]); // shares the dictionary
    expect(c.codeOf('S3')).toBe(3); // builds the lookup, which must not keep the replaced strings
    const ids = ['S1', 'S2', 'S9'];
    c.shareStrings(Int32Array.from([-1, 1, 0, 2]), ids); // dict [null, S2, S1, S3]: S3 -> S9 is not equal
    expect(c.toArray()).toEqual(['S2', 'S1', null, 'S3', 'S2']);
    expect(t.toArray()).toEqual(['S2', 'S2']);
    expect(c.dict).toEqual([null, 'S2', 'S1', 'S3']);
    expect([c.codeOf('S1'), c.codeOf('S3'), c.codeOf('S9')]).toEqual([2, 3, -1]);
    const bytes = TextColumn.fromBytes(Buffer.from('S1'), Int32Array.from([0]), Int32Array.from([2]));
    bytes.shareStrings(Int32Array.from([-1, 0]), ids); // no dictionary yet: nothing to share, nothing built
    expect(bytes.toArray()).toEqual(['S1']);
  });
});

describe('TextColumn code arrays', () => {
  it('hold codes in the narrowest array for their dictionary: 1 byte up to 256 entries, 2 up to 65,536, else 4', () => {
    expect(TextColumn.from(['NGS', 'NGF', null]).codes).toBeInstanceOf(Uint8Array);
    const many = Array.from({ length: 300 }, (_, i) => `V${i}`);
    const wide = TextColumn.from(many);
    expect(wide.codes).toBeInstanceOf(Uint16Array);
    expect(wide.at(299)).toBe('V299');
    const huge = TextColumn.from(Array.from({ length: 70_000 }, (_, i) => `S${i}`));
    expect(huge.codes).toBeInstanceOf(Int32Array);
    expect(huge.at(69_999)).toBe('S69999');
    // a subset keeps the dictionary, so its width
    expect(wide.take([299, 0]).codes).toBeInstanceOf(Uint16Array);
    expect(wide.take([299, 0]).toArray()).toEqual(['V299', 'V0']);
  });

  it('widens when two parts of a file together need more codes than one byte holds', () => {
    const a = TextColumn.from(Array.from({ length: 200 }, (_, i) => `A${i}`));
    const b = TextColumn.from(Array.from({ length: 200 }, (_, i) => `B${i}`));
    expect([a.codes, b.codes].every((c) => c instanceof Uint8Array)).toBe(true);
    const both = concatText(a, b);
    expect(both.codes).toBeInstanceOf(Uint16Array);
    expect([both.at(0), both.at(199), both.at(200), both.at(399)]).toEqual(['A0', 'A199', 'B0', 'B199']);
  });

  it('narrows the codes a reader gives a bytes column when asked for them', () => {
    const c = TextColumn.fromBytes(Buffer.from('abc'), Int32Array.of(0, 1, -1), Int32Array.of(1, 3, -1));
    expect(c.codes).toBeInstanceOf(Uint8Array);
    expect(c.toArray()).toEqual(['a', 'bc', null]);
  });
});
