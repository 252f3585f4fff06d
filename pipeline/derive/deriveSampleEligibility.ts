import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';
import { EXCLUSION } from './status.js';

/**
 * Whether each MRD sample counts (SPEC.md section 3): bone marrow (mrd.specimen), central lab (when
 * mrd.centralOnly), a method the combine rule uses, collected on or after randomisation, on or before
 * the cut-off, and strictly before progression and before the first subsequent therapy (a sample taken
 * the day therapy changes is taken to reflect the new therapy). Returns the exclusion reason per
 * sample, or null when the sample counts.
 */
export function deriveSampleEligibility(mrd: Table, subjects: Subjects, plan: Plan): (string | null)[] {
  const subj = subjectOf(mrd, subjects);
  const out: (string | null)[] = new Array(mrd.n);
  const usesBoth = plan.mrd.combine !== 'primary-only';
  for (let i = 0; i < mrd.n; i++) {
    const s = subj[i];
    const day = mrd.num.COLLDT[i];
    let reason: string | null = null;
    if (mrd.text.SPEC[i] !== plan.mrd.specimen) reason = EXCLUSION.SPECIMEN;
    else if (plan.mrd.centralOnly && mrd.text.CENTRAL[i] === 'N') reason = EXCLUSION.LOCAL_LAB;
    else if (!usesBoth && mrd.text.METHOD[i] !== plan.mrd.primaryMethod) reason = EXCLUSION.METHOD;
    else if (day < subjects.randDay[s]) reason = EXCLUSION.BEFORE_RANDOMISATION;
    else if (day > plan.cutoffDay) reason = EXCLUSION.AFTER_CUTOFF;
    else if (day >= subjects.progressionDay[s]) reason = EXCLUSION.AFTER_PROGRESSION;
    else if (day >= subjects.newTherapyDay[s]) reason = EXCLUSION.AFTER_NEW_THERAPY;
    out[i] = reason;
  }
  return out;
}
