import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { formatDay } from '../ingest/dates.js';
import { subjectOf, type Subjects } from '../derive/deriveSubjects.js';
import { LOD_SOURCE, type SampleSensitivity } from '../derive/deriveSampleSensitivity.js';
import { reachesThreshold } from '../derive/deriveSampleStatus.js';
import { thresholdLabel } from '../../model/threshold.js';
import { issue, type Issue } from './issues.js';

/** Days after the last anti-CD38 dose during which NGF CD38 gating may be masked (SPEC.md section 3). */
export const ANTI_CD38_WINDOW_DAYS = 180;

const ANTI_CD38 = /^ANTI[-_ ]?CD38$/;

export function isAntiCd38(cls: string | null): boolean {
  return cls !== null && ANTI_CD38.test(cls.trim().toUpperCase());
}

/** `2.2e-5`: three significant digits, enough to compare with a threshold. */
export function sci(v: number): string {
  return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

function count(v: number): string {
  return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How the achieved LOD of a sample was obtained, for the messages. */
function lodHow(i: number, mrd: Table, sens: SampleSensitivity, plan: Plan): string {
  const src = LOD_SOURCE[sens.source[i]];
  const c = sens.cells[i];
  switch (src) {
    case 'LAB_LOD':
      return 'lab-reported LOD';
    case 'NGF_EVENTS':
      return `NGF: ${plan.mrd.ngf.lodEvents} events / ${count(c)} cells`;
    case 'NGS_CELLS':
      return `NGS: ${plan.mrd.ngs.lodCells} cell(s) / ${count(c)} cells`;
    case 'NGS_DNA':
      return `NGS: ${plan.mrd.ngs.lodCells} cell(s) / ${count(c)} cells from ${mrd.num.DNANG[i]} ng DNA at ${plan.mrd.ngs.dnaPerCellPg} pg/cell`;
    default:
      return 'no LOD';
  }
}

/** Anti-CD38 exposure windows per subject: [STDT, (ENDT or the cut-off) + 180 days]. */
function antiCd38Windows(therapy: Table, subjects: Subjects, cutoffDay: number): Map<number, [number, number, string][]> {
  const out = new Map<number, [number, number, string][]>();
  const ts = subjectOf(therapy, subjects);
  const cls = therapy.text.CLASS.codes;
  const antiCd38 = therapy.text.CLASS.codeMask(isAntiCd38);
  for (let i = 0; i < therapy.n; i++) {
    if (!antiCd38[cls[i]]) continue;
    const start = therapy.num.STDT[i];
    const endRaw = therapy.num.ENDT[i];
    const end = Number.isNaN(endRaw) ? cutoffDay : Math.max(endRaw, start);
    const list = out.get(ts[i]) ?? [];
    list.push([start, end + ANTI_CD38_WINDOW_DAYS, `${therapy.text.DRUG.at(i)} from ${formatDay(start)} to ${Number.isNaN(endRaw) ? `the cut-off (ongoing)` : formatDay(endRaw)}`]);
    out.set(ts[i], list);
  }
  return out;
}

/**
 * Quality of each MRD result (every usable row of mrd.csv, whatever specimen, lab or date: the checks
 * are about the lab's data, not about whether the analysis uses the sample):
 * - MRDLEVEL must be a fraction in (0, 1]; a POSITIVE needs a level; a NEGATIVE with a level at or
 *   above the primary threshold contradicts itself;
 * - a negative call (NEGATIVE, or POSITIVE below the primary threshold) needs an achieved LOD that
 *   reaches the primary threshold; a lab LOD below one cell among those evaluated is impossible;
 * - NGF positives below the LLOQ (`lloqEvents / CELLS`) are detected but not quantifiable;
 * - hemodiluted negatives; NGS negatives without an identified baseline clone; failures without reason;
 * - NGF stability: PROCDTM later than `maxHoursToProcessing` after the END of the collection day
 *   (COLLDT has no time, so the delay is measured from the latest possible collection time and a flag
 *   is never raised falsely; delays up to 24 h longer than the limit can go unflagged);
 * - NGF samples (NEGATIVE or POSITIVE) collected during or within 180 days after anti-CD38 therapy.
 */
export function checkMrdQuality(tables: StudyTables, subjects: Subjects, sens: SampleSensitivity, plan: Plan): Issue[] {
  const out: Issue[] = [];
  const m = tables.mrd;
  const T = plan.mrd.primaryThreshold;
  const tLabel = thresholdLabel(T);
  const maxHours = plan.mrd.ngf.maxHoursToProcessing;
  const ms = subjectOf(m, subjects);
  const cd38 = antiCd38Windows(tables.therapy, subjects, plan.cutoffDay);
  // codes of the values the checks test, looked up once (-1 when no row holds the value)
  const methods = m.text.METHOD.codes;
  const NGF = m.text.METHOD.codeOf('NGF');
  const NGS = m.text.METHOD.codeOf('NGS');
  const results = m.text.RESULT.codes;
  const NEGATIVE = m.text.RESULT.codeOf('NEGATIVE');
  const POSITIVE = m.text.RESULT.codeOf('POSITIVE');
  const FAILED = m.text.RESULT.codeOf('FAILED');
  const NOT_DONE = m.text.RESULT.codeOf('NOT DONE');
  const hemodil = m.text.HEMODIL.codes;
  const HEMODILUTED = m.text.HEMODIL.codeOf('Y');
  const clones = m.text.CLONEID.codes;
  const CLONE_NO = m.text.CLONEID.codeOf('N');
  const CLONE_EMPTY = m.text.CLONEID.codeOf(null);
  const failrsn = m.text.FAILRSN.codes;
  const noReason = m.text.FAILRSN.codeMask((v) => v === null);

  let i = 0;
  // one function for every row, not a closure per row (10^7 rows at 10^6 subjects)
  const at = (rule: string, message: string) => out.push(issue(m.file, m.line[i], m.text.USUBJID.at(i), m.text.SAMPLEID.at(i), rule, message));
  for (; i < m.n; i++) {
    const method = methods[i];
    const result = results[i];
    const level = m.num.MRDLEVEL[i];
    const hasLevel = !Number.isNaN(level);
    const lod = sens.lod[i];
    const cells = sens.cells[i];

    let levelOk = true;
    if (hasLevel && (level > 1 || (level === 0 && result === POSITIVE))) {
      levelOk = false;
      at('mrd.level-out-of-range', `MRDLEVEL ${level} is not a fraction of cells in (0, 1]${level > 1 ? ' (was it written as a percentage?)' : ' on a POSITIVE result'}`);
    } else if (hasLevel && level === 0) {
      at('mrd.level-zero-negative', `MRDLEVEL 0 on a ${m.text.RESULT.at(i)} result: leave MRDLEVEL empty when no clone is detected`);
    }
    if (result === POSITIVE && !hasLevel)
      at('mrd.positive-no-level', 'POSITIVE without MRDLEVEL: counted positive at every threshold; ask the lab for the level');
    const contradictory = result === NEGATIVE && hasLevel && levelOk && level >= T;
    if (contradictory)
      at('mrd.negative-with-level', `NEGATIVE but MRDLEVEL ${sci(level)} is at or above the primary threshold ${tLabel}: the analysis counts it positive`);

    // the negative call at the primary threshold depends on the achieved sensitivity
    const negativeCall = (result === NEGATIVE && !contradictory) || (result === POSITIVE && hasLevel && levelOk && level < T);
    if (negativeCall) {
      if (Number.isNaN(lod)) at('mrd.sensitivity-unknown', `${m.text.RESULT.at(i)} without CELLS, DNANG or LOD: the achieved sensitivity is unknown, so it is not evaluable at any threshold`);
      else if (!reachesThreshold(lod, T))
        at('mrd.sensitivity-below-primary', `achieved LOD ${sci(lod)} (${lodHow(i, m, sens, plan)}) does not reach the primary threshold ${tLabel}: not evaluable at ${tLabel}`);
    }
    if (LOD_SOURCE[sens.source[i]] === 'LAB_LOD' && cells > 0 && lod < (1 / cells) * (1 - 1e-9))
      at('mrd.lod-below-one-cell', `lab LOD ${sci(lod)} is below one cell in ${count(cells)} (${sci(1 / cells)}): check LOD and CELLS`);
    if (method === NGF && result === POSITIVE && hasLevel && levelOk && level > 0 && cells > 0) {
      const lloq = plan.mrd.ngf.lloqEvents / cells;
      if (level < lloq) at('mrd.level-below-lloq', `MRDLEVEL ${sci(level)} is below the LLOQ ${sci(lloq)} (${plan.mrd.ngf.lloqEvents} events / ${count(cells)} cells): detected but not quantifiable`);
    }
    if (result === NEGATIVE && hemodil[i] === HEMODILUTED)
      at('mrd.hemodiluted-negative', `hemodiluted negative: ${plan.mrd.hemodilutedNegative === 'not-evaluable' ? 'not evaluable under the plan' : 'counted negative under the plan (hemodilutedNegative: negative)'}; ask whether a first-pull aspirate exists`);
    if (method === NGS && result === NEGATIVE) {
      const clone = clones[i];
      if (clone === CLONE_NO) at('mrd.ngs-no-clone', 'NGS NEGATIVE with CLONEID = N: no baseline clone was identified, so the negative cannot be interpreted');
      else if (clone === CLONE_EMPTY) at('mrd.ngs-clone-unknown', 'NGS NEGATIVE with CLONEID empty: confirm that a baseline clone was identified');
    }
    if (result === FAILED && noReason[failrsn[i]]) at('mrd.failed-no-reason', 'FAILED without FAILRSN: ask the lab for the failure reason');
    if (method === NGF && result !== NOT_DONE) {
      const proc = m.num.PROCDTM[i];
      if (Number.isNaN(proc)) at('mrd.ngf-processing-time-missing', 'NGF sample without PROCDTM: the time to processing cannot be checked');
      else {
        const hours = (proc - (m.num.COLLDT[i] + 1) * 1440) / 60;
        if (hours > maxHours)
          at('mrd.ngf-processing-late', `processed at least ${Math.round(hours * 10) / 10} h after collection (counted from the end of the collection day ${formatDay(m.num.COLLDT[i])}); limit ${maxHours} h`);
      }
    }
    if (method === NGF && (result === NEGATIVE || result === POSITIVE)) {
      const day = m.num.COLLDT[i];
      const hit = (cd38.get(ms[i]) ?? []).find(([a, b]) => day >= a && day <= b);
      if (hit)
        at('mrd.anti-cd38-masking', `NGF sample collected ${formatDay(day)}, during or within ${ANTI_CD38_WINDOW_DAYS} days after anti-CD38 therapy (${hit[2]}): CD38 gating may be masked; confirm the lab used a multi-epitope CD38 reagent`);
    }
  }
  return out;
}

export interface SensitivityRow {
  method: string;
  threshold: number;
  /** NEGATIVE results of this method */
  negatives: number;
  /** achieved LOD reaches the threshold */
  lodReached: number;
  lodNotReached: number;
  /** no cells, DNA or LOD */
  lodUnknown: number;
  /** NGF only: the LLOQ (lloqEvents / cells) reaches the threshold; null for NGS */
  lloqReached: number | null;
}

export interface LodSourceRow {
  method: string;
  source: string;
  samples: number;
}

/**
 * Achieved sensitivity of the NEGATIVE results against each plan threshold, by method (NGF: LOD from
 * lodEvents, LLOQ from lloqEvents; NGS: cells from DNA when CELLS is empty), and where each LOD came from.
 */
export function sensitivitySummary(mrd: Table, sens: SampleSensitivity, plan: Plan): { sensitivity: SensitivityRow[]; lodSources: LodSourceRow[] } {
  const sensitivity: SensitivityRow[] = [];
  const methods = mrd.text.METHOD.codes;
  const results = mrd.text.RESULT.codes;
  const NEGATIVE = mrd.text.RESULT.codeOf('NEGATIVE');
  // samples by method code and LOD source, then by method text and source name
  const S = LOD_SOURCE.length;
  const bySource = new Int32Array(mrd.text.METHOD.dict.length * S);
  for (let i = 0; i < mrd.n; i++) bySource[methods[i] * S + sens.source[i]]++;
  const sources = new Map<string, number>();
  mrd.text.METHOD.dict.forEach((method, c) => {
    for (let k = 0; k < S; k++) {
      if (bySource[c * S + k] === 0) continue;
      const key = `${method}\u0000${LOD_SOURCE[k]}`;
      sources.set(key, (sources.get(key) ?? 0) + bySource[c * S + k]);
    }
  });
  // one pass over the samples for both methods and every threshold: per (method, threshold) the
  // negatives, LOD reached, not reached, unknown, LLOQ reached
  const thresholds = plan.mrd.thresholds;
  const T = thresholds.length;
  const counted = ['NGF', 'NGS'];
  const codes = counted.map((method) => mrd.text.METHOD.codeOf(method));
  const tally = new Int32Array(counted.length * T * 5);
  for (let i = 0; i < mrd.n; i++) {
    if (results[i] !== NEGATIVE) continue;
    const k = codes.indexOf(methods[i]);
    if (k < 0) continue;
    const lod = sens.lod[i];
    const cells = sens.cells[i];
    for (let t = 0; t < T; t++) {
      const at = (k * T + t) * 5;
      tally[at]++;
      if (Number.isNaN(lod)) tally[at + 3]++;
      else if (reachesThreshold(lod, thresholds[t])) tally[at + 1]++;
      else tally[at + 2]++;
      if (k === 0 && cells > 0 && reachesThreshold(plan.mrd.ngf.lloqEvents / cells, thresholds[t])) tally[at + 4]++;
    }
  }
  counted.forEach((method, k) =>
    thresholds.forEach((t, j) => {
      const at = (k * T + j) * 5;
      sensitivity.push({
        method,
        threshold: t,
        negatives: tally[at],
        lodReached: tally[at + 1],
        lodNotReached: tally[at + 2],
        lodUnknown: tally[at + 3],
        lloqReached: method === 'NGF' ? tally[at + 4] : null,
      });
    }),
  );
  const lodSources = [...sources.entries()]
    .map(([k, samples]) => {
      const [method, source] = k.split('\u0000');
      return { method, source, samples };
    })
    .sort((a, b) => (a.method === b.method ? LOD_SOURCE.indexOf(a.source as never) - LOD_SOURCE.indexOf(b.source as never) : a.method < b.method ? -1 : 1));
  return { sensitivity, lodSources };
}
