/**
 * Writes CSV text straight into byte chunks, for listings of millions of rows: cells that repeat
 * (codes, dates, identifiers) are encoded once and copied as bytes; integers are written digit by
 * digit. Building each row as a JavaScript string and encoding it again cost about 3 µs per row at
 * 10^7 rows (measured with --cpu-prof); copying bytes costs a fraction of that.
 *
 * @example
 * const w = new ChunkWriter(1 << 20);
 * w.int(42); w.byte(44); w.ascii('NGS');
 * w.take(); // <Buffer 34 32 2c 4e 47 53> ("42,NGS")
 */
export class ChunkWriter {
  private buf: Buffer;
  used = 0;

  /**
   * With `reuse`, `take` hands out a view of the chunk itself, which later writes overwrite: for a
   * caller that is done with each chunk before writing on (the listing's worker writes and hashes each
   * synchronously), so that one chunk serves the whole file instead of a fresh megabyte each time.
   */
  constructor(
    private readonly chunkBytes: number,
    private readonly reuse = false,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Whether `n` more bytes fit in the current chunk. */
  fits(n: number): boolean {
    return this.used + n <= this.buf.length;
  }

  /**
   * The bytes written so far; later writes go to a chunk of at least `next` bytes: a fresh one (the
   * caller may keep what it took), or with `reuse` the same one while it is large enough.
   */
  take(next = 0): Buffer {
    const done = this.buf.subarray(0, this.used);
    if (!this.reuse || next > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(this.chunkBytes, next));
    this.used = 0;
    return done;
  }

  byte(b: number): void {
    this.buf[this.used++] = b;
  }

  bytes(src: Uint8Array, s = 0, e = src.length): void {
    const buf = this.buf;
    let at = this.used;
    for (let k = s; k < e; k++) buf[at++] = src[k];
    this.used = at;
  }

  /** Text known to be ASCII (numbers as JavaScript formats them, fixed codes). */
  ascii(text: string): void {
    const buf = this.buf;
    let at = this.used;
    for (let k = 0; k < text.length; k++) buf[at++] = text.charCodeAt(k);
    this.used = at;
  }

  /** Any text, as UTF-8 (at most 3 bytes per UTF-16 code unit). */
  text(text: string): void {
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** A non-negative safe integer in decimal, as String(n) writes it; other numbers through String(). */
  int(n: number): void {
    // Line numbers and cell counts fit 31 bits: integer division there is about 40% faster than
    // Math.floor on doubles (2 x 10^7 calls, the listing's count at 10^6 subjects: 1.2-1.4 -> 0.7-0.8 s)
    if ((n | 0) === n && n >= 0) {
      const digits = n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
      const buf = this.buf;
      let at = this.used + digits;
      this.used = at;
      let v = n;
      do {
        const q = (v / 10) | 0;
        buf[--at] = 48 + v - q * 10;
        v = q;
      } while (v > 0);
      return;
    }
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Number.isInteger(n))) {
      this.ascii(String(n));
      return;
    }
    let digits = 0;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) this.buf[--at] = 48 + (v % 10);
  }
}
