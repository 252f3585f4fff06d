/**
 * Ordering of survival data shared by logRank and coxPH: observations sorted by (stratum, time,
 * input position), with R's `timefix` merging of nearly equal times.
 */

/** Checks that `codes` are integer codes 0..n-1 and returns the largest (-1 when empty). */
export function maxCode(codes: ArrayLike<number>, name: string): number {
  const n = codes.length;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (!Number.isInteger(c) || c < 0 || c >= Math.max(n, 1)) {
      throw new RangeError(`survival data: ${name}[${i}] must be an integer code 0..n-1, got ${c}`);
    }
    if (c > max) max = c;
  }
  return max;
}

/** sqrt(.Machine$double.eps): R's tolerance in aeqSurv (timefix) and quantile.survfit. */
export const SURVIVAL_TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * R's `timefix` rule: two consecutive distinct times are one when they differ by at most
 * sqrt(epsilon), absolutely or relative to the mean absolute distinct time. Runs chain, and the run
 * takes its smallest time.
 */
export function nearlyEqualTimes(previous: number, next: number, meanAbsTime: number): boolean {
  const dy = next - previous;
  return dy <= SURVIVAL_TOLERANCE || dy / meanAbsTime <= SURVIVAL_TOLERANCE;
}
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * Stable order of `time` ascending (ties keep input order): LSD radix sort on the IEEE-754 bits,
 * mapped so that unsigned order is numeric order, in six 11-bit digits; a digit on which all keys
 * agree (e.g. the low mantissa bits of whole-day times) costs no pass. About 5x faster than a
 * comparator sort of an index array at n = 10^6.
 */
export function orderByTime(time: ArrayLike<number>): Uint32Array {
  const n = time.length;
  if (n === 0) return new Uint32Array(0);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = time[i];
    f[i] = v === 0 ? 0 : v; // -0 sorts with +0
  }
  const words = new Uint32Array(f.buffer);
  const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  const H = littleEndian ? 1 : 0;
  const L = 1 - H;
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const hist = new Int32Array(6 * RADIX);
  const mask = RADIX - 1;
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + H];
    let l = words[2 * i + L];
    if (h & 0x80000000) {
      h = ~h >>> 0; // negative: reverse the order of the magnitude bits
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    idx[i] = i;
    hist[l & mask]++;
    hist[RADIX + ((l >>> 11) & mask)]++;
    hist[2 * RADIX + (l >>> 22)]++;
    hist[3 * RADIX + (h & mask)]++;
    hist[4 * RADIX + ((h >>> 11) & mask)]++;
    hist[5 * RADIX + (h >>> 22)]++;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * RADIX;
    let first = 0;
    while (hist[base + first] === 0) first++;
    if (hist[base + first] === n) continue; // every key has the same digit
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = hist[base + b];
      hist[base + b] = sum;
      sum += c;
    }
    const key = pass >= 3 ? hi : lo;
    const shift = (pass % 3) * RADIX_BITS;
    for (let i = 0; i < n; i++) {
      const pos = hist[base + ((key[i] >>> shift) & mask)]++;
      hi2[pos] = hi[i];
      lo2[pos] = lo[i];
      idx2[pos] = idx[i];
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

/**
 * Order of the observations by (stratum, time, input position), the (fixed) times in that order
 * and the start of each stratum (length s + 1). With `timefix`, distinct times closer than
 * sqrt(epsilon) (absolutely, or relative to the mean absolute distinct time) are chained and
 * replaced by the smallest time of their chain, as R's `aeqSurv` does.
 */
export function sortByStratumTime(
  time: ArrayLike<number>,
  strata: ArrayLike<number> | undefined,
  timefix: boolean,
): { order: Uint32Array; sortedTime: Float64Array; stratumStart: Int32Array } {
  const n = time.length;
  const byTime = orderByTime(time);
  const st = new Float64Array(n);
  for (let k = 0; k < n; k++) st[k] = time[byTime[k]];

  if (timefix && n > 1) {
    let sumAbs = Math.abs(st[0]);
    let nDistinct = 1;
    for (let k = 1; k < n; k++) {
      if (st[k] !== st[k - 1]) {
        sumAbs += Math.abs(st[k]);
        nDistinct++;
      }
    }
    const meanAbs = sumAbs / nDistinct;
    let cut = st[0];
    let prev = cut;
    for (let k = 1; k < n; k++) {
      const v = st[k];
      if (v !== prev) {
        if (!nearlyEqualTimes(prev, v, meanAbs)) cut = v;
        prev = v;
      }
      st[k] = cut;
    }
  }

  if (strata === undefined) {
    return { order: byTime, sortedTime: st, stratumStart: Int32Array.of(0, n) };
  }
  const nStrata = maxCode(strata, 'strata') + 1;
  const stratumStart = new Int32Array(nStrata + 1);
  for (let i = 0; i < n; i++) stratumStart[strata[i] + 1]++;
  for (let s = 0; s < nStrata; s++) stratumStart[s + 1] += stratumStart[s];
  const next = stratumStart.slice(0, nStrata);
  const order = new Uint32Array(n);
  const sortedTime = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = byTime[k];
    const pos = next[strata[i]]++;
    order[pos] = i;
    sortedTime[pos] = st[k];
  }
  return { order, sortedTime, stratumStart };
}
