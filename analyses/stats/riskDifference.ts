import { normalQuantile } from './distributions.js';
import type { Table2x2 } from './table2x2.js';
export type { Table2x2 } from './table2x2.js';

export interface RiskDifferenceResult {
  /** p1 - p0; with strata the weighted mean sum w_k (p1k - p0k) / sum w_k, w_k = n1k n0k / (n1k + n0k) */
  estimate: number;
  ciLower: number;
  ciUpper: number;
  level: number;
  /** true: Miettinen-Nurminen N/(N - 1) variance factor; false: Mee / Farrington-Manning score interval */
  varianceCorrection: boolean;
  /** strata with both arms non-empty */
  strataUsed: number;
  /** strata missing an arm: weight 0, they carry no information on the difference */
  strataDropped: number;
}

/**
 * Risk difference p1 - p0 (experimental minus control) with the Miettinen-Nurminen score confidence
 * interval, for one 2x2 table or stratified over K tables.
 *
 * Each stratum's variance is taken under the restriction p1 - p0 = delta, at the restricted maximum
 * likelihood estimates (closed-form root of the likelihood cubic, Farrington & Manning, Stat Med
 * 1990;9:1447-1454; Miettinen & Nurminen, Stat Med 1985;4:213-226, appendix):
 * V_k(delta) = (p1~(1 - p1~)/n1 + p0~(1 - p0~)/n0) N/(N - 1), N = n1 + n0.
 * The score statistic is Z(delta) = sum w_k (d_k - delta) / sqrt(sum w_k^2 V_k(delta)) with
 * w_k = n1k n0k / (n1k + n0k) (Mantel-Haenszel / CMH weights; for one table Z = (d - delta)/sqrt(V)),
 * and the limits are the deltas where Z = +-z_{1-alpha/2} (Miettinen & Nurminen 1985, stratified score
 * with these weights). Single table: SAS PROC FREQ RISKDIFF(CL=MN); strata: SAS COMMONRISKDIFF(CL=MN)
 * with MH weights. `varianceCorrection: false` drops N/(N - 1) (Mee, Biometrics 1984;40:1175).
 * Z is +Inf at delta = -1 and -Inf at delta = +1 (zero restricted variance), so [-1, d] and [d, 1] always
 * bracket the limits; each is found by bisection to 2e-16 + 1e-15 |delta|. d = +-1 gives the limit +-1.
 * Strata missing an arm have weight 0 and are counted in `strataDropped`; if all are, everything is NaN.
 *
 * @example riskDifference({ x1: 56, n1: 70, x0: 48, n0: 80 })
 * // { estimate: 0.2, ciLower: 0.05282971, ciUpper: 0.3381729, ... } (Newcombe 1998: 0.0528 to 0.3382)
 */
export function riskDifference(
  tables: Table2x2 | readonly Table2x2[],
  options: { level?: number; varianceCorrection?: boolean } = {},
): RiskDifferenceResult {
  const level = options.level ?? 0.95;
  const varianceCorrection = options.varianceCorrection ?? true;
  const strata: readonly Table2x2[] = Array.isArray(tables) ? tables : [tables as Table2x2];
  if (strata.length === 0) throw new RangeError('riskDifference needs at least one table');
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  strata.forEach((s, k) => {
    for (const [x, n, arm] of [[s.x1, s.n1, 1], [s.x0, s.n0, 0]] as const) {
      if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
        throw new RangeError(`riskDifference needs integers 0 <= x${arm} <= n${arm}, table ${k} has x${arm}=${x}, n${arm}=${n}`);
      }
    }
  });
  const used = strata.filter((s) => s.n1 > 0 && s.n0 > 0);
  const base = { level, varianceCorrection, strataUsed: used.length, strataDropped: strata.length - used.length };
  if (used.length === 0) return { estimate: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN, ...base };

  const K = used.length;
  const w = used.map((s) => (s.n1 * s.n0) / (s.n1 + s.n0));
  const d = used.map((s) => s.x1 / s.n1 - s.x0 / s.n0);
  let sumW = 0;
  let sumWD = 0;
  for (let k = 0; k < K; k++) {
    sumW += w[k];
    sumWD += w[k] * d[k];
  }
  const estimate = sumWD / sumW;

  const score = (delta: number): number => {
    let num = 0;
    let v = 0;
    for (let k = 0; k < K; k++) {
      const s = used[k];
      const [p1, p0] = restrictedMle(s.x1, s.n1, s.x0, s.n0, delta);
      const N = s.n1 + s.n0;
      const vk = (p1 * (1 - p1)) / s.n1 + (p0 * (1 - p0)) / s.n0;
      num += w[k] * (d[k] - delta);
      v += w[k] * w[k] * (varianceCorrection ? (vk * N) / (N - 1) : vk);
    }
    if (num === 0) return 0;
    if (v === 0) return num > 0 ? Infinity : -Infinity;
    return num / Math.sqrt(v);
  };
  const z = normalQuantile(1 - (1 - level) / 2);
  // Z decreases from +Inf at -1 to 0 at the estimate and on to -Inf at +1.
  const ciLower = estimate <= -1 ? -1 : bisect((t) => score(t) - z, -1, estimate);
  const ciUpper = estimate >= 1 ? 1 : bisect((t) => score(t) + z, estimate, 1);
  return { estimate, ciLower, ciUpper, ...base };
}

/**
 * Restricted MLE (p1~, p0~) under p1 - p0 = delta: the root in the admissible range of the likelihood
 * cubic L3 p0^3 + L2 p0^2 + L1 p0 + L0 = 0, by the trigonometric formula (Farrington & Manning 1990),
 * polished by Newton steps.
 */
function restrictedMle(x1: number, n1: number, x0: number, n0: number, delta: number): [number, number] {
  const N = n1 + n0;
  const M = x1 + x0;
  const L3 = N;
  const L2 = (n1 + 2 * n0) * delta - N - M;
  const L1 = (n0 * delta - N - 2 * x0) * delta + M;
  const L0 = x0 * delta * (1 - delta);
  const q = L2 ** 3 / (3 * L3) ** 3 - (L1 * L2) / (6 * L3 * L3) + L0 / (2 * L3);
  const p = Math.sign(q) * Math.sqrt(Math.max(0, (L2 * L2) / (9 * L3 * L3) - L1 / (3 * L3)));
  const ratio = p === 0 ? 0 : Math.max(-1, Math.min(1, q / p ** 3));
  const a = (Math.PI + Math.acos(ratio)) / 3;
  const low = Math.max(0, -delta);
  const high = Math.min(1, 1 - delta);
  let p0 = Math.max(low, Math.min(high, 2 * p * Math.cos(a) - L2 / (3 * L3)));
  // The trigonometric form loses digits when two roots nearly coincide (acos near +-1, e.g. rare events);
  // Newton steps on the cubic restore full precision, kept only while they stay admissible and reduce |f|.
  const cubic = (t: number) => ((L3 * t + L2) * t + L1) * t + L0;
  let f = cubic(p0);
  for (let iter = 0; iter < 4 && f !== 0; iter++) {
    const slope = (3 * L3 * p0 + 2 * L2) * p0 + L1;
    const next = p0 - f / slope;
    if (!(next >= low && next <= high)) break;
    const fNext = cubic(next);
    if (!(Math.abs(fNext) < Math.abs(f))) break;
    p0 = next;
    f = fNext;
  }
  return [Math.max(0, Math.min(1, p0 + delta)), p0];
}

/** Root of f with f(a) > 0 > f(b) (the signs at the ends are known, f is not evaluated there). */
function bisect(f: (x: number) => number, a: number, b: number): number {
  for (let iter = 0; iter < 200; iter++) {
    const mid = (a + b) / 2;
    if (b - a <= 2e-16 + 1e-15 * Math.abs(mid) || mid <= a || mid >= b) break;
    const v = f(mid);
    if (v > 0) a = mid;
    else if (v < 0) b = mid;
    else return mid;
  }
  return (a + b) / 2;
}
