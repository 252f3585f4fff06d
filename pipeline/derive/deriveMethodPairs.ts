import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { pairedSamples } from './deriveMrdAssessments.js';
import type { Subjects } from './deriveSubjects.js';
import { EXCLUSION_CODE } from '../../model/status.js';

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
  const anyMethod = new Uint8Array(exclusion.length);
  const methodRule = EXCLUSION_CODE.METHOD;
  for (let i = 0; i < exclusion.length; i++) anyMethod[i] = exclusion[i] === methodRule ? 0 : exclusion[i];
  const { primary: ngs, secondary: ngf } = pairedSamples(mrd, anyMethod, subjects, 'NGS');
  return { ngs, ngf, exclusion: anyMethod };
}
