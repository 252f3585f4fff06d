/**
 * A hash map from byte strings to numbers, for remembering what a cell's raw bytes converted to.
 * Most MRD cells repeat (USUBJID on every sample of a subject, dates shared by many samples, the few
 * values of METHOD, RESULT, LAB, VISIT): looking their bytes up here avoids decoding a string and
 * converting it again, 10^8 times at 10^6 subjects. Open addressing with linear probing over FNV-1a
 * hashes (Fowler-Noll-Vo, 32-bit); keys are copied into one growing byte pool. The entry last found or
 * set is compared first, without hashing: consecutive rows mostly repeat (a subject's samples are
 * adjacent; METHOD, RESULT, LAB rarely change).
 *
 * @example
 * const m = new ByteMemo();
 * const b = Buffer.from('NGS,NGF');
 * m.set(b, 0, 3, 7);
 * m.get(b, 0, 3); // 7
 * m.get(b, 4, 7); // undefined
 */
export class ByteMemo {
  private slots = new Int32Array(1024); // entry + 1; 0 = empty
  private hash = new Int32Array(512);
  private offset = new Int32Array(512);
  private length = new Int32Array(512);
  private value = new Float64Array(512);
  private pool = new Uint8Array(1 << 14);
  private used = 0;
  /** the entry last found or set, or -1 */
  private last = -1;
  size = 0;

  private static hashOf(buf: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k], 0x01000193);
    return h | 0; // int32, as stored: the loop leaves the seed unsigned when there are no bytes

  }

  /** The entry holding bytes buf[s..e), or -1. */
  private find(buf: Uint8Array, s: number, e: number, h: number): number {
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at];
      if (slot === 0) return -1;
      const entry = slot - 1;
      if (this.hash[entry] === h && this.length[entry] === len) {
        const o = this.offset[entry];
        let k = 0;
        while (k < len && this.pool[o + k] === buf[s + k]) k++;
        if (k === len) return entry;
      }
    }
  }

  private isLast(buf: Uint8Array, s: number, e: number): boolean {
    const entry = this.last;
    const len = e - s;
    if (entry < 0 || this.length[entry] !== len) return false;
    const o = this.offset[entry];
    for (let k = 0; k < len; k++) if (this.pool[o + k] !== buf[s + k]) return false;
    return true;
  }

  get(buf: Uint8Array, s: number, e: number): number | undefined {
    if (this.isLast(buf, s, e)) return this.value[this.last];
    const entry = this.find(buf, s, e, ByteMemo.hashOf(buf, s, e));
    if (entry < 0) return undefined;
    this.last = entry;
    return this.value[entry];
  }

  set(buf: Uint8Array, s: number, e: number, v: number): void {
    const h = ByteMemo.hashOf(buf, s, e);
    const found = this.find(buf, s, e, h);
    if (found >= 0) {
      this.value[found] = v;
      this.last = found;
      return;
    }
    const len = e - s;
    if (this.size === this.hash.length) this.growEntries();
    while (this.used + len > this.pool.length) this.pool = grown(this.pool, this.pool.length * 2);
    this.pool.set(buf.subarray(s, e), this.used);
    const entry = this.size++;
    this.hash[entry] = h;
    this.offset[entry] = this.used;
    this.length[entry] = len;
    this.value[entry] = v;
    this.used += len;
    this.last = entry;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let at = this.hash[entry] & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = entry + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    for (let entry = 0; entry < this.size; entry++) this.place(entry);
  }

  private growEntries(): void {
    const n = this.hash.length * 2;
    this.hash = grown(this.hash, n);
    this.offset = grown(this.offset, n);
    this.length = grown(this.length, n);
    this.value = grown(this.value, n);
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
