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
  const spans: { start: number; end: number; drug: string; open: boolean }[][] = Array.from({ length: subjects.n }, () => []);
  const ts = subjectOf(therapy, subjects);
  const cls = therapy.text.CLASS.codes;
  const antiCd38 = therapy.text.CLASS.codeMask((v) => (v ?? '').toUpperCase() === 'ANTI-CD38');
  for (let i = 0; i < therapy.n; i++) {
    if (!antiCd38[cls[i]]) continue;
    const open = Number.isNaN(therapy.num.ENDT[i]);
    spans[ts[i]].push({ start: therapy.num.STDT[i], end: open ? cutoffDay : therapy.num.ENDT[i], drug: therapy.text.DRUG.at(i)!, open });
  }
  const out: AntiCd38NgfFlag[] = [];
  const ms = subjectOf(mrd, subjects);
  const method = mrd.text.METHOD.codes;
  const ngf = mrd.text.METHOD.codeOf('NGF');
  for (let i = 0; i < mrd.n; i++) {
    if (method[i] !== ngf) continue;
    const day = mrd.num.COLLDT[i];
    const hit = spans[ms[i]].find((sp) => day >= sp.start && day <= sp.end + ANTI_CD38_WINDOW_DAYS);
    if (!hit) continue;
    out.push({
      subject: mrd.text.USUBJID.at(i)!,
      sample: mrd.text.SAMPLEID.at(i)!,
      line: mrd.line[i],
      collected: formatDay(day),
      drug: hit.drug,
      daysAfterEnd: hit.open ? null : day - hit.end,
    });
  }
  // content order (subject, date, sample), never file order
  return out.sort((x, y) => (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0) || (x.collected < y.collected ? -1 : x.collected > y.collected ? 1 : 0) || (x.sample < y.sample ? -1 : 1));
}
