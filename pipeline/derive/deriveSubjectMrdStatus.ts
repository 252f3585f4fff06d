import { assessmentDay, type Assessments } from './deriveMrdAssessments.js';
import { STATUS } from '../../model/status.js';

export interface SubjectMrdStatus {
  threshold: number;
  /** 1 = at least one NEG assessment (MRD-negative) */
  negative: Uint8Array;
  /** 1 = at least one evaluable (NEG or POS) assessment: the MRD-evaluable population */
  evaluable: Uint8Array;
  /** date of the first NEG assessment; NaN if none */
  firstNegativeDay: Float64Array;
  /** mrd.csv row of that assessment's sample (the primary-method one when paired); -1 if none */
  firstNegativeRow: Int32Array;
  /** counts of the subject's assessments by status */
  nNeg: Int32Array;
  nPos: Int32Array;
  nNe: Int32Array;
}

/**
 * Subject-level MRD status at one threshold (SPEC.md section 3): MRD-negative when at least one
 * assessment is NEG. A subject with no assessment, or only failed or insufficiently sensitive ones, is
 * not negative (the ITT rule).
 */
export function deriveSubjectMrdStatus(a: Assessments, nSubjects: number): SubjectMrdStatus {
  const out: SubjectMrdStatus = {
    threshold: a.threshold,
    negative: new Uint8Array(nSubjects),
    evaluable: new Uint8Array(nSubjects),
    firstNegativeDay: new Float64Array(nSubjects).fill(Number.NaN),
    firstNegativeRow: new Int32Array(nSubjects).fill(-1),
    nNeg: new Int32Array(nSubjects),
    nPos: new Int32Array(nSubjects),
    nNe: new Int32Array(nSubjects),
  };
  const { status, start } = a;
  // subject by subject (the rows of subject s are start[s]..start[s+1]), counting in locals
  for (let s = 0; s < nSubjects; s++) {
    let neg = 0;
    let pos = 0;
    let ne = 0;
    for (let k = start[s]; k < start[s + 1]; k++) {
      const st = status[k];
      if (st === STATUS.NEG) {
        if (neg === 0) {
          // rows are in date order
          out.firstNegativeDay[s] = assessmentDay(a, k);
          out.firstNegativeRow[s] = a.sample[k];
        }
        neg++;
      } else if (st === STATUS.POS) pos++;
      else ne++;
    }
    out.negative[s] = neg > 0 ? 1 : 0;
    out.evaluable[s] = neg + pos > 0 ? 1 : 0;
    out.nNeg[s] = neg;
    out.nPos[s] = pos;
    out.nNe[s] = ne;
  }
  return out;
}
