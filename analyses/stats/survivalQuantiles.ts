import type { KaplanMeierCurve } from './kaplanMeier.js';
import { SURVIVAL_TOLERANCE } from './survivalOrder.js';

export interface SurvivalQuantile {
  /** p: the time by which a fraction p has had the event, i.e. where S(t) falls to 1 - p. */
  prob: number;
  /** null when the curve never reaches 1 - p ("not reached"). */
  estimate: number | null;
  /** Lower limit: where the lower pointwise band first falls to 1 - p; null if it never does. */
  lower: number | null;
  /** Upper limit: where the upper pointwise band first falls to 1 - p; null if it never does ("NR"). */
  upper: number | null;
}

/**
 * Quantiles of a Kaplan-Meier curve (median survival for p = 0.5) with Brookmeyer-Crowley
 * confidence limits, equal to R `quantile(survfit(...), probs)` (survival 3.5); the method of SAS
 * PROC LIFETEST's quartile table.
 *
 * The estimate is the smallest time at which S(t) <= 1 - p; the confidence interval is the set of
 * times at which the pointwise interval of the curve's confType contains 1 - p, i.e. the same rule
 * applied to the lower pointwise limit (gives `lower`) and to the upper one (gives `upper`)
 * (Brookmeyer & Crowley, Biometrics 1982;38:29-41; with transformed intervals as in Klein &
 * Moeschberger, Survival Analysis, 2nd ed. 2003, section 4.5).
 *
 * Edge rules of R's implementation, reproduced here (tol = sqrt(machine epsilon)):
 * - Working on F = 1 - S with a point (0, 0) prepended, and only the first time at which each
 *   value of F occurs (censoring rows add nothing), the estimate is the mean of the first time
 *   where F >= p - tol and the first time where F >= p + tol. A curve flat exactly at 1 - p
 *   (within tol) therefore gives the midpoint of the flat segment (first time it reaches 1 - p,
 *   time of the next drop); when it stays flat to the end, the midpoint of the first time and the
 *   last time on the curve (event or censoring).
 * - Null ("not reached") when F never reaches p (within tol).
 * - A pointwise limit that is undefined (null in the curve: log-log at S = 1, every type at
 *   S = 0) is skipped; such a value still counts for the "last value" rule above as R's
 *   `duplicated()` does, so the end-of-curve midpoint applies only when the last new value of
 *   the band is defined.
 * - A band may be non-monotone; like R, the first time of the smallest band value >= p - tol is
 *   used (not the first crossing).
 * - p = 0 gives 0 (the start), except on a curve that never drops (null, by the end-of-curve rule).
 * - Each of the three curves is first checked against the smallest requested p: if its F never
 *   reaches min(probs), all its results are null. So a p within tol above the curve's final F is
 *   null or not depending on the other probabilities requested, exactly as in R.
 *
 * @example
 * // survival::lung (time, status - 1), log-log limits (R: 170 [144, 194], 310 [284, 361], 550 [457, 643])
 * survivalQuantiles(kaplanMeier(lung.time, lung.dead))
 * // [{ prob: 0.25, estimate: 170, lower: 144, upper: 194 },
 * //  { prob: 0.5,  estimate: 310, lower: 284, upper: 361 },
 * //  { prob: 0.75, estimate: 550, lower: 457, upper: 643 }]
 */
export function survivalQuantiles(km: KaplanMeierCurve, probs: readonly number[] = [0.25, 0.5, 0.75]): SurvivalQuantile[] {
  for (const p of probs) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probabilities must be in [0, 1], got ${p}`);
  }
  if (probs.length === 0) return [];
  const m = km.time.length;
  const failure = (band: ArrayLike<number | null>) => {
    const f = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const v = band[k];
      f[k] = v === null ? Number.NaN : 1 - v;
    }
    return f;
  };
  const est = crossingTimes(km.time, failure(km.surv), probs);
  // The lower survival band falls first: it gives the lower limit of the quantile.
  const lo = crossingTimes(km.time, failure(km.lower), probs);
  const hi = crossingTimes(km.time, failure(km.upper), probs);
  return probs.map((prob, j) => ({ prob, estimate: est[j], lower: lo[j], upper: hi[j] }));
}

/**
 * For a cumulative-failure sequence F (NaN = undefined) over `time`, starting from (0, 0): the
 * time at which F reaches each p, under the rules listed in survivalQuantiles.
 */
function crossingTimes(time: Float64Array, f: Float64Array, probs: readonly number[]): (number | null)[] {
  const tol = SURVIVAL_TOLERANCE;
  const m = time.length;
  // Keep the first occurrence of each value (NaN counts as one value), undefined ones dropped.
  const px: number[] = [0];
  const py: number[] = [0];
  let lastIsUndefined = false;
  let seenUndefined = false;
  let top = 0; // running maximum of kept values: a value above it cannot be a repeat
  let seen: Set<number> | null = null; // built only if F ever decreases
  for (let k = 0; k < m; k++) {
    const y = f[k];
    if (Number.isNaN(y)) {
      if (!seenUndefined) {
        seenUndefined = true;
        lastIsUndefined = true;
      }
      continue;
    }
    if (y > top) {
      top = y;
    } else if (y === top) {
      continue;
    } else {
      if (seen === null) seen = new Set(py);
      if (seen.has(y)) continue;
    }
    seen?.add(y);
    px.push(time[k]);
    py.push(y);
    lastIsUndefined = false;
  }
  const xmax = m > 0 ? time[m - 1] : 0;
  const lastY = py[py.length - 1];

  let minP = Infinity;
  for (const p of probs) minP = Math.min(minP, p);
  if (top < minP) return probs.map(() => null);

  let minUp = Infinity;
  let maxUp = -Infinity;
  let minDown = Infinity;
  let maxDown = -Infinity;
  for (const y of py) {
    minUp = Math.min(minUp, y + tol);
    maxUp = Math.max(maxUp, y + tol);
    minDown = Math.min(minDown, y - tol);
    maxDown = Math.max(maxDown, y - tol);
  }
  // Index of the smallest shifted value >= p (R: approx(..., method = "constant", f = 1), rule 1).
  const firstAtLeast = (p: number, shift: number, lo: number, hi: number): number => {
    if (p < lo || p > hi) return -1;
    let best = -1;
    let bestValue = Infinity;
    for (let k = 0; k < py.length; k++) {
      const v = py[k] + shift;
      if (v >= p && v < bestValue) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  };

  return probs.map((p) => {
    const i1 = firstAtLeast(p, tol, minUp, maxUp);
    const i2 = firstAtLeast(p, -tol, minDown, maxDown);
    let q: number | null = i1 >= 0 && i2 >= 0 ? (px[i1] + px[i2]) / 2 : null;
    if (p === 0) q = px[0];
    if (!lastIsUndefined && Math.abs(p - lastY) < tol) q = i1 >= 0 ? (px[i1] + xmax) / 2 : null;
    return q;
  });
}
