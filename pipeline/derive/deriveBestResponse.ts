import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import type { ResponseCategory } from '../ingest/schema.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';

/** IMWG categories from worst to best; NE ranks below PD so that any real assessment beats it. */
export const RESPONSE_RANK: Record<ResponseCategory, number> = { NE: 0, PD: 1, SD: 2, MR: 3, PR: 4, VGPR: 5, CR: 6, SCR: 7 };

/**
 * Best overall response per subject (null when the subject has no assessment in the window): the
 * highest IMWG category among assessments on or after randomisation, on or before the cut-off and the
 * first progression, and before the first subsequent therapy.
 */
export function deriveBestResponse(response: Table, subjects: Subjects, plan: Plan): (ResponseCategory | null)[] {
  const best: (ResponseCategory | null)[] = new Array(subjects.n).fill(null);
  const subj = subjectOf(response, subjects);
  for (let i = 0; i < response.n; i++) {
    const s = subj[i];
    const day = response.num.ADT[i];
    if (day < subjects.randDay[s] || day > plan.cutoffDay) continue;
    if (day > subjects.progressionDay[s] || day >= subjects.newTherapyDay[s]) continue;
    const c = response.text.AVALC[i] as ResponseCategory;
    const cur = best[s];
    if (cur === null || RESPONSE_RANK[c] > RESPONSE_RANK[cur]) best[s] = c;
  }
  return best;
}

/** CR or better (sCR, CR). */
export function isCrOrBetter(c: ResponseCategory | null): boolean {
  return c === 'CR' || c === 'SCR';
}

/**
 * Date on which each subject's best response of CR or sCR was first recorded, within the same window
 * as deriveBestResponse; NaN when the best response is below CR.
 */
export function deriveFirstCrDay(response: Table, subjects: Subjects, plan: Plan, best: (ResponseCategory | null)[]): Float64Array {
  const out = new Float64Array(subjects.n).fill(Number.NaN);
  const subj = subjectOf(response, subjects);
  for (let i = 0; i < response.n; i++) {
    const s = subj[i];
    if (!isCrOrBetter(best[s])) continue;
    const day = response.num.ADT[i];
    if (day < subjects.randDay[s] || day > plan.cutoffDay || day > subjects.progressionDay[s] || day >= subjects.newTherapyDay[s]) continue;
    const c = response.text.AVALC[i];
    if ((c === 'CR' || c === 'SCR') && !(day >= out[s])) out[s] = day;
  }
  return out;
}
