import { DAYS_PER_MONTH } from '../ingest/dates.js';
import { assessmentDay, type Assessments } from './deriveMrdAssessments.js';
import { STATUS } from '../../model/status.js';

export interface NegativityDuration {
  threshold: number;
  /** subjects who became MRD negative (the only ones analysed) */
  subject: Int32Array;
  /** months from the first NEG assessment to the event or censoring */
  months: Float64Array;
  /** 1 = event, 0 = censored */
  event: Uint8Array;
  /** date of the first NEG assessment (the origin) */
  startDay: Float64Array;
  /** date of the event or of censoring */
  endDay: Float64Array;
}

/**
 * Duration of MRD negativity (CDE guideline; SPEC.md section 3), only in subjects who became negative:
 * from the first NEG assessment to the first later POS assessment (event), else censored at the last
 * evaluable (NEG or POS) assessment. With `reappearance-progression-death`, progression or death
 * (`progressionDay`) before the reappearance is an event too.
 */
export function deriveNegativityDuration(a: Assessments, nSubjects: number, progressionDay: Float64Array | null): NegativityDuration {
  // at most one entry per subject: allocated once, the used part returned (a view, not a copy)
  const subj = new Int32Array(nSubjects);
  const months = new Float64Array(nSubjects);
  const event = new Uint8Array(nSubjects);
  const startDay = new Float64Array(nSubjects);
  const endDay = new Float64Array(nSubjects);
  let m = 0;
  for (let s = 0; s < nSubjects; s++) {
    let first = Number.NaN;
    let lastEvaluable = Number.NaN;
    let reappear = Number.NaN;
    for (let k = a.start[s]; k < a.start[s + 1]; k++) {
      const st = a.status[k];
      if (Number.isNaN(first)) {
        if (st === STATUS.NEG) first = lastEvaluable = assessmentDay(a, k);
        continue;
      }
      if (st === STATUS.POS) {
        reappear = assessmentDay(a, k);
        break;
      }
      if (st === STATUS.NEG) lastEvaluable = assessmentDay(a, k);
    }
    if (Number.isNaN(first)) continue;
    let end = lastEvaluable;
    let ev = 0;
    if (!Number.isNaN(reappear)) {
      end = reappear;
      ev = 1;
    }
    const pd = progressionDay?.[s] ?? Number.NaN;
    if (pd >= first && (ev === 0 || pd < end)) {
      end = pd;
      ev = 1;
    }
    subj[m] = s;
    months[m] = (end - first) / DAYS_PER_MONTH;
    event[m] = ev;
    startDay[m] = first;
    endDay[m] = end;
    m++;
  }
  return { threshold: a.threshold, subject: subj.subarray(0, m), months: months.subarray(0, m), event: event.subarray(0, m), startDay: startDay.subarray(0, m), endDay: endDay.subarray(0, m) };
}
