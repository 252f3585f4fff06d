/**
 * IBM System/360 hexadecimal floating point, the number format of SAS transport (XPORT) files
 * (SAS technical note TS-140): a sign bit, a 7-bit base-16 exponent in excess-64 and a 56-bit fraction,
 * value = (-1)^sign x 0.fraction x 16^(exponent - 64). A variable may be stored in 2 to 8 bytes; the
 * bytes left out are the low-order fraction bytes (taken as zero).
 *
 * Missing values: the first byte is `.` (0x2E, ordinary missing), `_` (0x5F) or `A`-`Z` (special
 * missing .A-.Z) and every other byte is zero. Such a byte pattern cannot be a number, because a
 * non-zero IBM value has a non-zero leading fraction digit.
 *
 * Conversion is exact both ways for every IEEE double that IBM can hold: a double has 53 significant
 * bits and the IBM fraction at least 53 (56 less up to 3 leading zero bits of its first hex digit).
 * IBM cannot hold magnitudes below 16^-65 (about 5.4e-79): they are written as 0, as SAS and R haven do.
 *
 * @example
 * ibmToDouble(Buffer.from([0x41, 0x10, 0, 0, 0, 0, 0, 0]), 0, 8); // 1
 * ibmToDouble(Buffer.from([0xc2, 0x76, 0xa0, 0, 0, 0, 0, 0]), 0, 8); // -118.625
 */

const TWO_POW_24 = 2 ** 24;
const TWO_POW_32 = 2 ** 32;

/** 1 for the first bytes that mark a missing value (`.`, `_`, `A`-`Z`). */
const MISSING_FIRST = new Uint8Array(256);
MISSING_FIRST[0x2e] = 1;
MISSING_FIRST[0x5f] = 1;
for (let c = 0x41; c <= 0x5a; c++) MISSING_FIRST[c] = 1;

/** The value of the `length`-byte IBM number at buf[at]; NaN for a missing value. */
export function ibmToDouble(buf: Uint8Array, at: number, length: number): number {
  const b0 = buf[at];
  let hi = 0;
  let lo = 0;
  // fraction bytes 1-3 (hi) and 4-7 (lo); bytes beyond `length` are zero
  for (let k = 1; k < 4; k++) hi = hi * 256 + (k < length ? buf[at + k] : 0);
  for (let k = 4; k < 8; k++) lo = lo * 256 + (k < length ? buf[at + k] : 0);
  if (hi === 0 && lo === 0) return MISSING_FIRST[b0] ? Number.NaN : 0;
  // hi * 2^-24 and lo * 2^-56 are exact; their sum rounds once (to nearest, as IEEE addition does)
  const fraction = hi / TWO_POW_24 + lo / TWO_POW_24 / TWO_POW_32;
  const exponent = (b0 & 0x7f) - 64;
  const magnitude = fraction * 2 ** (4 * exponent);
  return b0 & 0x80 ? -magnitude : magnitude;
}

/** Whether the `length`-byte value at buf[at] is a SAS missing value, and which (`.`, `_`, `A`...`Z`). */
export function ibmMissingKind(buf: Uint8Array, at: number, length: number): string | null {
  const b0 = buf[at];
  if (!MISSING_FIRST[b0]) return null;
  for (let k = 1; k < length; k++) if (buf[at + k] !== 0) return null;
  return String.fromCharCode(b0);
}

/** Largest magnitude IBM can hold: (1 - 16^-14) x 16^63. */
const IBM_MAX = (1 - 16 ** -14) * 16 ** 63;

/**
 * Writes `value` as an 8-byte IBM number at buf[at] (NaN and null as the ordinary missing `.`).
 * Throws a RangeError for infinities and magnitudes IBM cannot hold.
 */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
/** index of the high 32-bit word of a double in WORDS (little-endian machines: 1) */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export function doubleToIbm(value: number | null, buf: Uint8Array, at: number): void {
  // Normal doubles whose exponent IBM holds, from their bits: v = 1.m x 2^e = 0.1m x 2^(e+1); with
  // q = e + 1 = 4E - s (s in 0..3) the 56-bit IBM fraction is the 53-bit significand shifted left by
  // 3 - s. Integer work only; 8x faster than the arithmetic path below, which handles the rest.
  if (value !== null && value === value && value !== 0) {
    BITS[0] = value;
    const hi = WORDS[HI];
    const lo = WORDS[1 - HI];
    const e2 = (hi >>> 20) & 0x7ff;
    if (e2 !== 0 && e2 !== 0x7ff) {
      const q = e2 - 1022;
      const E = Math.ceil(q / 4);
      const exp = E + 64;
      if (exp >= 0 && exp <= 127) {
        const shift = 3 - (4 * E - q);
        const sig = (hi & 0xfffff) | 0x100000;
        const fHi = shift === 0 ? sig : ((sig << shift) | (lo >>> (32 - shift))) >>> 0;
        const fLo = (lo << shift) >>> 0;
        buf[at] = (hi >>> 31 ? 0x80 : 0) | exp;
        buf[at + 1] = (fHi >>> 16) & 0xff;
        buf[at + 2] = (fHi >>> 8) & 0xff;
        buf[at + 3] = fHi & 0xff;
        buf[at + 4] = fLo >>> 24;
        buf[at + 5] = (fLo >>> 16) & 0xff;
        buf[at + 6] = (fLo >>> 8) & 0xff;
        buf[at + 7] = fLo & 0xff;
        return;
      }
    }
  }
  buf.fill(0, at, at + 8);
  if (value === null || Number.isNaN(value)) {
    buf[at] = 0x2e;
    return;
  }
  if (!Number.isFinite(value) || Math.abs(value) > IBM_MAX) throw new RangeError(`${value} cannot be written as an IBM (SAS transport) number`);
  if (value === 0) return;
  const sign = value < 0 ? 0x80 : 0;
  const v = Math.abs(value);
  // exponent e with 16^(e-1) <= v < 16^e, so that the fraction v / 16^e lies in [1/16, 1)
  let e = Math.floor(Math.log2(v) / 4) + 1;
  if (v / 2 ** (4 * e) >= 1) e++;
  if (v / 2 ** (4 * e) < 1 / 16) e--;
  if (e < -64) return; // below 16^-65: zero, as SAS writes it
  // F = fraction x 2^56 is a whole number (v has at most 53 significant bits); split it without
  // forming F itself, which a double could not hold exactly
  const f = v / 2 ** (4 * e); // exact: a power-of-two scaling
  const hi = Math.floor(f * TWO_POW_24); // top 24 bits
  const lo = (f * TWO_POW_24 - hi) * TWO_POW_32; // remaining 32 bits, exact
  buf[at] = sign | (e + 64);
  buf[at + 1] = (hi >>> 16) & 0xff;
  buf[at + 2] = (hi >>> 8) & 0xff;
  buf[at + 3] = hi & 0xff;
  const low = lo >>> 0;
  buf[at + 4] = (low >>> 24) & 0xff;
  buf[at + 5] = (low >>> 16) & 0xff;
  buf[at + 6] = (low >>> 8) & 0xff;
  buf[at + 7] = low & 0xff;
}
