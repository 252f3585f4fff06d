import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';
import { EXCLUSION_CODE } from '../../model/status.js';
import { sharedUint8 } from '../../model/sharedArrays.js';

/**
 * Whether each MRD sample counts (SPEC.md section 3): bone marrow (mrd.specimen), central lab (when
 * mrd.centralOnly), a method the combine rule uses, collected on or after randomisation, on or before
 * the cut-off, and strictly before progression and before the first subsequent therapy (a sample taken
 * the day therapy changes is taken to reflect the new therapy). Returns the exclusion reason per
 * sample as its code in REASONS (EXCLUSION_CODE), or 0 when the sample counts.
 */
export function deriveSampleEligibility(mrd: Table, subjects: Subjects, plan: Plan): Uint8Array {
  const subj = subjectOf(mrd, subjects);
  // in shared memory, as the columns are (the sample listing is written from it on another thread)
  const out = sharedUint8(mrd.n);
  const usesBoth = plan.mrd.combine !== 'primary-only';
  const spec = mrd.text.SPEC.codes;
  const specimen = mrd.text.SPEC.codeOf(plan.mrd.specimen);
  const central = mrd.text.CENTRAL.codes;
  const local = mrd.text.CENTRAL.codeOf('N');
  const method = mrd.text.METHOD.codes;
  const primary = mrd.text.METHOD.codeOf(plan.mrd.primaryMethod);
  for (let i = 0; i < mrd.n; i++) {
    const s = subj[i];
    const day = mrd.num.COLLDT[i];
    let reason = 0;
    if (spec[i] !== specimen) reason = EXCLUSION_CODE.SPECIMEN;
    else if (plan.mrd.centralOnly && central[i] === local) reason = EXCLUSION_CODE.LOCAL_LAB;
    else if (!usesBoth && method[i] !== primary) reason = EXCLUSION_CODE.METHOD;
    else if (day < subjects.randDay[s]) reason = EXCLUSION_CODE.BEFORE_RANDOMISATION;
    else if (day > plan.cutoffDay) reason = EXCLUSION_CODE.AFTER_CUTOFF;
    else if (day >= subjects.progressionDay[s]) reason = EXCLUSION_CODE.AFTER_PROGRESSION;
    else if (day >= subjects.newTherapyDay[s]) reason = EXCLUSION_CODE.AFTER_NEW_THERAPY;
    out[i] = reason;
  }
  return out;
}
