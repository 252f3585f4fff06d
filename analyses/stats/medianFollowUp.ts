import { kaplanMeier, kaplanMeierCounts, type KaplanMeierCurve, type KaplanMeierOptions, type KmConfType, type TimeCounts } from './kaplanMeier.js';
import { survivalQuantiles } from './survivalQuantiles.js';

export interface MedianFollowUp {
  /** Median follow-up time; null if fewer than half of the subjects are censored ("not reached"). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  confType: KmConfType;
  level: number;
}

/**
 * Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith, Control Clin Trials
 * 1996;17:343-346): the Kaplan-Meier median of the time to censoring, in which censoring is the
 * "event" and an event censors follow-up, with its Brookmeyer-Crowley confidence interval.
 * Equal to R `quantile(survfit(Surv(time, 1 - event) ~ 1, conf.type = "log-log"), 0.5)` (SAS: PROC
 * LIFETEST on the reversed censoring indicator); see kaplanMeier and survivalQuantiles for the
 * edge rules (ties, a flat curve at 0.5, limits not reached).
 *
 * @example
 * // survival::lung (time, status - 1)
 * medianFollowUp(lung.time, lung.dead) // { estimate: 588, lower: 511, upper: 821, confType: 'log-log', level: 0.95 }
 */
export function medianFollowUp(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions = {},
): MedianFollowUp {
  const n = event.length;
  const reversed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const e = event[i];
    if (e !== 0 && e !== 1) throw new RangeError(`event[${i}] must be 0 or 1, got ${String(e)}`);
    reversed[i] = 1 - e;
  }
  return medianOf(kaplanMeier(time, reversed, options));
}

/** medianFollowUp of observations counted by distinct time (see kaplanMeierCounts). */
export function medianFollowUpCounts(counts: TimeCounts, options: KaplanMeierOptions = {}): MedianFollowUp {
  return medianOf(kaplanMeierCounts({ time: counts.time, nEvent: counts.nCensor, nCensor: counts.nEvent }, options));
}

function medianOf(km: KaplanMeierCurve): MedianFollowUp {
  const [q] = survivalQuantiles(km, [0.5]);
  return { estimate: q.estimate, lower: q.lower, upper: q.upper, confType: km.confType, level: km.level };
}
