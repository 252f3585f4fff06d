import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';

/**
 * Per subject, the ascending dates of negative imaging assessments (RESULT = NEGATIVE) on or after
 * randomisation and on or before the cut-off: the imaging evidence that sustained MRD negativity and
 * the composite endpoint require.
 */
export function deriveNegativeImagingDays(imaging: Table, subjects: Subjects, plan: Plan): Float64Array[] {
  const lists: number[][] = Array.from({ length: subjects.n }, () => []);
  const subj = subjectOf(imaging, subjects);
  const result = imaging.text.RESULT.codes;
  const negative = imaging.text.RESULT.codeOf('NEGATIVE');
  for (let i = 0; i < imaging.n; i++) {
    const s = subj[i];
    const d = imaging.num.ADT[i];
    if (result[i] === negative && d >= subjects.randDay[s] && d <= plan.cutoffDay) lists[s].push(d);
  }
  return lists.map((l) => Float64Array.from(l).sort());
}
