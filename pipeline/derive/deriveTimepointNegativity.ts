import type { Timepoint } from '../../model/plan.js';
import { DAYS_PER_MONTH } from '../ingest/dates.js';
import { assessmentDay, type Assessments } from './deriveMrdAssessments.js';
import { STATUS } from '../../model/status.js';

/**
 * MRD-negative CR at a landmark (e.g. MRD_NEG_CR_M12, as discussed at FDA ODAC 2024): a NEG assessment
 * collected within `month ± windowMonths` of randomisation (months of 30.4375 days, window ends
 * included), and a best response of CR or better reached on or before the end of the window.
 *
 * @param crDay per subject, the date the best response of CR or sCR was first recorded (NaN: never)
 */
export function deriveTimepointNegativity(a: Assessments, randDay: Float64Array, crDay: Float64Array, tp: Timepoint): Uint8Array {
  const n = randDay.length;
  const out = new Uint8Array(n);
  const lo = (tp.month - tp.windowMonths) * DAYS_PER_MONTH;
  const hi = (tp.month + tp.windowMonths) * DAYS_PER_MONTH;
  for (let s = 0; s < n; s++) {
    if (!(crDay[s] - randDay[s] <= hi)) continue;
    for (let k = a.start[s]; k < a.start[s + 1]; k++) {
      const t = assessmentDay(a, k) - randDay[s];
      if (a.status[k] === STATUS.NEG && t >= lo && t <= hi) {
        out[s] = 1;
        break;
      }
    }
  }
  return out;
}
