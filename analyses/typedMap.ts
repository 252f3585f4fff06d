/**
 * `Float64Array.from(src, fn)` and its kin, as plain loops. With a mapping function the built-in
 * walks `src` through the iterator protocol, several times slower than indexing: at 10^7 MRD rows
 * one call cost 0.2 s (measured with --cpu-prof on deriveAssessmentFrame).
 *
 * @example
 * mapFloat64([1, 2, 3], (v, i) => v * i); // Float64Array [0, 2, 6]
 */
export function mapFloat64<T>(src: ArrayLike<T>, fn: (v: T, i: number) => number): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(src[i], i);
  return out;
}

export function mapInt32<T>(src: ArrayLike<T>, fn: (v: T, i: number) => number): Int32Array {
  const out = new Int32Array(src.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(src[i], i);
  return out;
}

export function mapUint8<T>(src: ArrayLike<T>, fn: (v: T, i: number) => number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(src[i], i);
  return out;
}
