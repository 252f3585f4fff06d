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
 * Up to this many distinct times, rankTimes finds them with a hash table and sorts only those.
 * Follow-up times of a trial are whole days (a few thousand distinct values however many subjects);
 * beyond the limit the observations are sorted with a radix sort on the bits.
 */
const MAX_RANKED_DISTINCT = 1 << 15;

/**
 * Up to this many (stratum, distinct time) pairs, sortByStratumTime places the observations with one
 * counting sort on the pair; beyond it, by time and then stably by stratum.
 */
const MAX_STRATUM_TIME_KEYS = 1 << 22;

/** The distinct times of some observations and where each observation's time is among them. */
export interface TimeRanks {
  /** the distinct times, ascending (-0 counted as +0) */
  values: Float64Array;
  /** per observation, the position of its time in `values` */
  rank: Int32Array;
}

/**
 * Ranks the observations' times. With few distinct values (day numbers, months computed from days)
 * they are found with a hash table on their bits and only those are sorted: one linear pass over the
 * observations. Otherwise the observations are sorted by an LSD radix sort on the IEEE-754 bits.
 * The survival functions then count, order and group observations by rank with counting sorts.
 */
export function rankTimes(time: ArrayLike<number>): TimeRanks {
  return hashedRanks(time) ?? sortedRanks(withoutNegativeZero(time));
}

/** Stable order of `time` ascending (ties keep input order): order[r] is the input position of the r-th smallest time. -0 sorts with +0. */
export function orderByTime(time: ArrayLike<number>): Uint32Array {
  const { values, rank } = rankTimes(time);
  const next = new Int32Array(values.length + 1);
  for (let i = 0; i < rank.length; i++) next[rank[i] + 1]++;
  for (let r = 0; r < values.length; r++) next[r + 1] += next[r];
  const order = new Uint32Array(rank.length);
  for (let i = 0; i < rank.length; i++) order[next[rank[i]]++] = i;
  return order;
}

/** A Float64Array copy of `time` with -0 as +0 (they are one time). */
function withoutNegativeZero(time: ArrayLike<number>): Float64Array {
  const n = time.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = time[i];
    f[i] = v === 0 ? 0 : v;
  }
  return f;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** index of the high and low 32-bit word of a float64 in a Uint32Array view */
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/**
 * Ranks by a hash table of the distinct values (told apart by their bits, -0 read as +0); null when
 * `time` holds more than MAX_RANKED_DISTINCT distinct values, or a NaN.
 */
function hashedRanks(time: ArrayLike<number>): TimeRanks | null {
  const n = time.length;
  const cell = new Float64Array(1); // each time's bits are read through this one cell
  const word = new Uint32Array(cell.buffer);
  let bits = 4;
  while (1 << bits < 2 * Math.min(n, MAX_RANKED_DISTINCT)) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  const slotHi = new Uint32Array(size);
  const slotLo = new Uint32Array(size);
  const slotId = new Int32Array(size).fill(-1);
  const found = new Float64Array(Math.min(n, MAX_RANKED_DISTINCT));
  const id = new Int32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const v = time[i];
    cell[0] = v === 0 ? 0 : v;
    const h = word[HI];
    const l = word[LO];
    let x = Math.imul(h, 0x9e3779b1) ^ Math.imul(l, 0x85ebca6b);
    x ^= x >>> 15;
    x = Math.imul(x, 0x2c1b3c6d);
    x ^= x >>> 12;
    let s = x & mask;
    while (slotId[s] !== -1 && (slotHi[s] !== h || slotLo[s] !== l)) s = (s + 1) & mask;
    if (slotId[s] === -1) {
      if (d === found.length || Number.isNaN(v)) return null; // NaN: no rank, left to the radix sort
      slotId[s] = d;
      slotHi[s] = h;
      slotLo[s] = l;
      found[d++] = cell[0];
    }
    id[i] = slotId[s];
  }
  // rank of each distinct value: its position among the sorted distinct values
  const values = found.slice(0, d).sort();
  const rankOf = new Int32Array(d);
  for (let k = 0; k < d; k++) {
    const v = found[k];
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (values[m] < v) lo = m + 1;
      else hi = m;
    }
    rankOf[k] = lo;
  }
  for (let i = 0; i < n; i++) id[i] = rankOf[id[i]];
  return { values, rank: id };
}

/** Ranks read off the radix-sorted order (many distinct values). */
function sortedRanks(f: Float64Array): TimeRanks {
  const n = f.length;
  const order = radixOrder(f);
  const rank = new Int32Array(n);
  const values = new Float64Array(n);
  let d = 0;
  for (let k = 0; k < n; k++) {
    const v = f[order[k]];
    if (d === 0 || v !== values[d - 1]) values[d++] = v;
    rank[order[k]] = d - 1;
  }
  return { values: values.slice(0, d), rank };
}

/**
 * Stable order of `f` ascending: LSD radix sort on the IEEE-754 bits, mapped so that unsigned order
 * is numeric order, in six 11-bit digits; a digit on which all keys agree (e.g. the low mantissa
 * bits of whole-day times) costs no pass. About 5x faster than a comparator sort of an index array
 * at n = 10^6.
 */
function radixOrder(f: Float64Array): Uint32Array {
  const n = f.length;
  if (n === 0) return new Uint32Array(0);
  const words = new Uint32Array(f.buffer, f.byteOffset, 2 * n);
  const H = HI;
  const L = LO;
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

/** Observations sorted by (stratum, time, input position): see sortByStratumTime. */
export interface StratumTimeOrder {
  /** input position of each sorted observation */
  order: Uint32Array;
  /** the times in that order, after timefix */
  sortedTime: Float64Array;
  /** start of each stratum in the sorted order (length s + 1) */
  stratumStart: Int32Array;
}

/**
 * Order of the observations by (stratum, time, input position), the (fixed) times in that order
 * and the start of each stratum (length s + 1). With `timefix`, distinct times closer than
 * sqrt(epsilon) (absolutely, or relative to the mean absolute distinct time) are chained and
 * replaced by the smallest time of their chain, as R's `aeqSurv` does. See stratumTimePositions.
 *
 * @param ranks rankTimes(time), when the caller has it already
 */
export function sortByStratumTime(
  time: ArrayLike<number>,
  strata: ArrayLike<number> | undefined,
  timefix: boolean,
  ranks: TimeRanks = rankTimes(time),
): StratumTimeOrder {
  const { position, sortedTime, stratumStart } = stratumTimePositions(time, strata, timefix, ranks);
  const order = new Uint32Array(position.length);
  for (let i = 0; i < position.length; i++) order[position[i]] = i;
  return { order, sortedTime, stratumStart };
}

/**
 * sortByStratumTime as the position of each observation in that order (the inverse of `order`):
 * analyseSurvival moves its columns into sorted order by writing each to its position while reading
 * them in sequence. The observations are placed by a counting sort on (stratum, rank of the time),
 * each reading its position off the histogram in input order (stable); the sorted times are written
 * run by run from the histogram.
 *
 * @param ranks rankTimes(time), when the caller has it already (analyseSurvival ranks each endpoint's
 *   times once for its curves, the log-rank test and the Cox model)
 */
export function stratumTimePositions(
  time: ArrayLike<number>,
  strata: ArrayLike<number> | undefined,
  timefix: boolean,
  ranks: TimeRanks = rankTimes(time),
): { position: Uint32Array; sortedTime: Float64Array; stratumStart: Int32Array } {
  const n = time.length;
  const { values, rank } = ranks;
  const d = values.length;
  const at = timefix && n > 1 ? fixedTimes(values) : values;
  const nStrata = strata === undefined ? 1 : maxCode(strata, 'strata') + 1;
  const position = new Uint32Array(n);
  const sortedTime = new Float64Array(n);
  const stratumStart = new Int32Array(nStrata + 1);
  if (nStrata * d <= MAX_STRATUM_TIME_KEYS) {
    // one counting sort on the key (stratum, rank): stable, so ties stay in input order
    const next = new Int32Array(nStrata * d + 1);
    if (strata === undefined) for (let i = 0; i < n; i++) next[rank[i] + 1]++;
    else for (let i = 0; i < n; i++) next[strata[i] * d + rank[i] + 1]++;
    for (let key = 0; key < nStrata * d; key++) {
      sortedTime.fill(at[key % d], next[key], next[key] + next[key + 1]);
      next[key + 1] += next[key];
    }
    for (let s = 0; s <= nStrata; s++) stratumStart[s] = next[s * d];
    if (strata === undefined) for (let i = 0; i < n; i++) position[i] = next[rank[i]]++;
    else for (let i = 0; i < n; i++) position[i] = next[strata[i] * d + rank[i]]++;
    return { position, sortedTime, stratumStart };
  }
  // many keys: by time, then stably by stratum
  const stratumOf = (i: number) => (strata === undefined ? 0 : strata[i]);
  const byTime = new Int32Array(d + 1);
  for (let i = 0; i < n; i++) byTime[rank[i] + 1]++;
  for (let r = 0; r < d; r++) byTime[r + 1] += byTime[r];
  const timeOrder = new Uint32Array(n);
  for (let i = 0; i < n; i++) timeOrder[byTime[rank[i]]++] = i;
  for (let i = 0; i < n; i++) stratumStart[stratumOf(i) + 1]++;
  for (let s = 0; s < nStrata; s++) stratumStart[s + 1] += stratumStart[s];
  const next = stratumStart.slice(0, nStrata);
  for (let k = 0; k < n; k++) {
    const i = timeOrder[k];
    const pos = next[stratumOf(i)]++;
    position[i] = pos;
    sortedTime[pos] = at[rank[i]];
  }
  return { position, sortedTime, stratumStart };
}

/**
 * R's `timefix` (aeqSurv) on distinct ascending times: the time each one becomes. Consecutive distinct
 * times within sqrt(epsilon) of each other, absolutely or relative to the mean absolute distinct
 * time, chain into one run, which takes its smallest time.
 */
export function fixedTimes(values: Float64Array): Float64Array {
  const d = values.length;
  const out = new Float64Array(d);
  if (d === 0) return out;
  let sumAbs = Math.abs(values[0]);
  for (let k = 1; k < d; k++) sumAbs += Math.abs(values[k]);
  const meanAbs = sumAbs / d;
  let cut = values[0];
  out[0] = cut;
  for (let k = 1; k < d; k++) {
    if (!nearlyEqualTimes(values[k - 1], values[k], meanAbs)) cut = values[k];
    out[k] = cut;
  }
  return out;
}
