import type { Plan } from '../../model/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import type { ResponseCategory } from '../../model/schema.js';
import { DAYS_PER_MONTH, formatDay } from '../ingest/dates.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { isCrOrBetter } from '../derive/deriveBestResponse.js';
import { assessmentDay, type Assessments } from '../derive/deriveMrdAssessments.js';
import type { SubjectMrdStatus } from '../derive/deriveSubjectMrdStatus.js';
import { REASONS, STATUS } from '../../model/status.js';
import { thresholdLabel } from '../../model/threshold.js';
import { issue, type Issue } from './issues.js';
import { compareText } from '../../model/compareText.js';

export interface CompletenessInput {
  tables: StudyTables;
  subjects: Subjects;
  plan: Plan;
  /** exclusion reason code per mrd.csv row (0: the sample counts) */
  exclusion: Uint8Array;
  /** assessments at the primary threshold */
  assessments: Assessments;
  /** subject MRD status at the primary threshold */
  subjectMrd: SubjectMrdStatus;
  bestResponse: (ResponseCategory | null)[];
}

/**
 * Last day each subject is known to be followed: the latest ADT of the subject's tte.csv rows (event or
 * censoring), capped at the cut-off; the cut-off when the subject has no tte row.
 */
function followUpEnd(tables: StudyTables, subjects: Subjects, cutoffDay: number): Float64Array {
  const out = new Float64Array(subjects.n).fill(Number.NaN);
  const t = tables.tte;
  const ts = subjectOf(t, subjects);
  for (let i = 0; i < t.n; i++) if (!(t.num.ADT[i] <= out[ts[i]])) out[ts[i]] = t.num.ADT[i];
  for (let s = 0; s < subjects.n; s++) out[s] = Number.isNaN(out[s]) ? cutoffDay : Math.min(out[s], cutoffDay);
  return out;
}

/**
 * Expected MRD assessments that are missing, one issue per subject (file mrd.csv, no line):
 * - best response CR or sCR with no evaluable (NEG or POS) assessment at the primary threshold;
 * - a first negative more than `mrd.sustained.minGapDays` before the cut-off, before progression and
 *   before subsequent therapy (so a confirmation sample was due and would have counted), with no later
 *   evaluable assessment;
 * - for each `mrd.timepoints` entry: a subject followed (tte.csv) through the window end, without
 *   progression or subsequent therapy before the window start, with no sample that counts (any result)
 *   collected inside the window (months of 30.4375 days after randomisation, ends included).
 */
export function checkCompleteness(c: CompletenessInput): Issue[] {
  const { subjects, plan, assessments: a, subjectMrd, bestResponse } = c;
  const out: Issue[] = [];
  const file = c.tables.mrd.file;
  const T = plan.mrd.primaryThreshold;
  const tLabel = thresholdLabel(T);
  const gap = plan.mrd.sustained.minGapDays;

  for (let s = 0; s < subjects.n; s++) {
    const id = subjects.id[s];
    if (isCrOrBetter(bestResponse[s]) && !subjectMrd.evaluable[s]) {
      const reasons = new Map<string, number>();
      for (let k = a.start[s]; k < a.start[s + 1]; k++) {
        const r = REASONS.text(a.reason[k]) ?? 'NE';
        reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
      const had = reasons.size === 0 ? 'no MRD sample that counts' : `only not-evaluable MRD assessments (${[...reasons.entries()].sort(([x], [y]) => compareText(x, y)).map(([r, n]) => `${n} ${r}`).join(', ')})`;
      out.push(issue(file, null, id, null, 'completeness.cr-without-mrd', `best response ${bestResponse[s] === 'SCR' ? 'sCR' : 'CR'} but ${had} at ${tLabel}: an MRD assessment is expected`));
    }
    const first = subjectMrd.firstNegativeDay[s];
    if (!Number.isNaN(first)) {
      const due = first + gap;
      const prog = subjects.progressionDay[s];
      const ther = subjects.newTherapyDay[s];
      if (due < plan.cutoffDay && !(prog <= due) && !(ther <= due)) {
        let later = false;
        for (let k = a.start[s]; k < a.start[s + 1] && !later; k++)
          later = assessmentDay(a, k) > first && (a.status[k] === STATUS.NEG || a.status[k] === STATUS.POS);
        if (!later)
          out.push(issue(file, null, id, null, 'completeness.unconfirmed-negative', `first MRD negative at ${tLabel} on ${formatDay(first)}, more than ${gap} days before the cut-off, with no later evaluable assessment to confirm it`));
      }
    }
  }

  if (plan.mrd.timepoints.length > 0) {
    const follow = followUpEnd(c.tables, subjects, plan.cutoffDay);
    const m = c.tables.mrd;
    const ms = subjectOf(m, subjects);
    // collection days of the counted samples, grouped by subject (counting sort: typed arrays, not an
    // array per subject)
    const start = new Int32Array(subjects.n + 1);
    for (let i = 0; i < m.n; i++) if (c.exclusion[i] === 0) start[ms[i] + 1]++;
    for (let s = 0; s < subjects.n; s++) start[s + 1] += start[s];
    const next = start.slice(0, subjects.n);
    const days = new Float64Array(start[subjects.n]);
    for (let i = 0; i < m.n; i++) if (c.exclusion[i] === 0) days[next[ms[i]]++] = m.num.COLLDT[i];
    const sampledWithin = (s: number, lo: number, hi: number) => {
      const rand = subjects.randDay[s];
      for (let k = start[s]; k < start[s + 1]; k++) if (days[k] - rand >= lo && days[k] - rand <= hi) return true;
      return false;
    };
    for (const tp of plan.mrd.timepoints) {
      const lo = (tp.month - tp.windowMonths) * DAYS_PER_MONTH;
      const hi = (tp.month + tp.windowMonths) * DAYS_PER_MONTH;
      for (let s = 0; s < subjects.n; s++) {
        const rand = subjects.randDay[s];
        if (!(follow[s] - rand >= hi)) continue;
        if (subjects.progressionDay[s] - rand < lo || subjects.newTherapyDay[s] - rand < lo) continue;
        if (sampledWithin(s, lo, hi)) continue;
        const from = formatDay(rand + Math.ceil(lo));
        const to = formatDay(rand + Math.floor(hi));
        out.push(issue(file, null, subjects.id[s], null, 'completeness.timepoint-missing', `timepoint ${tp.name}: no MRD sample that counts between ${from} and ${to} (month ${tp.month} ± ${tp.windowMonths}), though the subject was followed through that window without progression`));
      }
    }
  }
  return out;
}
