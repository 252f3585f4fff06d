import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';
import type { SampleStatus } from './deriveSampleStatus.js';
import { REASONS, SECOND_METHOD_MISSING, SECOND_METHOD_MISSING_CODE, STATUS } from '../../model/status.js';
import { compareText } from '../../model/compareText.js';
import type { TextColumn } from '../ingest/textColumn.js';

/** Samples of the two methods collected this many days apart or less are one assessment (SPEC.md section 3). */
export const PAIR_WINDOW_DAYS = 7;

/**
 * MRD assessments of each subject, in date order, as columns. An assessment is one eligible sample, or
 * (for `both-negative` and `primary-then-secondary`) a primary-method sample paired with the nearest
 * sample of the other method within PAIR_WINDOW_DAYS. `start[s]..start[s+1]` are subject s's rows.
 */
export interface AssessmentFrame {
  n: number;
  /**
   * collection day of every mrd.csv row (its COLLDT column, not a copy: a copy per assessment took
   * 52 MB at 10^6 subjects); assessment k's date is that of its sample, `assessmentDay(frame, k)`
   */
  sampleDay: Float64Array;
  /** row in mrd.csv of the assessment's sample: the primary-method one when two are paired */
  sample: Int32Array;
  /**
   * row in mrd.csv of the other-method sample paired with `sample`, or -1; null when the rule never
   * pairs samples (every assessment is one sample: 26 MB less at 10^6 subjects)
   */
  partner: Int32Array | null;
  /** CSR offsets by subject (length subjects.n + 1) */
  start: Int32Array;
}

/** Date of assessment k (days since 1970-01-01): its sample's collection day. */
export function assessmentDay(frame: AssessmentFrame, k: number): number {
  return frame.sampleDay[frame.sample[k]];
}

/** The assessments of one threshold: a status and NE reason per row of the frame. */
export interface Assessments extends AssessmentFrame {
  threshold: number;
  status: Uint8Array;
  /** NE reason as its code in REASONS (combined reasons such as `A+B` included); 0 unless NE */
  reason: Uint8Array;
}

/**
 * Builds the assessment frame (threshold-independent): which eligible samples form one assessment
 * under `plan.mrd.combine`. Pairing is greedy by closeness in days, each sample used once, so it costs
 * O(n log n) overall (a sort, then a merge per subject).
 */
export function deriveAssessmentFrame(mrd: Table, exclusion: Uint8Array, subjects: Subjects, plan: Plan): AssessmentFrame {
  const pairs = plan.mrd.combine === 'both-negative' || plan.mrd.combine === 'primary-then-secondary';
  const { n, primary, secondary, start } = assessmentSamples(mrd, exclusion, subjects, plan.mrd.primaryMethod, pairs ? 'pairs' : 'single');
  const day = mrd.num.COLLDT;
  // the sample that dates (and, paired, decides first) each assessment: the primary one when present;
  // primary and secondary become sample and partner in place
  const sample = primary;
  let partner: Int32Array | null = null;
  if (secondary !== null) {
    partner = secondary;
    for (let k = 0; k < n; k++) {
      if (primary[k] !== -1) continue;
      sample[k] = secondary[k];
      partner[k] = -1;
    }
  }
  return { n, sampleDay: day, sample, partner, start };
}

/**
 * The primary- and other-method samples of each subject paired as `both-negative` pairs them, only the
 * pairs (both samples present), in subject and date order: what method concordance compares. The
 * output holds at most half the eligible samples, not an assessment per sample.
 */
export function pairedSamples(mrd: Table, exclusion: Uint8Array, subjects: Subjects, primaryMethod: string): { primary: Int32Array; secondary: Int32Array } {
  const { primary, secondary } = assessmentSamples(mrd, exclusion, subjects, primaryMethod, 'pairs-only');
  return { primary, secondary: secondary! };
}

/**
 * The samples of each assessment of deriveAssessmentFrame: primary- and other-method sample rows
 * (-1 when absent), grouped by subject (`start`), without the per-assessment date. `single`: one
 * assessment per sample, its row in `primary` whatever its method (`secondary` is null);
 * `pairs`: samples paired across methods; `pairs-only`: only the pairs (`start` then delimits each
 * subject's pairs). The arrays have exactly n entries.
 */
function assessmentSamples(
  mrd: Table,
  exclusion: Uint8Array,
  subjects: Subjects,
  primaryMethod: string,
  mode: 'single' | 'pairs' | 'pairs-only',
): { n: number; primary: Int32Array; secondary: Int32Array | null; start: Int32Array } {
  const subj = subjectOf(mrd, subjects);
  const day = mrd.num.COLLDT;
  const method = mrd.text.METHOD.codes;
  const primaryCode = mrd.text.METHOD.codeOf(primaryMethod);
  const pairs = mode !== 'single';

  // Each subject's eligible samples (see EligibleBySubject) are sorted by date, ties by SAMPLEID and
  // METHOD, never by file position, so that shuffled input rows give the same assessments.
  const eligible = new EligibleBySubject(subj, exclusion, subjects.n);
  const byDate = sampleOrder(mrd);

  // at most one assessment per eligible sample (one pair per two): the output is allocated once, and
  // neither the common case (primary-only or either-negative) nor pairing builds per-subject arrays
  const size = mode === 'pairs-only' ? eligible.count >> 1 : eligible.count;
  const outP = new Int32Array(size);
  const outQ = pairs ? new Int32Array(size) : null;
  let n = 0;
  const frameStart = new Int32Array(subjects.n + 1);
  const pairing = pairs ? new SubjectPairing(day) : null;
  const isPrimary = (i: number) => method[i] === primaryCode;
  for (let s = 0; s < subjects.n; s++) {
    const m = eligible.take(s);
    const mine = eligible.rows;
    sortRange(mine, 0, m, day, byDate);
    if (pairing === null) {
      for (let k = 0; k < m; k++) outP[n++] = mine[k];
    } else {
      n = pairing.pair(mine, 0, m, isPrimary, outP, outQ!, n, mode === 'pairs-only');
    }
    frameStart[s + 1] = n;
  }

  // without pairing every eligible sample is one assessment: the arrays are full, nothing to copy
  const primary = n === outP.length ? outP : outP.slice(0, n);
  const secondary = outQ === null || n === outQ.length ? outQ : outQ.slice(0, n);
  return { n, primary, secondary, start: frameStart };
}

/**
 * The rows with exclusion code 0 of each subject, subject after subject in index order, in file
 * order within a subject: `take(s)` puts subject s's rows in `rows[0..count)`. When the eligible rows
 * already come grouped by subject in index order (mrd.csv sorted by subject), they are read off the
 * file in one sweep; otherwise they are grouped once by a counting sort (CSR offsets and rows), which
 * costs an array of 10^7 rows at 10^6 subjects.
 */
class EligibleBySubject {
  /** eligible rows in all */
  readonly count: number;
  /** the rows of the subject last taken, from 0 */
  rows = new Int32Array(16);
  private readonly grouped: { start: Int32Array; rows: Int32Array } | null;
  private at = 0;

  constructor(
    private readonly subj: Int32Array,
    private readonly exclusion: Uint8Array,
    nSubjects: number,
  ) {
    let count = 0;
    let inOrder = true;
    let last = -1;
    for (let i = 0; i < subj.length; i++) {
      if (exclusion[i] !== 0) continue;
      count++;
      if (subj[i] < last) inOrder = false;
      last = subj[i];
    }
    this.count = count;
    this.grouped = inOrder ? null : groupBySubject(subj, exclusion, nSubjects);
  }

  /** Subject s's rows into `rows`; returns how many. Subjects must be taken in index order. */
  take(s: number): number {
    if (this.grouped !== null) {
      const { start, rows } = this.grouped;
      const m = start[s + 1] - start[s];
      if (this.rows.length < m) this.rows = new Int32Array(m);
      this.rows.set(rows.subarray(start[s], start[s + 1]));
      return m;
    }
    const { subj, exclusion } = this;
    let m = 0;
    while (this.at < subj.length) {
      const i = this.at;
      if (exclusion[i] === 0) {
        if (subj[i] !== s) break;
        if (m === this.rows.length) {
          const bigger = new Int32Array(2 * m);
          bigger.set(this.rows);
          this.rows = bigger;
        }
        this.rows[m++] = i;
      }
      this.at++;
    }
    return m;
  }
}

/** The rows with exclusion code 0, grouped by subject (counting sort, file order within a subject): CSR offsets and rows. */
function groupBySubject(subj: Int32Array, exclusion: Uint8Array, nSubjects: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(nSubjects + 1);
  for (let i = 0; i < subj.length; i++) if (exclusion[i] === 0) start[subj[i] + 1]++;
  for (let s = 0; s < nSubjects; s++) start[s + 1] += start[s];
  const next = start.slice(0, nSubjects);
  const rows = new Int32Array(start[nSubjects]);
  for (let i = 0; i < subj.length; i++) if (exclusion[i] === 0) rows[next[subj[i]]++] = i;
  return { start, rows };
}

/**
 * The order of samples within a subject: by collection date, then SAMPLEID, then METHOD (the order of
 * the keys `${SAMPLEID}\u0000${METHOD}`: a SAMPLEID that is a prefix of another sorts first either
 * way), without building a string per comparison.
 */
function sampleOrder(mrd: Table): (a: number, b: number) => number {
  const day = mrd.num.COLLDT;
  const method = mrd.text.METHOD;
  const methodCodes = method.codes;
  const sampleId = textOrder(mrd.text.SAMPLEID);
  return (a, b) => day[a] - day[b] || sampleId(a, b) || (methodCodes[a] === methodCodes[b] ? 0 : compareText(method.at(a)!, method.at(b)!));
}

/**
 * compareText of the texts of two rows of a column. A column held as UTF-8 bytes (SAMPLEID at scale)
 * is compared byte by byte up to the first difference: where both differing bytes are ASCII the
 * common prefix is whole characters, so the byte order is the UTF-16 order; otherwise (and for
 * dictionary columns) the texts themselves are compared.
 */
function textOrder(column: TextColumn): (a: number, b: number) => number {
  const bytes = column.bytes;
  const byText = (a: number, b: number) => compareText(column.at(a)!, column.at(b)!);
  if (bytes === null) return byText;
  const { pool, from, to } = bytes;
  return (a, b) => {
    const sa = from[a];
    const sb = from[b];
    if (sa < 0 || sb < 0) return byText(a, b);
    const la = to[a] - sa;
    const lb = to[b] - sb;
    const m = la < lb ? la : lb;
    for (let k = 0; k < m; k++) {
      const ca = pool[sa + k];
      const cb = pool[sb + k];
      if (ca !== cb) return ca < 0x80 && cb < 0x80 ? (ca < cb ? -1 : 1) : byText(a, b);
    }
    return la === lb ? 0 : la < lb ? -1 : 1;
  };
}

/**
 * Sorts rows[from..to) by `order` (which orders by `day` first), stably. A subject's samples are few
 * and usually in date order already (mrd.csv lists visits in order): an insertion sort in place then
 * costs one comparison of days per sample, `order` being called only for samples of the same day;
 * many samples take Array.sort.
 */
function sortRange(rows: Int32Array, from: number, to: number, day: Float64Array, order: (a: number, b: number) => number): void {
  if (to - from > 32) {
    rows.set(Array.from(rows.subarray(from, to)).sort(order), from);
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const x = rows[k];
    const dx = day[x];
    let j = k - 1;
    while (j >= from && (day[rows[j]] > dx || (day[rows[j]] === dx && order(rows[j], x) > 0))) {
      rows[j + 1] = rows[j];
      j--;
    }
    rows[j + 1] = x;
  }
}

/**
 * Pairs each subject's primary-method samples with samples of the other method within
 * PAIR_WINDOW_DAYS: candidate pairs closest first (ties by primary, then secondary position), each
 * sample in at most one pair; the assessments (pairs, lone primaries, lone secondaries) in date order.
 * Scratch arrays are kept between subjects and grow when a subject needs more, so that 10^6 subjects
 * allocate nothing per subject.
 */
class SubjectPairing {
  private prim = new Int32Array(16);
  private sec = new Int32Array(16);
  private partner = new Int32Array(16);
  private used = new Uint8Array(16);
  private candDist = new Float64Array(16);
  private candA = new Int32Array(16);
  private candB = new Int32Array(16);

  constructor(private readonly day: Float64Array) {}

  /**
   * Writes the assessments of the (date-sorted) samples rows[from..to) at outP/outQ[n..], or with
   * `pairsOnly` only those with both samples; returns the new n.
   */
  pair(rows: Int32Array, from: number, to: number, isPrimary: (i: number) => boolean, outP: Int32Array, outQ: Int32Array, n: number, pairsOnly: boolean): number {
    const day = this.day;
    const size = to - from;
    if (this.prim.length < size) this.growSamples(size);
    const { prim, sec, partner, used } = this;
    let np = 0;
    let ns = 0;
    for (let k = from; k < to; k++) {
      const i = rows[k];
      if (isPrimary(i)) {
        partner[np] = -1;
        prim[np++] = i;
      } else {
        used[ns] = 0;
        sec[ns++] = i;
      }
    }
    // candidate pairs within the window, generated by primary then secondary position
    let nc = 0;
    let lo = 0;
    for (let a = 0; a < np && ns > 0; a++) {
      const d = day[prim[a]];
      while (lo < ns && day[sec[lo]] < d - PAIR_WINDOW_DAYS) lo++;
      for (let b = lo; b < ns && day[sec[b]] <= d + PAIR_WINDOW_DAYS; b++) {
        if (nc === this.candA.length) this.growCandidates(2 * nc);
        this.candDist[nc] = Math.abs(day[sec[b]] - d);
        this.candA[nc] = a;
        this.candB[nc] = b;
        nc++;
      }
    }
    this.sortCandidates(nc);
    for (let c = 0; c < nc; c++) {
      const a = this.candA[c];
      const b = this.candB[c];
      if (partner[a] !== -1 || used[b]) continue;
      partner[a] = b;
      used[b] = 1;
    }
    // Assessments in date order: primaries (with their partner) and unpaired secondaries sorted by the
    // sample order, primaries first on a tie, which is the order of the samples in rows[from..to)
    // (already sorted by that order; a primary and a secondary sample never tie, their METHOD differs).
    let a = 0;
    let b = 0;
    for (let k = from; k < to; k++) {
      if (isPrimary(rows[k])) {
        if (!pairsOnly || partner[a] !== -1) {
          outP[n] = prim[a];
          outQ[n] = partner[a] === -1 ? -1 : sec[partner[a]];
          n++;
        }
        a++;
      } else {
        if (!used[b] && !pairsOnly) {
          outP[n] = -1;
          outQ[n] = sec[b];
          n++;
        }
        b++;
      }
    }
    return n;
  }

  /** Candidates by (distance, primary, secondary): they were generated by (primary, secondary), so a stable sort by distance. */
  private sortCandidates(nc: number): void {
    const dist = this.candDist;
    const ca = this.candA;
    const cb = this.candB;
    if (nc > 32) {
      const order = Array.from({ length: nc }, (_, c) => c).sort((x, y) => dist[x] - dist[y] || ca[x] - ca[y] || cb[x] - cb[y]);
      const d2 = Float64Array.from(order, (c) => dist[c]);
      const a2 = Int32Array.from(order, (c) => ca[c]);
      const b2 = Int32Array.from(order, (c) => cb[c]);
      dist.set(d2);
      ca.set(a2);
      cb.set(b2);
      return;
    }
    for (let k = 1; k < nc; k++) {
      const d = dist[k];
      const a = ca[k];
      const b = cb[k];
      let j = k - 1;
      while (j >= 0 && dist[j] > d) {
        dist[j + 1] = dist[j];
        ca[j + 1] = ca[j];
        cb[j + 1] = cb[j];
        j--;
      }
      dist[j + 1] = d;
      ca[j + 1] = a;
      cb[j + 1] = b;
    }
  }

  private growSamples(size: number): void {
    this.prim = new Int32Array(size);
    this.sec = new Int32Array(size);
    this.partner = new Int32Array(size);
    this.used = new Uint8Array(size);
  }

  private growCandidates(size: number): void {
    const grow = <T extends Float64Array | Int32Array>(old: T, bigger: T): T => {
      bigger.set(old);
      return bigger;
    };
    this.candDist = grow(this.candDist, new Float64Array(size));
    this.candA = grow(this.candA, new Int32Array(size));
    this.candB = grow(this.candB, new Int32Array(size));
  }
}

export { SECOND_METHOD_MISSING };

/**
 * Status of each assessment at one threshold under `plan.mrd.combine`:
 * - primary-only / either-negative: the sample's own status;
 * - both-negative: NEG only when both methods are NEG; POS when either is POS; NE otherwise (a lone
 *   negative is NE `SECOND_METHOD_MISSING`);
 * - primary-then-secondary: the primary sample's status when it is NEG or POS, else the paired
 *   secondary sample's when that is evaluable, else NE with the primary's reason.
 */
export function deriveAssessmentStatus(frame: AssessmentFrame, sample: SampleStatus, plan: Plan): Assessments {
  const status = new Uint8Array(frame.n);
  const reason = new Uint8Array(frame.n);
  const rule = plan.mrd.combine;
  const evaluable = (st: number) => st === STATUS.NEG || st === STATUS.POS;
  const bothNegative = rule === 'both-negative';
  for (let k = 0; k < frame.n; k++) {
    const p = frame.sample[k];
    const q = frame.partner === null ? -1 : frame.partner[k];
    let st: number;
    let why = 0;
    if (q === -1) {
      // one sample (every assessment unless the rule pairs methods)
      st = sample.status[p];
      why = sample.reason[p];
      if (bothNegative && st === STATUS.NEG) {
        st = STATUS.NE;
        why = SECOND_METHOD_MISSING_CODE;
      }
      status[k] = st;
      reason[k] = st === STATUS.NE ? why : 0;
      continue;
    }
    const ps = sample.status[p];
    const qs = sample.status[q];
    const pr = sample.reason[p];
    const qr = sample.reason[q];
    if (bothNegative) {
      if (ps === STATUS.POS || qs === STATUS.POS) st = STATUS.POS;
      else if (ps === STATUS.NEG && qs === STATUS.NEG) st = STATUS.NEG;
      else {
        st = STATUS.NE;
        why = REASONS.join(pr, qr); // `${pr}+${qr}`, or the one present
      }
    } else if (evaluable(ps)) {
      st = ps;
    } else if (evaluable(qs)) {
      st = qs;
    } else {
      st = STATUS.NE;
      why = pr;
    }
    status[k] = st;
    reason[k] = st === STATUS.NE ? why : 0;
  }
  return { ...frame, threshold: sample.threshold, status, reason };
}
