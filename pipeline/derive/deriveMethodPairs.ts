import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import { deriveAssessmentFrame } from './deriveMrdAssessments.js';
import type { Subjects } from './deriveSubjects.js';
import { EXCLUSION_CODE } from './status.js';

export interface MethodPairs {
  /** mrd.csv rows of the NGS sample of each pair */
  ngs: Int32Array;
  /** mrd.csv rows of the NGF sample of each pair */
  ngf: Int32Array;
  /** the exclusion reason codes with the method rule lifted (both methods count for concordance) */
  exclusion: Uint8Array;
}

/**
 * NGF and NGS samples of one subject collected within 7 days (SPEC.md section 3, method concordance),
 * paired closest first as for the `both-negative` rule. Every other eligibility rule applies, but not the
 * combine rule's method restriction: concordance compares the methods whichever one the primary analysis
 * uses.
 */
export function deriveMethodPairs(mrd: Table, exclusion: Uint8Array, subjects: Subjects, plan: Plan): MethodPairs {
  const anyMethod = exclusion.map((r) => (r === EXCLUSION_CODE.METHOD ? 0 : r));
  const frame = deriveAssessmentFrame(mrd, anyMethod, subjects, { ...plan, mrd: { ...plan.mrd, combine: 'both-negative', primaryMethod: 'NGS' } });
  const ngs: number[] = [];
  const ngf: number[] = [];
  for (let k = 0; k < frame.n; k++) {
    if (frame.primary[k] >= 0 && frame.secondary[k] >= 0) {
      ngs.push(frame.primary[k]);
      ngf.push(frame.secondary[k]);
    }
  }
  return { ngs: Int32Array.from(ngs), ngf: Int32Array.from(ngf), exclusion: anyMethod };
}
