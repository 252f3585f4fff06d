export interface ExactOddsRatioResult {
  /** Sample odds ratio x1 (n0 - x0) / (x0 (n1 - x1)): Infinity when only the denominator is 0, 0 when only
   * the numerator is 0, NaN when both are (written as null). */
  oddsRatio: number;
  /** Exact conditional lower limit; 0 when x1 is the smallest value the margins allow. */
  ciLower: number;
  /** Exact conditional upper limit; Infinity when x1 is the largest value the margins allow. */
  ciUpper: number;
  /** Two-sided exact conditional (Fisher) p-value, as R `fisher.test`. */
  pValue: number;
  level: number;
}

/**
 * Sample odds ratio of arm 1 vs arm 0 with the exact conditional (Cornfield) confidence interval and
 * Fisher's exact two-sided p-value, for x1 responders of n1 (experimental) and x0 of n0 (control).
 *
 * Given the margins, X = x1 follows the noncentral hypergeometric distribution
 * P(X = k; psi) ∝ C(n1, k) C(n0, m - k) psi^k, m = x1 + x0, k in [max(0, m - n0), min(n1, m)]
 * (Cornfield, Proc 3rd Berkeley Symp 1956;4:135-148; Agresti, Categorical Data Analysis 3rd ed., 16.6.4).
 * The limits solve P(X >= x1; psi_L) = alpha/2 and P(X <= x1; psi_U) = alpha/2: SAS PROC FREQ
 * EXACT OR and R `fisher.test(...)$conf.int`, but solved to full precision. R stops its root search at
 * ~1e-4 (ICARIA-MM 93/154 vs 54/153: fisher.test 4.561, precise and SAS 4.562). Each tail equation is solved for
 * theta = log(psi) by bisection inside a bracket widened until it holds the sign change, to ~1e-14 on theta
 * (1e-14 relative on psi). A tail probability is summed from the mode of the distribution at that psi outwards,
 * term by term with the ratio recursion psi C(n1,k+1)C(n0,m-k-1) / (C(n1,k)C(n0,m-k)) (exact integer products,
 * two roundings per term: no overflow, no log-gamma, no large logs), stopping on each side once a bound on the
 * terms not reached is 1e-20 of what they would be added to; supports of up to 64 values are summed whole.
 * The terms fall off like a Gaussian with SD ~ sqrt(n), so that is ~10 SD either side of the mode, not the
 * whole support.
 * The p-value sums the null probabilities not larger than the observed one times 1 + 1e-7 (R's rule
 * for ties), capped at 1, with full relative precision also far in the tails (down to the underflow of the
 * p-value itself). The sample odds ratio is not the conditional MLE that fisher.test reports.
 * Cost: O(sqrt(n)) per tail evaluation, about 100 evaluations (a million subjects: ~5 ms, was ~1 s summing
 * the whole support).
 *
 * @example exactOddsRatio(93, 154, 54, 153)
 * // { oddsRatio: 2.795082, ciLower: 1.714847, ciUpper: 4.561588, pValue: 1.32167e-05, level: 0.95 }
 */
export function exactOddsRatio(x1: number, n1: number, x0: number, n0: number, level = 0.95): ExactOddsRatioResult {
  for (const [x, n, arm] of [[x1, n1, 1], [x0, n0, 0]] as const) {
    if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
      throw new RangeError(`exactOddsRatio needs integers 0 <= x${arm} <= n${arm}, got x${arm}=${x}, n${arm}=${n}`);
    }
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);

  const numerator = x1 * (n0 - x0);
  const denominator = x0 * (n1 - x1);
  const oddsRatio =
    numerator === 0 && denominator === 0 ? Number.NaN : denominator === 0 ? Infinity : numerator / denominator;

  const m = x1 + x0;
  const lo = Math.max(0, m - n0);
  const hi = Math.min(n1, m);
  const support: Support = { n1, n0, m, lo, hi, x1, whole: hi - lo + 1 <= WHOLE_SUPPORT };
  const alpha = (1 - level) / 2;
  const ciLower = x1 === lo ? 0 : Math.exp(solveIncreasing((t) => tails(support, t)[0] - alpha));
  const ciUpper = x1 === hi ? Infinity : Math.exp(solveIncreasing((t) => alpha - tails(support, t)[1]));
  const pValue = fisherPValue(support);

  return { oddsRatio, ciLower, ciUpper, pValue, level };
}

/** Supports of up to this many values are always summed whole. */
const WHOLE_SUPPORT = 64;
/** A walk stops once all the terms it has not reached are at most this fraction of the sum they would join. */
const NEGLIGIBLE = 1e-20;

/** The margins: X = x1 in [lo, hi], P(X = k; psi) ∝ w(k) psi^k with w(k) = C(n1, k) C(n0, m - k). */
interface Support {
  n1: number;
  n0: number;
  m: number;
  lo: number;
  hi: number;
  x1: number;
  /** Sum every term (small supports): no early stop. */
  whole: boolean;
}

/** w(k + 1) / w(k), lo <= k < hi. Numerator and denominator are integers below 2^53 (tables up to ~9e7
 * subjects), so exact: one rounding in the division. */
function ratioUp(s: Support, k: number): number {
  return ((s.n1 - k) * (s.m - k)) / ((k + 1) * (s.n0 - s.m + k + 1));
}

/** w(k - 1) / w(k), lo < k <= hi. */
function ratioDown(s: Support, k: number): number {
  return (k * (s.n0 - s.m + k)) / ((s.n1 - k + 1) * (s.m - k + 1));
}

/** Mode at odds ratio psi (0 and Infinity allowed): the first k with psi w(k + 1) / w(k) < 1. That product
 * decreases in k (the distribution is log-concave), so it is found by bisection on the integers. */
function mode(s: Support, psi: number): number {
  let a = s.lo;
  let b = s.hi;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (psi * ratioUp(s, mid) < 1) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Sums returned by `walk`: terms before `edge`, the term at it, terms beyond it. */
const INNER = 0;
const AT = 1;
const OUTER = 2;
const sums = new Float64Array(3);

/**
 * Walks from the mode `top` (its term taken as 1, not included) in direction `dir`, term by term with the ratio
 * recursion times `factor` (psi going up, 1 / psi going down): every term is at most 1 (no overflow) and they
 * decrease. Terms go to `sums`: INNER before `edge`, AT at it, OUTER beyond it. The walk ends with the support
 * or, unless the support is summed whole, once the rest is negligible: the next ratio q < 1 bounds every later
 * one (log-concavity), so the terms not reached sum to at most t q / (1 - q). That bound is compared with
 * AT + OUTER once the edge is reached, else with `floor` + INNER.
 */
function walk(s: Support, top: number, dir: 1 | -1, factor: number, edge: number, floor: number): void {
  const end = dir > 0 ? s.hi : s.lo;
  let inner = 0;
  let at = 0;
  let outer = 0;
  let reached = false;
  let t = 1;
  for (let k = top; k !== end; k += dir) {
    const q = factor * (dir > 0 ? ratioUp(s, k) : ratioDown(s, k));
    if (q < 1 && !s.whole && t * q <= NEGLIGIBLE * (reached ? at + outer : floor + inner) * (1 - q)) break;
    t *= q;
    const next = k + dir;
    if (reached) outer += t;
    else if (next === edge) {
      at = t;
      reached = true;
    } else inner += t;
  }
  sums[INNER] = inner;
  sums[AT] = at;
  sums[OUTER] = outer;
}

/**
 * [P(X >= x1), P(X <= x1)] at psi = exp(theta), summed outwards from the mode. The side holding x1 is walked
 * first and, once past x1, until the rest is negligible against the tail from x1 on (that tail keeps its full
 * relative precision however small); the other side until negligible against all terms so far. A tail never
 * reached is below 1e-20, so its sign against alpha / 2 >= 2^-54 is right, which is all the root search uses.
 */
function tails(s: Support, theta: number): [number, number] {
  const psi = Math.exp(theta);
  const inv = Math.exp(-theta);
  const top = mode(s, psi);
  const { x1 } = s;
  let below: number; // k < x1
  let at: number;
  let above: number; // k > x1
  if (x1 >= top) {
    walk(s, top, 1, psi, x1 > top ? x1 : NaN, 0);
    const upInner = sums[INNER];
    const upAt = sums[AT];
    const upOuter = sums[OUTER];
    walk(s, top, -1, inv, NaN, 1 + upInner + upAt + upOuter);
    below = sums[INNER] + (x1 > top ? 1 + upInner : 0);
    at = x1 > top ? upAt : 1;
    above = x1 > top ? upOuter : upInner;
  } else {
    walk(s, top, -1, inv, x1, 0);
    const downInner = sums[INNER];
    const downAt = sums[AT];
    const downOuter = sums[OUTER];
    walk(s, top, 1, psi, NaN, 1 + downInner + downAt + downOuter);
    below = downOuter;
    at = downAt;
    above = sums[INNER] + 1 + downInner;
  }
  const total = below + at + above;
  return [(at + above) / total, (below + at) / total];
}

/**
 * Fisher's two-sided p-value: the null (psi = 1) probabilities not above P(X = x1) (1 + 1e-7), summed. x1 may
 * lie far in a tail, so its term is reached from the mode with a binary exponent kept aside (t 2^-e, rescaled
 * by exact powers of two) and the tails are summed in units of that term: tiny p-values keep full relative
 * precision down to the underflow of the result itself.
 */
function fisherPValue(s: Support): number {
  const { x1 } = s;
  const top = mode(s, 1);
  if (x1 === top) return 1; // every probability is at most the mode's
  const dir = x1 > top ? 1 : -1;
  const step = (k: number, d: number): number => (d > 0 ? ratioUp(s, k) : ratioDown(s, k));
  const end = dir > 0 ? s.hi : s.lo;
  const otherEnd = dir > 0 ? s.lo : s.hi;

  // mode to x1 (excluded), in units of the mode's term: the total so far
  let total = 1;
  let t = 1;
  let e = 0;
  let scale = 1; // 2^-e
  for (let k = top; k !== x1 - dir; k += dir) {
    t *= step(k, dir);
    if (t < RESCALE) {
      t *= 1 / RESCALE;
      e += RESCALE_BITS;
      if (e >= 1200) return 0; // every term concerned is below 2^-1100 of the mode's: p underflows
      scale = 2 ** -e;
    }
    total += t * scale;
  }
  const tx = t * step(x1 - dir, dir); // P(X = x1) = tx 2^-e relative to the mode
  const ex = e;
  const cut = 1 + 1e-7; // in units of P(X = x1)

  // x1 and beyond, in units of P(X = x1); then the near ties between the mode and x1
  let near = 1;
  let u = 1;
  for (let k = x1; k !== end; k += dir) {
    const q = step(k, dir);
    if (!s.whole && u * q <= NEGLIGIBLE * near * (1 - q)) break; // q < 1 beyond the mode
    u *= q;
    near += u;
  }
  total += near * tx * 2 ** -ex;
  let ties = 0;
  u = 1;
  for (let k = x1; k !== top; k -= dir) {
    u *= step(k, -dir);
    if (u > cut) break;
    ties += u;
  }

  // the other side: from the mode (scaled) until the terms drop to the cut, then in units of P(X = x1)
  let far = 0;
  t = 1;
  e = 0;
  scale = 1;
  let k = top;
  for (; k !== otherEnd; k -= dir) {
    t *= step(k, -dir);
    if (t < RESCALE) {
      t *= 1 / RESCALE;
      e += RESCALE_BITS;
      scale = 2 ** -e;
    }
    const d = ex - e; // the term is t 2^d in units of 2^-ex
    if (d < -600 || (d <= 600 && t * 2 ** d <= cut * tx)) {
      u = (t * 2 ** d) / tx;
      far = u;
      k -= dir;
      break;
    }
    total += t * scale;
  }
  if (far > 0) {
    for (; k !== otherEnd; k -= dir) {
      const q = step(k, -dir);
      if (!s.whole && u * q <= NEGLIGIBLE * (near + far) * (1 - q)) break;
      u *= q;
      far += u;
    }
    total += far * tx * 2 ** -ex;
  }
  const p = ((near + ties + far) * tx) / total;
  return Math.min(1, ex > 1000 ? p * 2 ** -1000 * 2 ** (1000 - ex) : p * 2 ** -ex);
}

/** Terms below RESCALE (relative to the current scale) are multiplied by 2^RESCALE_BITS, exactly. */
const RESCALE_BITS = 500;
const RESCALE = 2 ** -RESCALE_BITS;

/** Root of an increasing function of theta: bracket widened from [-1, 1] by doubling, then bisection. */
function solveIncreasing(f: (theta: number) => number): number {
  let a = -1;
  let b = 1;
  while (f(a) > 0) {
    b = a;
    a *= 2;
    if (a < -1e6) return -Infinity;
  }
  while (f(b) < 0) {
    a = b;
    b *= 2;
    if (b > 1e6) return Infinity;
  }
  for (let iter = 0; iter < 200; iter++) {
    const mid = (a + b) / 2;
    if (b - a <= 1e-14 * Math.max(1, Math.abs(mid)) || mid <= a || mid >= b) break;
    if (f(mid) < 0) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}
