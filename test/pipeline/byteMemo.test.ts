import { describe, expect, it } from 'vitest';
import { ByteMemo } from '../../pipeline/ingest/byteMemo.js';

describe('ByteMemo', () => {
  it('finds byte strings by content, wherever they sit in a buffer', () => {
    const m = new ByteMemo();
    const a = Buffer.from('x,NGS,y');
    const b = Buffer.from('NGSNGF');
    m.set(a, 2, 5, 7);
    expect(m.get(b, 0, 3)).toBe(7);
    expect(m.get(b, 3, 6)).toBeUndefined();
    expect(m.get(a, 2, 4)).toBeUndefined(); // a prefix is another key
    m.set(b, 0, 3, 9);
    expect(m.get(a, 2, 5)).toBe(9);
    expect(m.size).toBe(1);
  });

  it('keeps every entry through growth (10^5 keys, UTF-8 included, the empty key)', () => {
    const m = new ByteMemo();
    const keys = Array.from({ length: 100_000 }, (_, i) => Buffer.from(i % 7 === 0 ? `受试者-${i}` : `S${i}`));
    keys.forEach((k, i) => m.set(k, 0, k.length, i + 0.5));
    m.set(Buffer.alloc(0), 0, 0, -3);
    expect(m.size).toBe(100_001);
    keys.forEach((k, i) => expect(m.get(k, 0, k.length)).toBe(i + 0.5));
    expect(m.get(Buffer.alloc(0), 0, 0)).toBe(-3);
    expect(m.get(Buffer.from('S100000'), 0, 7)).toBeUndefined();
  });
});
