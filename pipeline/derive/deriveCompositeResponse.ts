import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';

/**
 * The composite of the CDE guideline (section 3.4 (4)): imaging-confirmed clearance of extramedullary
 * disease, MRD negativity in marrow, and a normal free-light-chain ratio. Per subject: a negative
 * imaging assessment (RESULT = NEGATIVE, not showing EMD) and an assessment with FLCNORM = Y, both on
 * or after randomisation, on or before the cut-off and before progression and new therapy; combined
 * with the MRD-negative flag at a threshold by the caller. Every subject needs the imaging, with or
 * without extramedullary disease at baseline: the guideline asks imaging to confirm clearance.
 */
export function deriveImagingAndFlcNormal(imaging: Table, response: Table, subjects: Subjects, plan: Plan): Uint8Array {
  const inWindow = (s: number, day: number) =>
    day >= subjects.randDay[s] && day <= plan.cutoffDay && !(day >= subjects.progressionDay[s]) && !(day >= subjects.newTherapyDay[s]);
  const imagingOk = new Uint8Array(subjects.n);
  const img = subjectOf(imaging, subjects);
  const result = imaging.text.RESULT.codes;
  const negative = imaging.text.RESULT.codeOf('NEGATIVE');
  const emd = imaging.text.EMD.codes;
  const emdYes = imaging.text.EMD.codeOf('Y');
  for (let i = 0; i < imaging.n; i++) {
    if (result[i] === negative && emd[i] !== emdYes && inWindow(img[i], imaging.num.ADT[i])) imagingOk[img[i]] = 1;
  }
  const flcOk = new Uint8Array(subjects.n);
  const rs = subjectOf(response, subjects);
  const flc = response.text.FLCNORM.codes;
  const flcYes = response.text.FLCNORM.codeOf('Y');
  for (let i = 0; i < response.n; i++) {
    if (flc[i] === flcYes && inWindow(rs[i], response.num.ADT[i])) flcOk[rs[i]] = 1;
  }
  return imagingOk.map((v, s) => v & flcOk[s]);
}
