import { describe, expect, it } from 'vitest';
import { ChunkWriter } from '../../reports/render/chunkWriter.js';

describe('ChunkWriter', () => {
  it('writes integers as String() does, ASCII, UTF-8 and bytes', () => {
    const w = new ChunkWriter(256);
    const ints = [0, 7, 10, 123456789, 2 ** 53 - 1, -3, 1.5, 1e21, Number.NaN];
    for (const n of ints) {
      w.int(n);
      w.byte(44);
    }
    w.ascii('3.2e-6');
    w.text(',受试者,');
    w.bytes(Buffer.from('xAByz'), 1, 3);
    expect(w.take().toString('utf8')).toBe(`${ints.map(String).join(',')},3.2e-6,受试者,AB`);
  });

  it('writes every digit count and both sides of 2^31 as String() does (31-bit fast path and the general one)', () => {
    const ints: number[] = [-0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, -(2 ** 31)];
    for (let p = 1; p <= 1e15; p *= 10) ints.push(p - 1, p, p + 1, 7 * p + 3);
    const w = new ChunkWriter(1 << 12);
    for (const n of ints) {
      w.int(n);
      w.byte(44);
    }
    expect(w.take().toString('latin1')).toBe(ints.map((n) => `${String(n)},`).join(''));
  });

  it('with reuse, takes views of one chunk (a larger one only when asked for more)', () => {
    const w = new ChunkWriter(4, true);
    w.ascii('abc');
    const first = w.take();
    expect(first.toString()).toBe('abc');
    w.ascii('xy');
    expect(first.toString()).toBe('xyc'); // the same memory, overwritten
    const second = w.take(8);
    expect(second.toString()).toBe('xy');
    w.ascii('12345678');
    expect(second.toString()).toBe('xy'); // a larger chunk was needed: a fresh one
    expect(w.take().toString()).toBe('12345678');
  });

  it('starts a fresh chunk on take and leaves taken chunks untouched', () => {
    const w = new ChunkWriter(4);
    w.ascii('abcd');
    expect(w.fits(1)).toBe(false);
    const first = w.take(10);
    expect(w.fits(10)).toBe(true);
    w.ascii('efghij');
    expect(first.toString()).toBe('abcd');
    expect(w.take().toString()).toBe('efghij');
  });
});
