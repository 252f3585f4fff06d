import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { RESPONSE_RANK, type ResponseCategory } from '../../model/schema.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';


/**
 * Best overall response per subject (null when the subject has no assessment in the window): the
 * highest IMWG category among assessments on or after randomisation, on or before the cut-off and the
 * first progression, and before the first subsequent therapy.
 */
export function deriveBestResponse(response: Table, subjects: Subjects, plan: Plan): (ResponseCategory | null)[] {
  // best AVALC code per subject (-1: none yet); ranks looked up once per dictionary entry
  const bestCode = new Int32Array(subjects.n).fill(-1);
  const subj = subjectOf(response, subjects);
  const avalc = response.text.AVALC;
  const codes = avalc.codes;
  const rank = avalc.dict.map((v) => RESPONSE_RANK[v as ResponseCategory]);
  for (let i = 0; i < response.n; i++) {
    const s = subj[i];
    const day = response.num.ADT[i];
    if (day < subjects.randDay[s] || day > plan.cutoffDay) continue;
    if (day > subjects.progressionDay[s] || day >= subjects.newTherapyDay[s]) continue;
    const c = codes[i];
    const cur = bestCode[s];
    if (cur === -1 || rank[c] > rank[cur]) bestCode[s] = c;
  }
  return Array.from(bestCode, (c) => (c === -1 ? null : (avalc.dict[c] as ResponseCategory)));
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
  const codes = response.text.AVALC.codes;
  const cr = response.text.AVALC.codeMask((c) => c === 'CR' || c === 'SCR');
  for (let i = 0; i < response.n; i++) {
    const s = subj[i];
    if (!isCrOrBetter(best[s])) continue;
    const day = response.num.ADT[i];
    if (day < subjects.randDay[s] || day > plan.cutoffDay || day > subjects.progressionDay[s] || day >= subjects.newTherapyDay[s]) continue;
    if (cr[codes[i]] && !(day >= out[s])) out[s] = day;
  }
  return out;
}
