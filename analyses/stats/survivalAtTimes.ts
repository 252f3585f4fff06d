import type { KaplanMeierCurve } from './kaplanMeier.js';

export interface SurvivalAtTime {
  time: number;
  /** Number still at risk at `time` (observations with time >= `time`); 0 past the last time. */
  nRisk: number;
  /** S(time), the curve's value at the last curve time <= `time`. */
  surv: number;
  /** Greenwood standard error of S itself (R summary's std.err = S * SE(log S)); null when S = 0. */
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * Survival probability, its standard error and pointwise confidence limits (the curve's confType
 * and level) and the number at risk at chosen times: R `summary(survfit(...), times =, extend = TRUE)`
 * (survival 3.5), the landmark rates of SAS PROC LIFETEST `TIMELIST=` (e.g. 12- and 24-month
 * PFS) and the numbers at risk under a Kaplan-Meier plot.
 *
 * Rules, as R's summary with extend = TRUE:
 * - Before the first curve time (when that is > 0) the curve is at its start: surv 1, stdErr 0 and
 *   limits [1, 1], for every confType (R prepends a time-0 row with limits 1, even though the
 *   curve's own log-log limits at S = 1 are NA). From the first curve time on, the values are the
 *   curve's own, so a log-log limit is null between a first censoring and the first event.
 * - At or after a curve time the row of the last curve time <= t is used (the curve is
 *   right-continuous: an event at exactly t counts). Past the last observation the last row is
 *   carried forward (extend = TRUE) and nRisk is 0; where S = 0, stdErr and the limits are null
 *   (R: NaN/NA).
 * - Results are in the order of `times` (R sorts them); times must be finite and >= 0.
 *
 * @example
 * // survival::lung (time, status - 1), log-log limits, 180 and 365 days
 * survivalAtTimes(kaplanMeier(lung.time, lung.dead), [180, 365])
 * // [{ time: 180, nRisk: 160, surv: 0.7216707, stdErr: 0.02981242, lower: 0.6583045, upper: 0.7753147 },
 * //  { time: 365, nRisk: 65,  surv: 0.4092416, stdErr: 0.03582364, lower: 0.3387143, upper: 0.4783808 }]
 */
export function survivalAtTimes(km: KaplanMeierCurve, times: readonly number[]): SurvivalAtTime[] {
  const t = km.time;
  const m = t.length;
  return times.map((time) => {
    if (!(Number.isFinite(time) && time >= 0)) {
      throw new RangeError(`times must be finite and >= 0, got ${String(time)}`);
    }
    const atOrBefore = countAtMost(t, time); // rows with t <= time
    const before = countBelow(t, time); // rows with t < time
    const nRisk = before < m ? km.nRisk[before] : 0;
    if (atOrBefore === 0) return { time, nRisk, surv: 1, stdErr: 0, lower: 1, upper: 1 };
    const k = atOrBefore - 1;
    const surv = km.surv[k];
    const se = surv * km.stdErr[k];
    return { time, nRisk, surv, stdErr: Number.isNaN(se) ? null : se, lower: km.lower[k], upper: km.upper[k] };
  });
}

/** Number of sorted values <= x. */
function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted values < x. */
function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
