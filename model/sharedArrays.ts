/**
 * Typed arrays in shared memory (SharedArrayBuffer). The columns the readers build and the per-sample
 * derivations live there, so that a worker thread can read them without a copy while this thread goes
 * on: `mrd run` writes the sample listing (1.4 GB at 10^6 subjects) on another core while the analysis
 * runs, from the same 0.7 GB of arrays the analysis uses. Everything else treats them as ordinary typed
 * arrays; only `slice()` differs (it returns an unshared copy), so readers copy with `sharedCopy`.
 *
 * @example
 * const day = sharedFloat64(3); // zeroed, like new Float64Array(3)
 * isShared(day); // true
 */

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

export function sharedUint16(length: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(length * 2));
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** A zeroed Buffer of `length` bytes in shared memory. */
export function sharedBytes(length: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(length));
}

/** The first `length` values of `v` in a shared array of exactly that length. */
export function sharedCopy<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(v: T, length = v.length): T {
  const Ctor = v.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(length * v.BYTES_PER_ELEMENT));
  out.set(v.subarray(0, length) as never);
  return out;
}

/** Whether `v` is a view of shared memory (a worker thread can be given it without a copy). */
export function isShared(v: ArrayBufferView): boolean {
  return v.buffer instanceof SharedArrayBuffer;
}
