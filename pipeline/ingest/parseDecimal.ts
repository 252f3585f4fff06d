/**
 * Parses an unsigned decimal written in bytes (`1500000`, `0.00012`, `3.2E-06`) without building a
 * string, returning exactly what `Number(text)` returns, or -1 when the text is not of that simple
 * form and the caller must fall back to the string path (signs, spaces, more than 15 significant
 * digits, exponents beyond the exact range, anything else).
 *
 * Exactness (Clinger 1990, "How to read floating point numbers accurately", the fast path): with at
 * most 15 significant digits the digits form an integer m < 2^53, and 10^k for k <= 22 is an exact
 * double, so m * 10^k and m / 10^k are each one correctly rounded IEEE operation, which is the
 * correctly rounded value of the decimal, as Number() gives.
 *
 * @example
 * parseDecimal(Buffer.from('3.2E-06'), 0, 7); // 0.0000032 (=== Number('3.2E-06'))
 * parseDecimal(Buffer.from('-1'), 0, 2); // -1: not handled here
 */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let m = 0;
  let significant = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  let i = s;
  for (; i < e; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      digits++;
      if (dot) fraction++;
      if (m === 0 && c === 48) continue; // leading zeros are not significant
      if (++significant > 15) return -1;
      m = m * 10 + (c - 48);
    } else if (c === 46 && !dot) {
      dot = true;
    } else break;
  }
  if (digits === 0) return -1;
  let exponent = 0;
  if (i < e) {
    const c = buf[i];
    if (c !== 69 && c !== 101) return -1; // E or e
    i++;
    let negative = false;
    if (i < e && (buf[i] === 43 || buf[i] === 45)) negative = buf[i++] === 45;
    if (i === e || e - i > 3) return -1;
    for (; i < e; i++) {
      const d = buf[i];
      if (d < 48 || d > 57) return -1;
      exponent = exponent * 10 + (d - 48);
    }
    if (negative) exponent = -exponent;
  }
  const k = exponent - fraction;
  if (m === 0) return 0;
  if (k === 0) return m;
  if (k > 0) return k <= 22 ? m * POW10[k] : -1;
  return k >= -22 ? m / POW10[-k] : -1;
}
