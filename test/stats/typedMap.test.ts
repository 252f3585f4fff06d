import { describe, expect, it } from 'vitest';
import { mapFloat64, mapInt32, mapUint8 } from '../../analyses/typedMap.js';

describe('typed maps', () => {
  it('give what TypedArray.from(src, fn) gives, from arrays, typed arrays and array-likes', () => {
    const src = [3, -1.5, 7, 2 ** 31, 256.7];
    const fn = (v: number, i: number) => v * 2 + i;
    expect(mapFloat64(src, fn)).toEqual(Float64Array.from(src, fn));
    expect(mapInt32(Float64Array.from(src), fn)).toEqual(Int32Array.from(src, fn)); // wraps as the built-in does
    expect(mapUint8(src, fn)).toEqual(Uint8Array.from(src, fn));
    expect(mapUint8({ length: 3 }, (_, i) => i * 100)).toEqual(Uint8Array.from([0, 100, 200]));
    expect(mapFloat64([], fn)).toEqual(new Float64Array(0));
  });
});
