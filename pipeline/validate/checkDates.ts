import type { Plan } from '../../model/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { formatDay } from '../ingest/dates.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { issue, type Issue } from './issues.js';

const MINUTES_PER_DAY = 1440;

/** A date-time in minutes as `YYYY-MM-DD HH:MM`. */
export function formatMinutes(m: number): string {
  const day = Math.floor(m / MINUTES_PER_DAY);
  const rest = Math.round(m - day * MINUTES_PER_DAY);
  return `${formatDay(day)} ${String(Math.floor(rest / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
}

/**
 * Impossible or out-of-order dates in the usable rows (after checkReferences): randomisation after the
 * cut-off; MRD samples and response assessments before randomisation or after the cut-off; receipt
 * before the collection date; processing before receipt; therapy ending before it starts.
 * (tte ADT before STARTDT or after the cut-off, and RANDDT after the cut-off, reject the row: checkReferences
 * reports them as `tte.before-start`, `tte.after-cutoff` and `subject.randomised-after-cutoff`.)
 *
 * An MRD sample before randomisation is a warning unless it is POSITIVE: an untreated myeloma marrow is
 * expected to be positive (the baseline sample NGS needs to identify the clone), so a positive one is
 * only recorded (info), while a negative, failed or not-done one points at a wrong date.
 */
export function checkDates(tables: StudyTables, subjects: Subjects, plan: Plan): Issue[] {
  const out: Issue[] = [];
  const cutoff = plan.cutoffDay;

  const m = tables.mrd;
  const ms = subjectOf(m, subjects);
  const result = m.text.RESULT.codes;
  const positive = m.text.RESULT.codeOf('POSITIVE');
  let i = 0;
  // one function for every row, not a closure per row (10^7 rows at 10^6 subjects)
  const at = (rule: string, message: string) => out.push(issue(m.file, m.line[i], m.text.USUBJID.at(i), m.text.SAMPLEID.at(i), rule, message));
  for (; i < m.n; i++) {
    const day = m.num.COLLDT[i];
    const rand = subjects.randDay[ms[i]];
    if (day < rand) {
      const gap = `COLLDT ${formatDay(day)} is ${rand - day} day(s) before randomisation (${formatDay(rand)})`;
      if (result[i] === positive) at('mrd.pre-randomisation-positive', `${gap}: a baseline sample; it does not count as an on-study assessment`);
      else at('mrd.before-randomisation', `${gap} and the result is ${m.text.RESULT.at(i)}: check the collection date`);
    }
    if (day > cutoff) at('mrd.after-cutoff', `COLLDT ${formatDay(day)} is after the data cut-off ${plan.cutoff}: not used in this data cut`);
    const recv = m.num.RECVDTM[i];
    const proc = m.num.PROCDTM[i];
    if (recv < day * MINUTES_PER_DAY)
      at('mrd.received-before-collection', `RECVDTM ${formatMinutes(recv)} is before the collection date ${formatDay(day)}`);
    if (proc < recv) at('mrd.processed-before-received', `PROCDTM ${formatMinutes(proc)} is before RECVDTM ${formatMinutes(recv)}`);
  }

  const r = tables.response;
  const rs = subjectOf(r, subjects);
  for (let i = 0; i < r.n; i++) {
    const day = r.num.ADT[i];
    const rand = subjects.randDay[rs[i]];
    if (day < rand)
      out.push(issue(r.file, r.line[i], r.text.USUBJID.at(i), null, 'response.before-randomisation', `${r.text.AVALC.at(i)} assessed on ${formatDay(day)}, ${rand - day} day(s) before randomisation (${formatDay(rand)}): check the date`));
    if (day > cutoff)
      out.push(issue(r.file, r.line[i], r.text.USUBJID.at(i), null, 'response.after-cutoff', `ADT ${formatDay(day)} is after the data cut-off ${plan.cutoff}: not used in this data cut`));
  }

  const t = tables.therapy;
  for (let i = 0; i < t.n; i++) {
    if (t.num.ENDT[i] < t.num.STDT[i])
      out.push(issue(t.file, t.line[i], t.text.USUBJID.at(i), null, 'therapy.end-before-start', `${t.text.DRUG.at(i)}: ENDT ${formatDay(t.num.ENDT[i])} is before STDT ${formatDay(t.num.STDT[i])}`));
  }
  return out;
}
