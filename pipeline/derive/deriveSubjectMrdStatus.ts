import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';
import type { SampleStatus } from './deriveSampleStatus.js';
import { STATUS } from './status.js';

export interface SubjectMrdStatus {
  threshold: number;
  /** 1 = at least one NEG sample (MRD-negative) */
  negative: Uint8Array;
  /** 1 = at least one evaluable (NEG or POS) sample: the MRD-evaluable population */
  evaluable: Uint8Array;
  /** date of the first NEG sample; NaN if none */
  firstNegativeDay: Float64Array;
  /** counts of the subject's eligible samples by status */
  nNeg: Int32Array;
  nPos: Int32Array;
  nNe: Int32Array;
}

/**
 * Subject-level MRD status at one threshold from sample statuses (SPEC.md section 3): MRD-negative when
 * at least one sample is NEG. A subject with no sample, or only failed or insufficiently sensitive ones,
 * is not negative (the ITT rule).
 */
export function deriveSubjectMrdStatus(mrd: Table, samples: SampleStatus, subjects: Subjects): SubjectMrdStatus {
  const n = subjects.n;
  const out: SubjectMrdStatus = {
    threshold: samples.threshold,
    negative: new Uint8Array(n),
    evaluable: new Uint8Array(n),
    firstNegativeDay: new Float64Array(n).fill(Number.NaN),
    nNeg: new Int32Array(n),
    nPos: new Int32Array(n),
    nNe: new Int32Array(n),
  };
  const subj = subjectOf(mrd, subjects);
  const day = mrd.num.COLLDT;
  for (let i = 0; i < mrd.n; i++) {
    const s = subj[i];
    const st = samples.status[i];
    if (st === STATUS.NEG) {
      out.negative[s] = 1;
      out.evaluable[s] = 1;
      out.nNeg[s]++;
      if (Number.isNaN(out.firstNegativeDay[s]) || day[i] < out.firstNegativeDay[s]) out.firstNegativeDay[s] = day[i];
    } else if (st === STATUS.POS) {
      out.evaluable[s] = 1;
      out.nPos[s]++;
    } else if (st === STATUS.NE) {
      out.nNe[s]++;
    }
  }
  return out;
}
