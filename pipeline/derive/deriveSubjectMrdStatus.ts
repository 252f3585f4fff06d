import type { Assessments } from './deriveMrdAssessments.js';
import { STATUS } from './status.js';

export interface SubjectMrdStatus {
  threshold: number;
  /** 1 = at least one NEG assessment (MRD-negative) */
  negative: Uint8Array;
  /** 1 = at least one evaluable (NEG or POS) assessment: the MRD-evaluable population */
  evaluable: Uint8Array;
  /** date of the first NEG assessment; NaN if none */
  firstNegativeDay: Float64Array;
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
    nNeg: new Int32Array(nSubjects),
    nPos: new Int32Array(nSubjects),
    nNe: new Int32Array(nSubjects),
  };
  for (let k = 0; k < a.n; k++) {
    const s = a.subject[k];
    const st = a.status[k];
    if (st === STATUS.NEG) {
      if (!out.negative[s]) out.firstNegativeDay[s] = a.day[k]; // rows are in date order
      out.negative[s] = 1;
      out.evaluable[s] = 1;
      out.nNeg[s]++;
    } else if (st === STATUS.POS) {
      out.evaluable[s] = 1;
      out.nPos[s]++;
    } else {
      out.nNe[s]++;
    }
  }
  return out;
}
