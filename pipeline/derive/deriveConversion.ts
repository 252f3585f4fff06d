import { assessmentDay, type Assessments } from './deriveMrdAssessments.js';
import { STATUS } from '../../model/status.js';
import type { Conversion } from '../../model/derived.js';

export type { Conversion };


/** Conversion from MRD positive to MRD negative: a NEG assessment later than a POS one. */
export function deriveConversion(a: Assessments, nSubjects: number): Conversion {
  const everPositive = new Uint8Array(nSubjects);
  const converted = new Uint8Array(nSubjects);
  for (let s = 0; s < nSubjects; s++) {
    let posDay = Number.NaN;
    for (let k = a.start[s]; k < a.start[s + 1]; k++) {
      if (a.status[k] === STATUS.POS) {
        everPositive[s] = 1;
        if (Number.isNaN(posDay)) posDay = assessmentDay(a, k);
      } else if (a.status[k] === STATUS.NEG && assessmentDay(a, k) > posDay) {
        converted[s] = 1;
        break;
      }
    }
  }
  return { threshold: a.threshold, everPositive, converted };
}
