import { formatDay } from '../ingest/dates.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';

/** Days after the end of anti-CD38 therapy during which NGF can still be affected (SPEC.md section 3). */
export const ANTI_CD38_WINDOW_DAYS = 180;

export interface AntiCd38NgfFlag {
  subject: string;
  sample: string;
  line: number;
  collected: string;
  drug: string;
  /** days from the end of the therapy to the collection; negative while on therapy */
  daysAfterEnd: number | null;
}

/**
 * NGF samples collected during anti-CD38 therapy or within 180 days of its end (therapy.csv CLASS =
 * ANTI-CD38; an empty ENDT means ongoing): the antibody can mask CD38, the backbone marker of NGF
 * plasma-cell gating (CDE guideline section 2; EuroFlow uses a multi-epitope CD38 reagent for this
 * reason). The samples are flagged, not excluded.
 */
export function deriveAntiCd38NgfFlags(mrd: Table, therapy: Table, subjects: Subjects, cutoffDay: number): AntiCd38NgfFlag[] {
  const spans = antiCd38Spans(therapy, subjects, cutoffDay);
  const out: AntiCd38NgfFlag[] = [];
  if (spans.row.length === 0) return out;
  const ms = subjectOf(mrd, subjects);
  const method = mrd.text.METHOD.codes;
  const ngf = mrd.text.METHOD.codeOf('NGF');
  for (let i = 0; i < mrd.n; i++) {
    if (method[i] !== ngf) continue;
    const day = mrd.num.COLLDT[i];
    // the subject's first span (in therapy.csv order) that covers the day
    let hit = -1;
    for (let k = spans.start[ms[i]]; k < spans.start[ms[i] + 1] && hit < 0; k++) {
      if (day >= spans.from[k] && day <= spans.to[k] + ANTI_CD38_WINDOW_DAYS) hit = k;
    }
    if (hit < 0) continue;
    const open = Number.isNaN(therapy.num.ENDT[spans.row[hit]]);
    out.push({
      subject: mrd.text.USUBJID.at(i)!,
      sample: mrd.text.SAMPLEID.at(i)!,
      line: mrd.line[i],
      collected: formatDay(day),
      drug: therapy.text.DRUG.at(spans.row[hit])!,
      daysAfterEnd: open ? null : day - spans.to[hit],
    });
  }
  // content order (subject, date, sample), never file order
  return out.sort((x, y) => (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0) || (x.collected < y.collected ? -1 : x.collected > y.collected ? 1 : 0) || (x.sample < y.sample ? -1 : 1));
}

/**
 * The anti-CD38 therapy spans of each subject, in therapy.csv order, as columns grouped by subject
 * (`start[s]..start[s+1]`): therapy row, first day, last day (the cut-off while ongoing). Grouped
 * with a counting sort, so that a study with 10^6 subjects builds no array per subject.
 */
function antiCd38Spans(therapy: Table, subjects: Subjects, cutoffDay: number): { start: Int32Array; row: Int32Array; from: Float64Array; to: Float64Array } {
  const cls = therapy.text.CLASS.codes;
  const antiCd38 = therapy.text.CLASS.codeMask((v) => (v ?? '').toUpperCase() === 'ANTI-CD38');
  const ts = subjectOf(therapy, subjects);
  const start = new Int32Array(subjects.n + 1);
  for (let i = 0; i < therapy.n; i++) if (antiCd38[cls[i]]) start[ts[i] + 1]++;
  for (let s = 0; s < subjects.n; s++) start[s + 1] += start[s];
  const m = start[subjects.n];
  const row = new Int32Array(m);
  const from = new Float64Array(m);
  const to = new Float64Array(m);
  const next = start.slice(0, subjects.n);
  for (let i = 0; i < therapy.n; i++) {
    if (!antiCd38[cls[i]]) continue;
    const k = next[ts[i]]++;
    row[k] = i;
    from[k] = therapy.num.STDT[i];
    to[k] = Number.isNaN(therapy.num.ENDT[i]) ? cutoffDay : therapy.num.ENDT[i];
  }
  return { start, row, from, to };
}
